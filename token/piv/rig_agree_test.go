package piv

// Keys in the retired slots on the real stack: this package and piv-go
// through pcscd to a virtual key, and Yubico's ykman generating and
// reading the same slots.

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/go-piv/piv-go/v2/piv"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/internal/vyubikey"
)

func openKey(t *testing.T, serial uint32) *Key {
	t.Helper()
	k, err := OpenKey(context.Background(), serial)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecdhPublic(t *testing.T, pub *ecdsa.PublicKey) *ecdh.PublicKey {
	t.Helper()
	e, err := pub.ECDH()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Generate, read back, and agree on a secret: the card's shared secret is
// the one Go's crypto/ecdh computes from the other side, through this
// package and through piv-go's own SharedKey; a wrong PIN costs one try
// and says how many are left; a slot holding another key gets no PIN.
func TestRigAgreementKey(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550201, Version: "5.4.3"})
	card := socks[0].Card()
	k := openKey(t, 0)
	if k.Serial != 5550201 {
		t.Errorf("opened %d", k.Serial)
	}
	if _, err := k.Agreement(0x82); !errors.Is(err, ErrEmptySlot) {
		t.Errorf("empty slot: %v, want ErrEmptySlot", err)
	}
	if _, err := k.Agreement(0x9a); !errors.Is(err, ErrNotRetiredSlot) {
		t.Errorf("slot 9a: %v, want ErrNotRetiredSlot", err)
	}
	wrong := bytes.Repeat([]byte{7}, 24)
	if _, err := k.Generate(0x82, Policies{}, Management{Key: wrong}); !errors.Is(err, ErrWrongManagementKey) {
		t.Errorf("wrong management key: %v", err)
	}
	got, err := k.Generate(0x82, Policies{PIN: "once", Touch: "always"}, Management{Default: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Slot != 0x82 || got.Serial != 5550201 || got.PINPolicy != "once" || got.TouchPolicy != "always" || got.Origin != "generated" || got.PublicKey.Curve.Params().Name != "P-256" {
		t.Errorf("generated %+v", got)
	}
	k.Close()

	// A new connection reads the same key.
	k = openKey(t, 5550201)
	defer k.Close()
	again, err := k.Agreement(0x82)
	if err != nil || !again.PublicKey.Equal(got.PublicKey) {
		t.Fatalf("read back %+v, %v", again, err)
	}
	// A slot that holds another key than the one expected: no PIN asked
	// or sent.
	other, _ := ecdh.P256().GenerateKey(rand.Reader)
	stranger := got
	if stranger.PublicKey, err = ecdsaPublic(other.PublicKey()); err != nil {
		t.Fatal(err)
	}
	attempts := card.Stats().PINAttempts
	_, err = k.SharedKey(stranger, other.PublicKey(), func(int) (string, error) {
		t.Error("PIN asked for a slot with another key")
		return vyubikey.DefaultPIN, nil
	})
	if !errors.Is(err, ErrSlotMismatch) || card.Stats().PINAttempts != attempts {
		t.Errorf("mismatched slot: %v, %d PIN attempts", err, card.Stats().PINAttempts-attempts)
	}

	// A wrong PIN: one try spent, the tries left said before and after.
	var asked []int
	_, err = k.SharedKey(got, other.PublicKey(), func(left int) (string, error) {
		asked = append(asked, left)
		return "000000", nil
	})
	var wp *WrongPINError
	if !errors.As(err, &wp) || wp.Retries != 2 || card.PINRetries() != 2 || fmt.Sprint(asked) != "[3]" {
		t.Errorf("wrong PIN: %v, card has %d tries, asked with %v", err, card.PINRetries(), asked)
	}
	k.Close()

	k = openKey(t, 5550201)
	secret, err := k.SharedKey(got, other.PublicKey(), func(left int) (string, error) {
		if left != 2 {
			t.Errorf("PIN asked with %d tries left, want 2", left)
		}
		return vyubikey.DefaultPIN, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := other.ECDH(ecdhPublic(t, got.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(secret, want) || card.Stats().Agreements != 1 || card.Stats().Touches != 1 {
		t.Errorf("shared secret %x, want %x; card stats %+v", secret, want, card.Stats())
	}
	k.Close()

	// piv-go's SharedKey on its own gets the same secret.
	reader := presentReader(t)
	yk, err := piv.Open(reader)
	if err != nil {
		t.Fatal(err)
	}
	defer yk.Close()
	slot, _ := piv.RetiredKeyManagementSlot(0x82)
	priv, err := yk.PrivateKey(slot, got.PublicKey, piv.KeyAuth{PIN: vyubikey.DefaultPIN})
	if err != nil {
		t.Fatal(err)
	}
	peer, err := ecdsaPublic(other.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	viaPivGo, err := priv.(*piv.ECDSAPrivateKey).SharedKey(peer)
	if err != nil || !bytes.Equal(viaPivGo, want) {
		t.Errorf("piv-go SharedKey %x (%v), want %x", viaPivGo, err, want)
	}
}

func ecdsaPublic(e *ecdh.PublicKey) (*ecdsa.PublicKey, error) {
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), e.Bytes())
}

// The factory management key is sent only where the key's metadata says
// it is still in place: otherwise it is refused without a try.
func TestRigGenerateNeverGuessesTheManagementKey(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550202, Version: "5.7.1",
		ManagementKey: "00112233445566778899aabbccddeeff0011223344556677", ManagementKeyAlgorithm: "aes192"})
	card := socks[0].Card()
	k := openKey(t, 5550202)
	defer k.Close()
	if _, err := k.Generate(0x83, Policies{}, Management{Default: true}); !errors.Is(err, ErrNotDefaultManagementKey) || card.Stats().MgmtAuths != 0 {
		t.Errorf("default asked on a changed key: %v, %d authentications", err, card.Stats().MgmtAuths)
	}
	if _, err := k.Generate(0x83, Policies{}, Management{Key: []byte("short")}); !errors.Is(err, ErrWrongManagementKey) || card.Stats().MgmtAuths != 0 {
		t.Errorf("a key of the wrong length: %v, %d authentications", err, card.Stats().MgmtAuths)
	}
	mk := []byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}
	got, err := k.Generate(0x95, Policies{PIN: "never", Touch: "cached"}, Management{Key: mk})
	if err != nil || got.PINPolicy != "never" || got.TouchPolicy != "cached" {
		t.Fatalf("generate with the user's AES-192 key: %+v, %v", got, err)
	}
	peer, _ := ecdh.P256().GenerateKey(rand.Reader)
	secret, err := k.SharedKey(got, peer.PublicKey(), func(int) (string, error) {
		t.Error("PIN asked for a slot whose policy is never")
		return "", nil
	})
	want, _ := peer.ECDH(ecdhPublic(t, got.PublicKey))
	if err != nil || !bytes.Equal(secret, want) {
		t.Errorf("agreement without PIN: %x, %v", secret, err)
	}
}

// ykman generates a key in a retired slot, with its policies, and this
// package reads it; this package generates one, and ykman exports the
// same public key.
func TestRigYkmanReadsRetiredSlots(t *testing.T) {
	ykman := testtool.Require(t, "ykman")
	plugIn(t, vyubikey.Config{Serial: 5550203, Version: "5.4.3"})
	out := t.TempDir() + "/pub.pem"
	run := func(args ...string) []byte {
		t.Helper()
		b, err := exec.Command(ykman, append([]string{"--device", "5550203"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ykman %v: %v\n%s", args, err, b)
		}
		return b
	}
	run("piv", "keys", "generate", "-a", "ECCP256", "--pin-policy", "ALWAYS", "--touch-policy", "CACHED",
		"-m", vyubikey.DefaultManagementKey, "84", out)
	k := openKey(t, 5550203)
	got, err := k.Agreement(0x84)
	if err != nil || got.PINPolicy != "always" || got.TouchPolicy != "cached" {
		t.Fatalf("slot 84 after ykman's generate: %+v, %v", got, err)
	}
	if pub := readPEMKey(t, mustRead(t, out)); !pub.Equal(got.PublicKey) {
		t.Error("the key read is not the one ykman generated")
	}
	mine, err := k.Generate(0x8a, Policies{}, Management{Default: true})
	k.Close()
	if err != nil {
		t.Fatal(err)
	}
	if pub := readPEMKey(t, run("piv", "keys", "export", "8a", "-")); !pub.Equal(mine.PublicKey) {
		t.Error("ykman exports another public key from slot 8a")
	}
}

func readPEMKey(t *testing.T, b []byte) *ecdsa.PublicKey {
	t.Helper()
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatalf("no PEM in %q", b)
	}
	pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		t.Fatalf("%T", pub)
	}
	return ec
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
