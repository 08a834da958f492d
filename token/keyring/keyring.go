// Package keyring keeps the keys of a vault's keyring ways in the
// operating system's keyring: the Secret Service on Linux (D-Bus), the
// Keychain on macOS, the Credential Manager on Windows, through
// github.com/zalando/go-keyring, which no other package imports. An
// entry holds one random key (its base64), under the service Service and
// the entry's name; never a passphrase or a seed (see token/vault, "Ways
// in"). keyringtest has a fake Store for tests.
package keyring

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// Service is the name entries are kept under.
const Service = "Twofold vault"

// Errors, for errors.Is.
var (
	// ErrNotFound is returned when the keyring has no such entry (one
	// deleted behind Twofold's back).
	ErrNotFound = errors.New("the keyring has no such entry")
	// ErrUnavailable is returned when there is no keyring to ask (no
	// D-Bus session, no Secret Service), when it refused (locked), or
	// when it did not answer within Timeout.
	ErrUnavailable = errors.New("the desktop keyring is not available")
	// ErrNotAKey is returned for an entry that holds something else.
	ErrNotAKey = errors.New("the keyring entry does not hold a key")
)

// Store is a keyring.
type Store interface {
	Get(item string) ([]byte, error)
	Set(item string, secret []byte) error
	Delete(item string) error
}

// Timeout bounds each call to the operating system's keyring: a locked
// keyring may wait for an unlock prompt nobody can answer.
var Timeout = 10 * time.Second

// OS is the operating system's keyring.
type OS struct{}

// Get returns the key the entry item holds.
func (OS) Get(item string) ([]byte, error) {
	var text string
	err := within(func() (err error) { text, err = gokeyring.Get(Service, item); return err })
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, ErrNotAKey
	}
	return b, nil
}

// Set stores secret as the entry item, replacing any entry of that name.
func (OS) Set(item string, secret []byte) error {
	return within(func() error { return gokeyring.Set(Service, item, base64.StdEncoding.EncodeToString(secret)) })
}

// Delete removes the entry item; a missing one is ErrNotFound.
func (OS) Delete(item string) error {
	return within(func() error { return gokeyring.Delete(Service, item) })
}

// within runs fn, giving up after Timeout, and sorts its errors.
func within(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		switch {
		case err == nil:
			return nil
		case errors.Is(err, gokeyring.ErrNotFound):
			return ErrNotFound
		default:
			return fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
	case <-time.After(Timeout):
		return fmt.Errorf("%w: no answer within %v", ErrUnavailable, Timeout)
	}
}
