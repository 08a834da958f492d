package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"filippo.io/age/armor"
)

func testKeyringSecret(t testing.TB) []byte {
	t.Helper()
	b := make([]byte, KeyringSecretSize)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// withKeyringWay adds a keyring way to a new vault and returns its key.
func withKeyringWay(t *testing.T, path string) Key {
	t.Helper()
	secret := testKeyringSecret(t)
	err := EditWithin(path, testPassphrase, defaultLockWait, func(v *Vault) error { return v.AddKeyring("item-1", secret) })
	if err != nil {
		t.Fatal(err)
	}
	return KeyringKey("item-1", secret)
}

func TestKeyringWayOpensAndSaves(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	plain, _ := os.ReadFile(path)
	if ways, err := ReadWays(path); err != nil || len(ways) != 1 || ways[0].Kind != WayPassphrase {
		t.Fatalf("plain vault ways = %v, %v", ways, err)
	}
	key := withKeyringWay(t, path)
	raw, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(raw), slotsMagic+"\n-----BEGIN AGE ENCRYPTED FILE-----\n") {
		t.Fatalf("file does not start with the slots: %.60q", raw)
	}
	if bak, _ := os.ReadFile(path + ".bak"); !bytes.Equal(bak, plain) {
		t.Error(".bak is not the previous, plain file")
	}
	ways, err := ReadWays(path)
	if err != nil || len(ways) != 2 || ways[1] != (Way{Kind: WayKeyring, Item: "item-1"}) {
		t.Fatalf("ways = %v, %v", ways, err)
	}
	// The keyring key alone opens it, edits it, and the passphrase still does.
	err = EditWithinKey(path, key, defaultLockWait, func(v *Vault) error {
		_, err := v.Data.AddSeed(testSeed("bob@example.com"), time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{key, Passphrase(testPassphrase)} {
		v, err := OpenKey(path, k)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Data.Seeds) != 2 {
			t.Fatalf("%d seeds", len(v.Data.Seeds))
		}
	}
	// An old build's reader, Unseal (the backup's), reads it with the passphrase.
	if u, err := Unseal(mustRead(t, path), testPassphrase); err != nil || len(u.Data.Seeds) != 2 {
		t.Fatalf("Unseal: %v", err)
	}
}

func TestWrongWaysChangeNothing(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	if _, err := OpenKey(path, KeyringKey("item-1", testKeyringSecret(t))); !errors.Is(err, ErrNoSuchWay) {
		t.Fatalf("keyring key on a plain vault: %v", err)
	}
	withKeyringWay(t, path)
	before := mustRead(t, path)
	cases := map[string]struct {
		key  Key
		want error
	}{
		"wrong passphrase":     {Passphrase("not it"), ErrWrongPassphrase},
		"replaced entry":       {KeyringKey("item-1", testKeyringSecret(t)), ErrWrongKey},
		"short entry":          {KeyringKey("item-1", []byte("short")), ErrWrongKey},
		"entry of another one": {KeyringKey("item-2", testKeyringSecret(t)), ErrNoSuchWay},
	}
	for name, c := range cases {
		err := EditWithinKey(path, c.key, defaultLockWait, func(v *Vault) error { return nil })
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if err := CheckKey(path, c.key); !errors.Is(err, c.want) {
			t.Errorf("%s: CheckKey: %v", name, err)
		}
	}
	assertUnchanged(t, path, before)
}

func TestPasswdKeepsOtherWays(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	key := withKeyringWay(t, path)
	v, err := OpenKey(path, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase("a new passphrase"); err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{key, Passphrase("a new passphrase")} {
		if _, err := OpenKey(path, k); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{path, path + ".bak"} {
		if _, err := OpenKey(f, Passphrase(testPassphrase)); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("%s opens with the old passphrase: %v", f, err)
		}
	}
}

func TestRemoveKeyringWay(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	key := withKeyringWay(t, path)
	var item string
	err := EditWithinKey(path, Passphrase(testPassphrase), defaultLockWait, func(v *Vault) (err error) {
		item, err = v.RemoveKeyring()
		return err
	})
	if err != nil || item != "item-1" {
		t.Fatalf("RemoveKeyring = %q, %v", item, err)
	}
	for _, f := range []string{path, path + ".bak"} {
		if _, err := OpenKey(f, key); !errors.Is(err, ErrNoSuchWay) {
			t.Errorf("%s still opens with the removed way: %v", f, err)
		}
		if _, err := OpenKey(f, Passphrase(testPassphrase)); err != nil {
			t.Error(err)
		}
	}
	v, _ := Open(path, testPassphrase)
	if _, err := v.RemoveKeyring(); !errors.Is(err, ErrNoSuchWay) {
		t.Errorf("second removal: %v", err)
	}
}

func TestSlotFileBounds(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	withKeyringWay(t, path)
	good := mustRead(t, path)
	end := bytes.Index(good, []byte("-----END AGE ENCRYPTED FILE-----\n")) + len("-----END AGE ENCRYPTED FILE-----\n")
	slotLine := "-> keyring item-x\n" + strings.Repeat("A", 40) + "\n"
	cases := map[string][]byte{
		"too many slots": splice(good, end, strings.Repeat(slotLine, maxSlots+1)),
		"long slot line": splice(good, end, "-> keyring "+strings.Repeat("a", maxSlotLine)+"\nAAAA\n"),
		"slot no args":   splice(good, end, "-> keyring\nAAAA\n"),
		"bad body":       splice(good, end, "-> keyring x\n!!!!\n"),
		"no payload":     good[:end],
		"cut payload":    good[:len(good)-40],
		"trailing data":  append(append([]byte{}, good...), "-> keyring x\nAAAA\n"...),
		"huge passphrase slot": []byte(slotsMagic + "\n-----BEGIN AGE ENCRYPTED FILE-----\n" +
			strings.Repeat(strings.Repeat("A", 64)+"\n", maxPassphraseSlot/64+1)),
	}
	for name, raw := range cases {
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path, testPassphrase); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
}

func splice(b []byte, at int, s string) []byte {
	out := append([]byte{}, b[:at]...)
	out = append(out, s...)
	return append(out, b[at:]...)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Writers opening a vault with slots by different ways take turns as on
// a plain file: every change gets through.
func TestParallelEditsWithSlots(t *testing.T) {
	_, path := newTestVault(t)
	key := withKeyringWay(t, path)
	errs := make(chan error, 6)
	for i := range 6 {
		k := key
		if i%2 == 0 {
			k = Passphrase(testPassphrase)
		}
		go func() {
			errs <- EditWithinKey(path, k, 30*time.Second, func(v *Vault) error {
				_, err := v.Data.AddSeed(testSeed(fmt.Sprintf("user%d@example.com", i)), time.Now())
				return err
			})
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	v, err := OpenKey(path, key)
	if err != nil || len(v.Data.Seeds) != 6 {
		t.Fatalf("%v, seeds after parallel edits: %d", err, len(v.Data.Seeds))
	}
}

// A passphrase slot asking for scrypt 2^22 is refused before any work, as
// a plain file is.
func TestSlotWorkFactorBounded(t *testing.T) {
	_, path := newTestVault(t, "alice@example.com")
	key := withKeyringWay(t, path)
	raw := mustRead(t, path)
	f, payload, err := parseSlots(raw)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := dearmor(f.passphrase, maxPassphraseSlot)
	if err != nil {
		t.Fatal(err)
	}
	costly := bytes.Replace(bin, []byte(fmt.Sprintf(" %d\n", minWorkFactor)), []byte(" 22\n"), 1)
	if bytes.Equal(costly, bin) {
		t.Fatal("no work factor found in the passphrase slot")
	}
	var block bytes.Buffer
	w := armor.NewWriter(&block)
	w.Write(costly)
	w.Close()
	f.passphrase = block.Bytes()
	forged, err := f.encode(payload)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, forged, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{Passphrase(testPassphrase), key} {
		if _, err := OpenKey(path, k); !errors.Is(err, ErrWorkFactor) {
			t.Errorf("scrypt 2^22 slot: %v, want ErrWorkFactor", err)
		}
	}
	if _, err := ReadWays(path); !errors.Is(err, ErrWorkFactor) {
		t.Errorf("ReadWays: %v", err)
	}
}
