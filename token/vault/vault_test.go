package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/twofoldmfa/twofold/token"
)

const testPassphrase = "correct horse battery staple"

func TestMain(m *testing.M) {
	// The test-only knob: a cheap KDF so the suite stays fast. The
	// benchmark sets the real cost itself.
	newVaultWorkFactor = minWorkFactor
	defaultLockWait = 200 * time.Millisecond
	os.Exit(m.Run())
}

func testSeed(account string) token.Seed {
	return token.Seed{Kind: token.TOTP, Issuer: "Example", Account: account, Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
}

// newTestVault creates a vault holding the given accounts' seeds.
func newTestVault(t testing.TB, accounts ...string) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.age")
	v, err := Create(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if _, err := v.Data.AddSeed(testSeed(a), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	return v, path
}

func TestCreateOpenRoundTrip(t *testing.T) {
	v, path := newTestVault(t, "alice", "bob")
	got, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data.Seeds) != 2 || got.Data.Seeds[1] != v.Data.Seeds[1] {
		t.Errorf("seeds after reopening: %+v", got.Data.Seeds)
	}
	if got.WorkFactor() != minWorkFactor {
		t.Errorf("work factor %d, want %d from the file", got.WorkFactor(), minWorkFactor)
	}
	for _, p := range []string{path, path + ".bak"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("JBSWY3DPEHPK3PXP")) || bytes.Contains(raw, []byte("alice")) {
		t.Error("vault file holds plaintext")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestBackupHoldsPreviousVersion(t *testing.T) {
	v, path := newTestVault(t, "alice")
	if _, err := v.Data.AddSeed(testSeed("bob"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	prev, err := Open(path+".bak", testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if len(prev.Data.Seeds) != 1 {
		t.Errorf("backup has %d seeds, want the previous version's 1", len(prev.Data.Seeds))
	}
}

func TestCreateRefusesToOverwrite(t *testing.T) {
	_, path := newTestVault(t, "alice")
	before, _ := os.ReadFile(path)
	if _, err := Create(path, "other"); !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	assertUnchanged(t, path, before)
}

func TestEmptyPassphraseRefused(t *testing.T) {
	if _, err := Create(filepath.Join(t.TempDir(), "v"), ""); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("got %v", err)
	}
}

func TestWrongPassphraseLeavesFileByteIdentical(t *testing.T) {
	_, path := newTestVault(t, "alice")
	before, _ := os.ReadFile(path)
	_, err := Open(path, "wrong")
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("got %v, want ErrWrongPassphrase", err)
	}
	if errors.Is(err, ErrCorrupt) {
		t.Error("wrong passphrase also reported as corrupt")
	}
	err = Edit(path, "wrong", func(*Vault) error { t.Fatal("edit ran with a wrong passphrase"); return nil })
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Edit: got %v", err)
	}
	assertUnchanged(t, path, before)
}

func TestCorruptFiles(t *testing.T) {
	_, path := newTestVault(t, "alice", "bob")
	good, _ := os.ReadFile(path)
	headerEnd := bytes.Index(good, []byte("\n---")) + 1
	cases := map[string][]byte{
		"empty":            {},
		"not age":          []byte("hello, this is not a vault\n"),
		"truncated body":   good[:len(good)-20],
		"header only":      good[:headerEnd+40],
		"flipped last":     flip(good, len(good)-1),
		"flipped payload":  flip(good, len(good)-30),
		"flipped mac":      flip(good, headerEnd+10),
		"extra bytes":      append(append([]byte{}, good...), 0),
		"no scrypt stanza": []byte("age-encryption.org/v1\n-> X25519 abc\nxyz\n--- abc\n"),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "vault.age")
			if err := os.WriteFile(p, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(p, testPassphrase)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
			assertUnchanged(t, p, raw)
		})
	}
}

func TestWorkFactorBoundedWhenRead(t *testing.T) {
	_, path := newTestVault(t, "alice")
	raw, _ := os.ReadFile(path)
	// Claim 2^30 in the header: it must be refused before any scrypt work.
	hostile := bytes.Replace(raw, []byte(" 10\n"), []byte(" 30\n"), 1)
	if bytes.Equal(hostile, raw) {
		t.Fatal("test did not find the work factor in the header")
	}
	p := filepath.Join(t.TempDir(), "hostile.age")
	os.WriteFile(p, hostile, 0o600)
	start := time.Now()
	if _, err := Open(p, testPassphrase); !errors.Is(err, ErrWorkFactor) {
		t.Fatalf("got %v, want ErrWorkFactor", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing took %v: the KDF ran", d)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.age")
	raw, err := encrypt(Data{Version: SchemaVersion + 1}, testPassphrase, minWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, raw, 0o600)
	if _, err := Open(path, testPassphrase); !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("got %v, want ErrNewerVersion", err)
	}
}

func TestMissingVault(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "none.age"), testPassphrase); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

func TestChangePassphrase(t *testing.T) {
	v, path := newTestVault(t, "alice")
	if err := v.ChangePassphrase("new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, testPassphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase: got %v", err)
	}
	got, err := Open(path, "new passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data.Seeds) != 1 {
		t.Errorf("seeds lost in passphrase change")
	}
	if err := got.ChangePassphrase(""); !errors.Is(err, ErrEmptyPassphrase) {
		t.Errorf("empty new passphrase: got %v", err)
	}
}

func TestLockedByAnotherHolder(t *testing.T) {
	v, path := newTestVault(t, "alice")
	before, _ := os.ReadFile(path)
	other := flock.New(path + ".lock")
	if ok, err := other.TryLock(); !ok || err != nil {
		t.Fatalf("taking the lock: %v", err)
	}
	defer other.Unlock()
	v.Data.Seeds = nil
	if err := v.Save(); !errors.Is(err, ErrLocked) {
		t.Fatalf("Save: got %v, want ErrLocked", err)
	}
	if err := Edit(path, testPassphrase, func(*Vault) error { return nil }); !errors.Is(err, ErrLocked) {
		t.Fatalf("Edit: got %v, want ErrLocked", err)
	}
	assertUnchanged(t, path, before)
}

func TestConcurrentChangeDetected(t *testing.T) {
	_, path := newTestVault(t, "alice")
	a, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	err = Edit(path, testPassphrase, func(v *Vault) error {
		_, err := v.Data.AddSeed(testSeed("from the other process"), time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Data.Seeds = nil
	if err := a.Save(); !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	got, _ := Open(path, testPassphrase)
	if len(got.Data.Seeds) != 2 {
		t.Errorf("the other process's seed was lost")
	}
}

func TestEditErrorSavesNothing(t *testing.T) {
	_, path := newTestVault(t, "alice")
	before, _ := os.ReadFile(path)
	boom := errors.New("boom")
	err := Edit(path, testPassphrase, func(v *Vault) error {
		v.Data.Seeds = nil
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	assertUnchanged(t, path, before)
}

func TestSeedIndex(t *testing.T) {
	d := Data{Seeds: []token.Seed{
		{Issuer: "Amazon Web Services", Account: "root@123456789012"},
		{Issuer: "GitHub", Account: "alice"},
		{Issuer: "GitLab", Account: "alice"},
		{Issuer: "Git", Account: "bob"},
	}}
	for q, want := range map[string]int{"amazon": 0, "ROOT": 0, "github": 1, "gitlab": 2, "git": 3, "bob": 3} {
		got, err := d.SeedIndex(q)
		if err != nil || got != want {
			t.Errorf("SeedIndex(%q) = %d, %v; want %d", q, got, err, want)
		}
	}
	_, err := d.SeedIndex("alice")
	var amb *token.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Matches) != 2 {
		t.Errorf("SeedIndex(alice): got %v, want an AmbiguousError naming 2", err)
	}
	if _, err := d.SeedIndex("nothing"); !errors.Is(err, ErrNoMatch) {
		t.Errorf("SeedIndex(nothing): got %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0x01
	return c
}

func assertUnchanged(t *testing.T, path string, before []byte) {
	t.Helper()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("%s changed on disk", path)
	}
}
