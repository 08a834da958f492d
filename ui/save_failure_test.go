//go:build unix

package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// aliceDevice is an IAM user's virtual MFA device, its seed githubURI's.
var aliceDevice = inventory.IAMDevice{
	Serial: "arn:aws:iam::123456789012:mfa/alice-phone", Type: inventory.IAMVirtual, User: "alice",
}

// fullVault makes a vault at path holding every kind of data a change
// touches: seeds, an AWS account whose factors carry IAM records, the
// time it was synced (a setting), and a key record holding a seed.
func fullVault(t *testing.T, path string) {
	t.Helper()
	makeVault(t, path, githubURI, googleURI)
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	err := vault.Edit(path, testPassphrase, func(v *vault.Vault) error {
		d := &v.Data
		if _, err := d.SaveAccount(inventory.Account{Name: "Work AWS", Provider: inventory.AWS, AWSAccount: "123456789012", Principal: "alice"}); err != nil {
			return err
		}
		d.ApplyIAM(inventory.IAMSnapshot{AccountID: "123456789012", UsersListed: true, VirtualListed: true, Users: []string{"alice"}, Devices: []inventory.IAMDevice{aliceDevice}}, at)
		d.RecordSightings([]inventory.Sighting{{Serial: 12345678}}, at)
		return d.RecordCopy(d.Seeds[0].ID, 12345678, "GitHub:alice@example.com", at)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fullDisk is the failure of a disk that is full, and fullDiskEnv set
// marks the process that the test starts to try it in.
const (
	fullDisk    = "full disk"
	fullDiskEnv = "TWOFOLD_TEST_FULL_DISK"
)

// saveFailures are the ways a save fails: each breaks saving, and the
// function it returns mends it again.
var saveFailures = []struct {
	name   string
	break_ func(t *testing.T, g *testGUI) (mend func())
}{
	{fullDisk, func(t *testing.T, g *testGUI) func() {
		// A file size limit of 64 bytes: the new file does not fit, as on
		// a full disk. Go ignores SIGXFSZ, so the write returns EFBIG. The
		// limit holds for the whole process: this runs in a process of its
		// own (fullDiskEnv), whose other files it would cut short too.
		var old syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatal(err)
		}
		limit := old
		limit.Cur = 64
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
			t.Fatal(err)
		}
		return func() {
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"read-only directory", func(t *testing.T, g *testGUI) func() {
		dir := filepath.Dir(g.path)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		mend := func() {
			if err := os.Chmod(dir, 0o700); err != nil {
				t.Fatal(err)
			}
		}
		// The superuser writes into a read-only directory all the same:
		// take the directory away too, as an unmounted disk would.
		if f, err := os.CreateTemp(dir, "probe"); err == nil {
			f.Close()
			os.Remove(f.Name())
			away := dir + ".away"
			if err := os.Rename(dir, away); err != nil {
				t.Fatal(err)
			}
			readOnly := mend
			mend = func() {
				if err := os.Rename(away, dir); err != nil {
					t.Fatal(err)
				}
				readOnly()
			}
		}
		return mend
	}},
	{"lock held by another program", func(t *testing.T, g *testGUI) func() {
		lock := flock.New(g.path + ".lock")
		if ok, err := lock.TryLock(); !ok || err != nil {
			t.Fatalf("taking the vault's lock: %v, %v", ok, err)
		}
		g.sess.vault.SetLockWait(50 * time.Millisecond)
		return func() { lock.Unlock() }
	}},
}

// TestFailedSaveChangesNothing makes every kind of change while the save
// cannot succeed, and checks that the vault in memory, the data the
// screens show, and the file are exactly as before, and that the app
// says it could not save.
func TestFailedSaveChangesNothing(t *testing.T) {
	changes := []struct {
		name string
		fn   func(d *vault.Data) error
	}{
		{"add a seed", func(d *vault.Data) error {
			s, err := token.ParseURI("otpauth://totp/Example:carol?secret=MFRGGZDFMZTWQ2LK&issuer=Example")
			if err != nil {
				return err
			}
			_, err = d.AddSeeds([]token.Seed{s}, time.Now(), vault.RefuseDuplicates)
			return err
		}},
		{"rename a seed", func(d *vault.Data) error {
			_, err := d.RenameSeed(d.Seeds[0].ID, "GitHub Enterprise", "alice")
			return err
		}},
		{"delete a seed", func(d *vault.Data) error {
			_, err := d.DeleteSeed(d.Seeds[0].ID)
			return err
		}},
		{"edit an account", func(d *vault.Data) error {
			a := d.Accounts[0]
			a.Email, a.Phone = "alice@example.com", "+14155552671"
			_, err := d.SaveAccount(a)
			return err
		}},
		{"add a factor", func(d *vault.Data) error {
			_, _, err := d.AddFactor(d.Accounts[0].ID, inventory.Factor{Kind: inventory.SMSFactor, Label: "+14155552671"}, false)
			return err
		}},
		{"sync with IAM: a device gone, the sync time", func(d *vault.Data) error {
			d.ApplyIAM(inventory.IAMSnapshot{AccountID: "123456789012", UsersListed: true, VirtualListed: true, Users: []string{"alice"}}, time.Now())
			return nil
		}},
		{"a key's holds", func(d *vault.Data) error {
			if err := d.RecordCopy(d.Seeds[1].ID, 12345678, "Google:bob@gmail.com", time.Now()); err != nil {
				return err
			}
			d.ForgetCopy(d.Seeds[0].ID, 12345678)
			return nil
		}},
		{"key sightings", func(d *vault.Data) error {
			d.RecordSightings([]inventory.Sighting{{Serial: 12345678}, {Serial: 87654321}}, time.Now())
			return nil
		}},
	}
	for _, failure := range saveFailures {
		t.Run(failure.name, func(t *testing.T) {
			if inChild := os.Getenv(fullDiskEnv) != ""; failure.name == fullDisk && !inChild {
				cmd := exec.Command(os.Args[0], "-test.run=^TestFailedSaveChangesNothing$/^full_disk$", "-test.v")
				cmd.Env = append(os.Environ(), fullDiskEnv+"=1")
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(out), "--- PASS: TestFailedSaveChangesNothing/full_disk") {
					t.Fatalf("with the disk full: %v\n%s", err, out)
				}
				return
			} else if inChild && failure.name != fullDisk {
				t.Skip("the full disk's own process")
			}
			path := filepath.Join(t.TempDir(), "vault", "vault.age")
			if err := os.Mkdir(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			fullVault(t, path)
			g := newTestGUIAt(t, path)
			g.open(t)
			for _, change := range changes {
				g.sess.mu.Lock()
				before := g.sess.vault.Data.Clone()
				g.sess.mu.Unlock()
				shown := g.shown()
				file, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}

				mend := failure.break_(t, g)
				var changed bool
				var fnErr error
				g.edit(func(d *vault.Data) error {
					if fnErr = change.fn(d); fnErr != nil {
						return fnErr
					}
					changed = !reflect.DeepEqual(*d, before)
					return nil
				}, func() { t.Errorf("%s: saved", change.name) })
				g.wait()
				mend()

				if !changed || fnErr != nil {
					t.Fatalf("%s changed nothing to put back (%v)", change.name, fnErr)
				}
				g.sess.mu.Lock()
				after := g.sess.vault.Data.Clone()
				g.sess.mu.Unlock()
				if parts := differing(before, after); parts != nil {
					t.Errorf("%s: the vault in memory changed: %s", change.name, strings.Join(parts, ", "))
				}
				if !reflect.DeepEqual(g.shown(), shown) {
					t.Errorf("%s: the screens show other data", change.name)
				}
				if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, file) {
					t.Errorf("%s: the vault file changed (%v)", change.name, err)
				}
				if says := texts(g.topDialog(t)); !strings.Contains(says, "Could not save") {
					t.Errorf("%s: the app says\n%s", change.name, says)
				}
				g.closeDialogs()
			}
			// Saving works again once mended, and saves the change.
			g.edit(func(d *vault.Data) error {
				_, err := d.RenameSeed(d.Seeds[0].ID, "GitHub Enterprise", "alice")
				return err
			}, nil)
			g.wait()
			if s := g.onDisk(t).Seeds[0]; s.Issuer != "GitHub Enterprise" {
				t.Errorf("after mending, the file holds %q", s.Issuer)
			}
		})
	}
}

// TestFailedChangePutsBack: a change that fails in itself, halfway,
// leaves nothing of what it did before failing.
func TestFailedChangePutsBack(t *testing.T) {
	g := newTestGUIAt(t, fullVaultAt(t))
	g.open(t)
	g.sess.mu.Lock()
	before := g.sess.vault.Data.Clone()
	g.sess.mu.Unlock()
	refused := errors.New("refused halfway")
	g.edit(func(d *vault.Data) error {
		d.ApplyIAM(inventory.IAMSnapshot{AccountID: "123456789012", UsersListed: true, VirtualListed: true}, time.Now())
		return refused
	}, nil)
	g.wait()
	g.sess.mu.Lock()
	defer g.sess.mu.Unlock()
	if !reflect.DeepEqual(g.sess.vault.Data, before) {
		t.Errorf("a change refused halfway stayed in memory")
	}
}

// differing names the parts of two vaults' data that differ (and no
// value: the seeds hold secrets).
func differing(a, b vault.Data) []string {
	var parts []string
	for _, p := range []struct {
		name string
		a, b any
	}{{"seeds", a.Seeds, b.Seeds}, {"accounts", a.Accounts, b.Accounts}, {"keys", a.Keys, b.Keys}, {"settings", a.Settings, b.Settings}} {
		if !reflect.DeepEqual(p.a, p.b) {
			parts = append(parts, p.name)
		}
	}
	if parts == nil && !reflect.DeepEqual(a, b) {
		parts = append(parts, "version")
	}
	return parts
}

// fullVaultAt is fullVault at a fresh path.
func fullVaultAt(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.age")
	fullVault(t, path)
	return path
}

// TestSaveFailureWords: the operating system's refusals of a save that a
// person can act on are said in the app's words, naming no file.
func TestSaveFailureWords(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&os.PathError{Op: "open", Path: "/v/.vault.age.1.tmp", Err: syscall.EACCES}, "may not write there"},
		{&os.PathError{Op: "write", Path: "/v/.vault.age.1.tmp", Err: syscall.ENOSPC}, "The disk is full"},
	} {
		if got := message(fmt.Errorf("creating temporary file: %w", c.err)); !strings.Contains(got, c.want) || strings.Contains(got, "/v/") {
			t.Errorf("%v is said as %q", c.err, got)
		}
	}
}
