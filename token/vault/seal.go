package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// errSealUsed is returned when a sealer is asked to seal twice.
var errSealUsed = errors.New("internal: an encryption was used twice")

// sealer is an age encryption made ready ahead of the data: the key
// derivation (scrypt) is done and the header written, the payload not
// yet. Preparing one is the slow part of a save, so it runs outside the
// vault's lock and survives a reload after another writer's save; sealing
// is fast and happens under the lock. Each sealer seals once: a fresh
// file key and payload nonce per file, as age requires.
type sealer struct {
	workFactor int
	out        bytes.Buffer
	w          io.WriteCloser
}

// newSealer derives a key from passphrase at workFactor (log2 N) with a
// fresh salt and file key.
func newSealer(passphrase string, workFactor int) (*sealer, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing encryption: %w", err)
	}
	r.SetWorkFactor(workFactor)
	defer releaseKDFMemory(workFactor) // age.Encrypt runs the KDF
	s := &sealer{workFactor: workFactor}
	if s.w, err = age.Encrypt(&s.out, r); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	return s, nil
}

// seal encrypts data and returns the vault file's bytes.
func (s *sealer) seal(data Data) ([]byte, error) {
	if s.w == nil {
		return nil, errSealUsed
	}
	w := s.w
	s.w = nil
	plain, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encoding vault: %w", err)
	}
	defer clear(plain)
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	return s.out.Bytes(), nil
}
