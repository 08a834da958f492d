package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzDecryptSlots feeds mangled vault files with slots to the reader,
// opened by the passphrase and by a keyring key: it must never panic,
// and every failure must be one of the documented errors.
func FuzzDecryptSlots(f *testing.F) {
	secret := bytes.Repeat([]byte{3}, KeyringSecretSize)
	path := filepath.Join(f.TempDir(), "vault.age")
	v, err := Create(path, testPassphrase)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := v.Data.AddSeed(testSeed("alice"), time.Time{}); err != nil {
		f.Fatal(err)
	}
	if err := v.AddKeyring("fuzz", secret); err != nil {
		f.Fatal(err)
	}
	if err := v.AddYubiKey(newSoftKey(f).way(7)); err != nil {
		f.Fatal(err)
	}
	if err := v.Save(); err != nil {
		f.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, key := range []Key{Passphrase(testPassphrase), KeyringKey("fuzz", secret)} {
			u, err := unseal(raw, key)
			if err == nil {
				if u.Data.Version < 1 || u.Data.Version > SchemaVersion {
					t.Fatalf("accepted schema version %d", u.Data.Version)
				}
				continue
			}
			known := false
			for _, e := range []error{ErrCorrupt, ErrWrongPassphrase, ErrWorkFactor, ErrNewerVersion, ErrNoSuchWay, ErrWrongKey} {
				known = known || errors.Is(err, e)
			}
			if !known {
				t.Fatalf("undocumented error: %v", err)
			}
		}
	})
}
