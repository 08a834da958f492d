// Package keyringtest has a fake keyring.Store for tests.
package keyringtest

import (
	"sync"

	"github.com/twofoldmfa/twofold/token/keyring"
)

// Fake is a keyring held in memory. Err, when set, is what every call
// returns (a keyring that is not there, or locked).
type Fake struct {
	mu      sync.Mutex
	Entries map[string][]byte
	Err     error
}

// Get returns the entry item.
func (f *Fake) Get(item string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return nil, f.Err
	}
	b, ok := f.Entries[item]
	if !ok {
		return nil, keyring.ErrNotFound
	}
	return append([]byte(nil), b...), nil
}

// Set stores the entry item.
func (f *Fake) Set(item string, secret []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	if f.Entries == nil {
		f.Entries = map[string][]byte{}
	}
	f.Entries[item] = append([]byte(nil), secret...)
	return nil
}

// Delete removes the entry item.
func (f *Fake) Delete(item string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Err != nil {
		return f.Err
	}
	if _, ok := f.Entries[item]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.Entries, item)
	return nil
}
