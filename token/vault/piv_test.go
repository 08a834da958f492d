package vault

import (
	"bytes"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"math/big"
	"os/exec"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
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

// The compressed form is SEC 1's, as Go's crypto/elliptic writes it, and
// reads back to the same key.
func TestCompressedPoint(t *testing.T) {
	for range 20 {
		k := newSoftKey(t).priv.PublicKey()
		b := k.Bytes()
		x, y := new(big.Int).SetBytes(b[1:33]), new(big.Int).SetBytes(b[33:])
		want := elliptic.MarshalCompressed(elliptic.P256(), x, y)
		if got := compressed(k); !bytes.Equal(got, want) {
			t.Fatalf("compressed %x, want %x", got, want)
		}
		back, err := decompressed(want)
		if err != nil || !back.Equal(k) {
			t.Fatalf("decompressed: %v", err)
		}
	}
}

// Python's cryptography, sharing no code with Twofold, unwraps a YubiKey
// slot as the package doc describes it and finds the vault's identity.
func TestYubiKeySlotByPython(t *testing.T) {
	python := testtool.Require(t, "python3")
	_, path := newTestVault(t, "alice@example.com")
	card := newSoftKey(t)
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AddYubiKey(card.way(42)); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "testdata/python/unwrap_piv.py", path, hex.EncodeToString(card.priv.Bytes())).CombinedOutput()
	if err != nil {
		t.Fatalf("unwrap_piv.py: %v: %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != v.identity.String() {
		t.Errorf("Python unwrapped another identity (%d characters)", len(got))
	}
}
