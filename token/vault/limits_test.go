package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// TestSaveNeverWritesWhatOpenRefuses: names of '<', which JSON writes as
// six bytes each, grow a vault past MaxFileSize; the save is refused in
// one error and the vault and its .bak stay byte-identical, so the vault
// still opens.
func TestSaveNeverWritesWhatOpenRefuses(t *testing.T) {
	// The test's 75 MiB go back to the OS for the tests that look at
	// memory: two collections empty encoding/json's buffer pool.
	t.Cleanup(func() {
		runtime.GC()
		runtime.GC()
		debug.FreeOSMemory()
	})
	_, path := newTestVault(t, "alice")
	before, _ := os.ReadFile(path)
	bak, _ := os.ReadFile(path + ".bak")
	name := strings.Repeat("<", 256)
	err := EditWithin(path, testPassphrase, defaultLockWait, func(v *Vault) error {
		// Each seed encodes to about 3 KiB: 24,000 make about 75 MiB.
		for range 24_000 {
			s := testSeed(name)
			s.Issuer = name
			v.Data.Seeds = append(v.Data.Seeds, s)
		}
		return nil
	})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("not one line: %q", err)
	}
	assertUnchanged(t, path, before)
	assertUnchanged(t, path+".bak", bak)
	if _, err := Open(path, testPassphrase); err != nil {
		t.Fatalf("the vault no longer opens: %v", err)
	}
}

// TestUnsealRefusesAboveTwofoldsCost: 2^19 (512 MiB) was read before;
// it is above what Twofold writes and refused before deriving.
func TestUnsealRefusesAboveTwofoldsCost(t *testing.T) {
	_, path := newTestVault(t, "alice")
	raw, _ := os.ReadFile(path)
	hostile := bytes.Replace(raw, []byte(" 10\n"), []byte(" 19\n"), 1)
	if bytes.Equal(hostile, raw) {
		t.Fatal("test did not find the work factor in the header")
	}
	_, err := Unseal(hostile, testPassphrase)
	if !errors.Is(err, ErrWorkFactor) || !errors.Is(err, kdf.ErrTooCostly) {
		t.Fatalf("got %v, want ErrWorkFactor and kdf.ErrTooCostly", err)
	}
	p := filepath.Join(t.TempDir(), "hostile.age")
	os.WriteFile(p, hostile, 0o600)
	if err := EditWithin(p, testPassphrase, defaultLockWait, addSeed("bob")); !errors.Is(err, ErrWorkFactor) {
		t.Fatalf("edit: got %v, want ErrWorkFactor", err)
	}
	assertUnchanged(t, p, hostile)
}

// TestSealUnsealRoundTrip: what Seal writes, Unseal reads, with the
// schema version set and the secrets in the shared buffer that Wipe
// zeroes.
func TestSealUnsealRoundTrip(t *testing.T) {
	b, err := Seal(Data{Seeds: []token.Seed{testSeed("alice")}}, "pass")
	if err != nil {
		t.Fatal(err)
	}
	u, err := Unseal(b, "pass")
	if err != nil {
		t.Fatal(err)
	}
	if u.Data.Version != SchemaVersion || len(u.Data.Seeds) != 1 || u.Data.Seeds[0].Secret != testSeed("").Secret {
		t.Fatalf("read back %+v", u.Data)
	}
	secret := u.Data.Seeds[0].Secret
	u.Wipe()
	if strings.Trim(secret, "\x00") != "" {
		t.Error("Wipe left the secret readable")
	}
	if _, err := Seal(Data{}, ""); !errors.Is(err, ErrEmptyPassphrase) {
		t.Errorf("empty passphrase: %v", err)
	}
}
