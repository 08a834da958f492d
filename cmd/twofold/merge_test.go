package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seedURI is a link for a seed named account, with a secret of its own.
func seedURI(account, secret string) string {
	return "otpauth://totp/Example:" + account + "?secret=" + secret + "&issuer=Example"
}

// forkVault makes a vault of seeds, copies it to the other machine's
// folder (other), and returns a testCLI for that copy.
func forkVault(t *testing.T) (tc, other *testCLI) {
	tc = newTestCLI(t)
	tc.ok("init")
	tc.ok("add", seedURI("shared", "JBSWY3DPEHPK3PXA"))
	tc.ok("add", seedURI("keep", "JBSWY3DPEHPK3PXB"))
	tc.ok("add", seedURI("doomed", "JBSWY3DPEHPK3PXC"))
	tc.ok("add", seedURI("theirs-rename", "JBSWY3DPEHPK3PXD"))
	other = newTestCLI(t)
	if err := os.WriteFile(other.vault, tc.vaultBytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return tc, other
}

func TestConflictCopyMergedByAnyCommand(t *testing.T) {
	tc, other := forkVault(t)
	// This machine: an add, a rename, and the shared seed renamed.
	tc.ok("add", seedURI("ours-new", "JBSWY3DPEHPK3PXE"))
	tc.ok("rename", "keep", "--issuer", "Kept Inc")
	tc.ok("rename", "shared", "--issuer", "Ours")
	time.Sleep(1100 * time.Millisecond) // the other machine renames later: times have whole seconds
	// The other machine: an add, a delete, a rename, and the shared seed renamed later.
	other.ok("add", seedURI("theirs-new", "JBSWY3DPEHPK3PXF"))
	other.ok("rm", "doomed", "--yes")
	other.ok("rename", "theirs-rename", "--account", "renamed-there")
	other.ok("rename", "shared", "--issuer", "Theirs")
	// Syncthing delivers the other machine's vault as a conflict copy.
	copyPath := filepath.Join(tc.dir, "vault.sync-conflict-20260501-101500-ABCDEF7.age")
	if err := os.WriteFile(copyPath, other.vaultBytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// A copy under another passphrase, beside it.
	stranger := newTestCLI(t)
	stranger.writeFile("pass", "another passphrase entirely\n")
	stranger.ok("init")
	strangerPath := filepath.Join(tc.dir, "vault (conflicted copy 2026-05-01 101500).age")
	if err := os.WriteFile(strangerPath, stranger.vaultBytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := tc.run("list", "--json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ours-new", "theirs-new", "Kept Inc", "renamed-there"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "doomed") {
		t.Errorf("the seed deleted on the other machine is back:\n%s", out)
	}
	if !strings.Contains(out, `"issuer": "Theirs"`) && !strings.Contains(out, `"issuer":"Theirs"`) {
		t.Errorf("the later rename did not win:\n%s", out)
	}
	for _, want := range []string{
		"merged Syncthing's conflict copy vault.sync-conflict-20260501-101500-ABCDEF7.age",
		"from the copy: added seed Example (theirs-new)",
		"from the copy: deleted seed Example (doomed)",
		"from the copy: changed seed Example (renamed-there)",
		"from this vault: changed seed Kept Inc (keep)",
		`kept the issuer of the copy (changed later), not "Ours" from this vault`,
		"conflict copy " + strangerPath + " left alone: it does not open with this vault's passphrase",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	t.Logf("stderr:\n%s", errOut)
	if _, err := os.Stat(copyPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the merged copy is still there")
	}
	if _, err := os.Stat(strangerPath); err != nil {
		t.Errorf("the copy under another passphrase was touched: %v", err)
	}
	// The next command has nothing to merge and says nothing of it.
	if _, errOut, _ := tc.run("list"); strings.Contains(errOut, "merged") {
		t.Errorf("merged again: %s", errOut)
	}
}

func TestMergeCommand(t *testing.T) {
	tc, other := forkVault(t)
	other.writeFile("pass", "the other machine's passphrase\n")
	// The copy was re-encrypted under its own passphrase.
	other.passphrase = filepath.Join(other.dir, "old")
	other.writeFile("old", "correct horse battery staple\n")
	other.ok("passwd", "--new-passphrase-file", filepath.Join(other.dir, "pass"))
	other.passphrase = filepath.Join(other.dir, "pass")
	other.ok("add", seedURI("theirs-new", "JBSWY3DPEHPK3PXF"))

	before := tc.vaultBytes()
	tc.fails("does not open with the vault's passphrase", "merge", other.vault)
	if string(tc.vaultBytes()) != string(before) {
		t.Fatal("a failed merge changed the vault")
	}
	_, errOut, code := tc.run("merge", other.vault, "--copy-passphrase-file", other.passphrase)
	if code != 0 || !strings.Contains(errOut, "from the copy: added seed Example (theirs-new)") {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if out := tc.ok("list"); !strings.Contains(out, "theirs-new") {
		t.Errorf("merged seed missing:\n%s", out)
	}
	if _, errOut, _ := tc.run("merge", other.vault, "--copy-passphrase-file", other.passphrase); !strings.Contains(errOut, "holds nothing the vault lacks") {
		t.Errorf("second merge: %s", errOut)
	}
}
