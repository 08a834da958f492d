//go:build unix

package vault

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLockFileThatIsNotAFile: a dangling symbolic link in place of
// PATH.lock must not make a save create its target outside the vault's
// directory, and a named pipe must not make it hang; both are refused
// with ErrLockFile and the vault and its .bak stay as they were.
func TestLockFileThatIsNotAFile(t *testing.T) {
	for _, kind := range []string{"dangling symlink", "named pipe", "directory"} {
		t.Run(kind, func(t *testing.T) {
			_, path := newTestVault(t, "alice")
			before, _ := os.ReadFile(path)
			bak, _ := os.ReadFile(path + ".bak")
			outside := filepath.Join(t.TempDir(), "created-outside")
			lock := path + ".lock"
			os.Remove(lock)
			switch kind {
			case "dangling symlink":
				if err := os.Symlink(outside, lock); err != nil {
					t.Fatal(err)
				}
			case "named pipe":
				if err := syscall.Mkfifo(lock, 0o600); err != nil {
					t.Fatal(err)
				}
			case "directory":
				os.Mkdir(lock, 0o700)
			}
			done := make(chan error, 1)
			go func() { done <- EditWithin(path, testPassphrase, defaultLockWait, addSeed("bob")) }()
			if err := <-done; !errors.Is(err, ErrLockFile) {
				t.Fatalf("got %v, want ErrLockFile", err)
			}
			if _, err := os.Lstat(outside); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the link's target was created outside the vault's directory")
			}
			assertUnchanged(t, path, before)
			assertUnchanged(t, path+".bak", bak)
		})
	}
}
