package vault

import (
	"crypto/ecdh"
	"crypto/rand"
	"errors"
	"testing"
)

// softKey plays a YubiKey slot in software: the same ECDH the card does.
type softKey struct {
	priv  *ecdh.PrivateKey
	calls int
	err   error // what the card says instead (a wrong PIN)
}

func newSoftKey(t testing.TB) *softKey {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &softKey{priv: k}
}

func (k *softKey) key() Key {
	return YubiKeyKey(k.priv.PublicKey(), func(peer *ecdh.PublicKey) ([]byte, error) {
		k.calls++
		if k.err != nil {
			return nil, k.err
		}
		return k.priv.ECDH(peer)
	})
}

func (k *softKey) way(serial uint32) YubiKeyWay {
	return YubiKeyWay{Serial: serial, Slot: 0x82, Public: k.priv.PublicKey()}
}

func TestYubiKeyWays(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	main, spare := newSoftKey(t), newSoftKey(t)
	err := EditWithin(path, testPassphrase, defaultLockWait, func(v *Vault) error {
		if err := v.AddYubiKey(main.way(100)); err != nil {
			return err
		}
		return v.AddYubiKey(spare.way(200))
	})
	if err != nil {
		t.Fatal(err)
	}
	ways, err := ReadWays(path)
	if err != nil || len(ways) != 3 || ways[1].Kind != WayYubiKey || ways[1].Serial != 100 || ways[1].Slot != "82" || ways[2].Serial != 200 {
		t.Fatalf("ways %+v, %v", ways, err)
	}
	for _, k := range []*softKey{main, spare} {
		if _, err := OpenKey(path, k.key()); err != nil {
			t.Fatal(err)
		}
	}
	before := mustRead(t, path)
	// A key the vault does not know is never asked (no PIN spent).
	stranger := newSoftKey(t)
	if _, err := OpenKey(path, stranger.key()); !errors.Is(err, ErrNoSuchWay) || stranger.calls != 0 {
		t.Errorf("unknown key: %v, %d agreements", err, stranger.calls)
	}
	// What the card says (a wrong PIN) comes back as it is.
	wrongPIN := errors.New("wrong PIN (2 tries left)")
	main.err = wrongPIN
	if err := EditWithinKey(path, main.key(), defaultLockWait, func(*Vault) error { return nil }); !errors.Is(err, wrongPIN) {
		t.Errorf("card error: %v", err)
	}
	main.err = nil
	assertUnchanged(t, path, before)
	// passwd: the keys still open it.
	v, err := OpenKey(path, main.key())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase("another passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKey(path, spare.key()); err != nil {
		t.Fatal(err)
	}
	// Removed: neither the file nor its .bak opens with it.
	err = EditWithinKey(path, spare.key(), defaultLockWait, func(v *Vault) error { return v.RemoveYubiKey(100) })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + ".bak"} {
		if _, err := OpenKey(f, main.key()); !errors.Is(err, ErrNoSuchWay) {
			t.Errorf("%s after removal: %v", f, err)
		}
	}
	if _, err := OpenKey(path, spare.key()); err != nil {
		t.Error(err)
	}
	v, _ = Open(path, "another passphrase")
	if err := v.RemoveYubiKey(100); !errors.Is(err, ErrNoSuchWay) {
		t.Errorf("second removal: %v", err)
	}
	if err := v.AddYubiKey(YubiKeyWay{Serial: 1, Slot: 0x9a, Public: main.priv.PublicKey()}); err == nil {
		t.Error("slot 9a accepted")
	}
}
