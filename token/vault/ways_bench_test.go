package vault

import (
	"testing"
	"time"
)

// BenchmarkUnlockWays measures unlocking a vault of 1,000 seeds with
// slots, at RecommendedWorkFactor, and computing every code, by each way
// in:
//
//	go test -run '^$' -bench UnlockWays -benchtime 5x ./token/vault/
//
// passphrase: the passphrase slot's scrypt, then the payload; keyring:
// the keyring slot (the keyring's own answer not included); yubikey: the
// YubiKey slot with the ECDH done in software (a card's ECDH and PIN
// check add their own time; scripts/bench.sh reports these three beside
// the plain file's unlock).
func BenchmarkUnlockWays(b *testing.B) {
	path := benchVault(b, 1000, RecommendedWorkFactor)
	secret := testKeyringSecret(b)
	card := newSoftKey(b)
	v, err := Open(path, testPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	if err := v.AddKeyring("bench", secret); err != nil {
		b.Fatal(err)
	}
	if err := v.AddYubiKey(card.way(1)); err != nil {
		b.Fatal(err)
	}
	if err := v.Save(); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for _, w := range []struct {
		name string
		key  Key
	}{
		{"passphrase", Passphrase(testPassphrase)},
		{"keyring", KeyringKey("bench", secret)},
		{"yubikey", card.key()},
	} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				v, err := OpenKey(path, w.key)
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range v.Data.Seeds {
					if _, err := s.Code(now); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
