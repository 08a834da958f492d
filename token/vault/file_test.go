//go:build unix

package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestWorkFactorAboveTwentyRefused(t *testing.T) {
	_, path := newTestVault(t, "alice")
	raw, _ := os.ReadFile(path)
	hostile := bytes.Replace(raw, []byte(" 10\n"), []byte(" 21\n"), 1)
	if bytes.Equal(hostile, raw) {
		t.Fatal("test did not find the work factor in the header")
	}
	p := filepath.Join(t.TempDir(), "hostile.age")
	if err := os.WriteFile(p, hostile, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(p, testPassphrase); !errors.Is(err, ErrWorkFactor) {
		t.Fatalf("a vault asking for 2^21: got %v, want ErrWorkFactor", err)
	}
}

// openWithin runs Open on path and fails the test if it has not returned
// after a generous while: for a FIFO, not returning means it hangs.
func openWithin(t *testing.T, path string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Open(path, testPassphrase)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("Open of %s hangs", filepath.Base(path))
		return nil
	}
}

func TestNonRegularVaultPathsRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.age")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"FIFO":      fifo,
		"directory": dir,
		"device":    "/dev/zero",
	} {
		if err := openWithin(t, path); !errors.Is(err, ErrNotVaultFile) {
			t.Errorf("%s: got %v, want ErrNotVaultFile", name, err)
		}
	}
	// A symlink to a FIFO is a FIFO too.
	link := filepath.Join(dir, "link.age")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	if err := openWithin(t, link); !errors.Is(err, ErrNotVaultFile) {
		t.Errorf("symlink to a FIFO: got %v, want ErrNotVaultFile", err)
	}
}

func TestOversizedVaultRefusedBeforeReading(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.age")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the size is there, the blocks are not.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Open(p, testPassphrase); !errors.Is(err, ErrNotVaultFile) {
		t.Fatalf("a file of %d bytes: got %v, want ErrNotVaultFile", MaxFileSize+1, err)
	}
	// Exactly at the bound the size check passes and age sees the bytes.
	if err := os.Truncate(p, MaxFileSize); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(p, testPassphrase); errors.Is(err, ErrNotVaultFile) {
		t.Fatalf("a file of exactly %d bytes refused as too large", MaxFileSize)
	}
}

func TestChangePassphraseLeavesNoBackupWithTheOldOne(t *testing.T) {
	v, path := newTestVault(t, "alice")
	v.Data.Settings = map[string]string{"saved": "twice"}
	if err := v.Save(); err != nil { // a .bak now exists under the old passphrase
		t.Fatal(err)
	}
	if _, err := Open(path+".bak", testPassphrase); err != nil {
		t.Fatalf("test setup: no backup under the old passphrase: %v", err)
	}
	if err := v.ChangePassphrase("new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path+".bak", testPassphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the backup after a passphrase change: old passphrase gave %v, want ErrWrongPassphrase", err)
	}
	bak, err := Open(path+".bak", "new passphrase")
	if err != nil {
		t.Fatalf("the backup does not open with the new passphrase: %v", err)
	}
	if len(bak.Data.Seeds) != 1 {
		t.Errorf("the backup holds %d seeds, want 1", len(bak.Data.Seeds))
	}
	// The next save keeps the previous file as the backup again.
	v.Data.Settings["saved"] = "thrice"
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	bak, err = Open(path+".bak", "new passphrase")
	if err != nil || bak.Data.Settings["saved"] != "twice" {
		t.Errorf("after one more save the backup is not the previous version (err %v)", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestSymlinkedVaultSavesThroughToTarget(t *testing.T) {
	_, real := newTestVault(t, "alice")
	link := filepath.Join(t.TempDir(), "link.age")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // the second save also makes a backup
		err := Edit(link, testPassphrase, func(v *Vault) error {
			v.Data.Settings = map[string]string{"through": string(rune('a' + i))}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file (err %v)", err)
	}
	got, err := Open(real, testPassphrase)
	if err != nil || got.Data.Settings["through"] != "b" {
		t.Fatalf("the target does not hold the change (err %v)", err)
	}
	if _, err := Open(real+".bak", testPassphrase); err != nil {
		t.Errorf("no backup beside the target: %v", err)
	}
	if _, err := os.Lstat(link + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a backup beside the link: %v", err)
	}
}
