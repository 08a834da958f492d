package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gofrs/flock"
)

// TestWaitFlag: --wait bounds how long every command that writes waits
// for another process's lock, and "locked" has its own exit status.
func TestWaitFlag(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	before := tc.vaultBytes()
	lock := flock.New(tc.vault + ".lock")
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("could not take the lock: %v", err)
	}
	defer lock.Unlock()
	newPass := tc.writeFile("new", "another long passphrase\n")
	_, errOut, code := tc.run("--wait", "50ms", "passwd", "--new-passphrase-file", newPass)
	if code != exitLocked || !strings.Contains(errOut, "changing passphrase: vault is locked by another process (waited 50ms)") {
		t.Errorf("passwd with the lock held: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{
		{"add", "--wait", "0", "--issuer", "X", "--account", "y", "--secret-file", tc.writeFile("s", "JBSWY3DPEHPK3PXP\n")},
		{"--wait", "1ms", "rename", "amazon", "--issuer", "Y"},
	} {
		if code := tc.fails("locked by another process", args...); code != exitLocked {
			t.Errorf("%v: exit %d, want %d", args, code, exitLocked)
		}
	}
	if code := tc.fails("give a duration", "--wait", "-1s", "list"); code != exitUsage {
		t.Errorf("--wait -1s: exit %d, want %d", code, exitUsage)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a command refused for the lock changed the vault")
	}
}
