package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

func accountsOf(t *testing.T, path string) []string {
	t.Helper()
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range v.Data.Seeds {
		names = append(names, s.Account)
	}
	return names
}

func addSeed(account string) func(*Vault) error {
	return func(v *Vault) error {
		_, err := v.Data.AddSeed(testSeed(account), time.Now())
		return err
	}
}

// TestEditLeavesTheLockFreeWhileItWorks: the lock is not held while the
// file is decrypted and fn runs, so another writer can save meanwhile.
func TestEditLeavesTheLockFreeWhileItWorks(t *testing.T) {
	_, path := newTestVault(t, "alice")
	err := Edit(path, testPassphrase, func(v *Vault) error {
		other := flock.New(path + ".lock")
		ok, err := other.TryLock()
		if err != nil || !ok {
			t.Errorf("the lock is held while fn runs (%v)", err)
			return nil
		}
		return other.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEditAppliesAgainAfterAnotherSave: a save by another writer while
// fn runs makes Edit read the new file and apply fn to it again, so
// both changes are kept.
func TestEditAppliesAgainAfterAnotherSave(t *testing.T) {
	_, path := newTestVault(t, "alice")
	runs := 0
	err := Edit(path, testPassphrase, func(v *Vault) error {
		runs++
		if runs == 1 {
			if err := Edit(path, testPassphrase, addSeed("bob")); err != nil {
				t.Fatalf("the other writer: %v", err)
			}
		}
		return addSeed("carol")(v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 {
		t.Errorf("fn ran %d times, want 2 (once more on the other writer's file)", runs)
	}
	if got, want := accountsOf(t, path), []string{"alice", "bob", "carol"}; !slices.Equal(got, want) {
		t.Errorf("accounts %v, want %v", got, want)
	}
}

// TestEditRetryHoldsTheLock: the second run of fn, after another save,
// holds the lock, so no third writer can slip in before it saves.
func TestEditRetryHoldsTheLock(t *testing.T) {
	_, path := newTestVault(t, "alice")
	runs := 0
	err := Edit(path, testPassphrase, func(v *Vault) error {
		runs++
		if runs == 1 {
			return errors.Join(Edit(path, testPassphrase, addSeed("bob")), addSeed("carol")(v))
		}
		if err := Edit(path, testPassphrase, addSeed("dave")); !errors.Is(err, ErrLocked) {
			t.Errorf("a writer during the retry: %v, want ErrLocked", err)
		}
		return addSeed("carol")(v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := accountsOf(t, path), []string{"alice", "bob", "carol"}; !slices.Equal(got, want) {
		t.Errorf("accounts %v, want %v", got, want)
	}
}

// TestEditLockedRunsOnceUnderTheLock: fn runs once, with the lock held,
// and may save steps on the way.
func TestEditLockedRunsOnceUnderTheLock(t *testing.T) {
	_, path := newTestVault(t, "alice")
	runs := 0
	err := EditLocked(path, testPassphrase, defaultLockWait, func(v *Vault) error {
		runs++
		if ok, _ := flock.New(path + ".lock").TryLock(); ok {
			t.Error("EditLocked runs fn without the lock")
		}
		if err := addSeed("bob")(v); err != nil {
			return err
		}
		if err := v.Save(); err != nil {
			return err
		}
		return addSeed("carol")(v)
	})
	if err != nil || runs != 1 {
		t.Fatalf("EditLocked: %v after %d runs", err, runs)
	}
	if got, want := accountsOf(t, path), []string{"alice", "bob", "carol"}; !slices.Equal(got, want) {
		t.Errorf("accounts %v, want %v", got, want)
	}
}

func TestLockedErrorSaysHowLong(t *testing.T) {
	_, path := newTestVault(t, "alice")
	other := flock.New(path + ".lock")
	if ok, err := other.TryLock(); !ok || err != nil {
		t.Fatal(err)
	}
	defer other.Unlock()
	err := EditWithin(path, testPassphrase, 50*time.Millisecond, addSeed("bob"))
	var locked *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &locked) || locked.Waited != 50*time.Millisecond {
		t.Fatalf("got %v, want a LockedError of 50ms", err)
	}
	if !strings.Contains(err.Error(), "locked by another process") {
		t.Errorf("message %q", err)
	}
}

// TestEditKeepsTheFilesWorkFactor: a retry on a file saved at another
// cost keeps that cost.
func TestEditKeepsTheFilesWorkFactor(t *testing.T) {
	_, path := newTestVault(t, "alice")
	runs := 0
	err := Edit(path, testPassphrase, func(v *Vault) error {
		runs++
		if runs == 1 {
			other, err := Open(path, testPassphrase)
			if err != nil {
				t.Fatal(err)
			}
			other.workFactor = minWorkFactor + 1
			if err := other.Save(); err != nil {
				t.Fatal(err)
			}
		}
		return addSeed("bob")(v)
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(path, testPassphrase)
	if err != nil || v.WorkFactor() != minWorkFactor+1 || len(v.Data.Seeds) != 2 {
		t.Fatalf("after the retry: %v, work factor %d, %d seeds", err, v.WorkFactor(), len(v.Data.Seeds))
	}
}

// TestEditUnchangedSavesNothing: an fn that says it changed nothing
// (ErrUnchanged, wrapped or not) ends the edit without an error and
// without a write, so the file and the previous version in .bak stay.
func TestEditUnchangedSavesNothing(t *testing.T) {
	_, path := newTestVault(t, "alice")
	if err := Edit(path, testPassphrase, addSeed("bob")); err != nil {
		t.Fatal(err)
	}
	read := func() (file, bak []byte) {
		t.Helper()
		file, err1 := os.ReadFile(path)
		bak, err2 := os.ReadFile(path + ".bak")
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		return file, bak
	}
	file, bak := read()
	edits := map[string]func(string, string, time.Duration, func(*Vault) error) error{"EditWithin": EditWithin, "EditLocked": EditLocked}
	for name, edit := range edits {
		err := edit(path, testPassphrase, defaultLockWait, func(v *Vault) error {
			return fmt.Errorf("all 3 seeds skipped: %w", ErrUnchanged)
		})
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if f, b := read(); !bytes.Equal(f, file) || !bytes.Equal(b, bak) {
			t.Errorf("%s: the vault or its .bak was written", name)
		}
	}
}
