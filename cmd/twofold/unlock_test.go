package main

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token/keyring"
	"github.com/twofoldmfa/twofold/token/keyring/keyringtest"
	"github.com/twofoldmfa/twofold/token/vault"
)

// runNoPassphrase runs twofold with --vault only: no passphrase file, and
// a standard input that is no terminal, so the passphrase cannot be asked.
func (tc *testCLI) runNoPassphrase(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	c := &cli{deps: tc.deps, stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	code = c.main(append([]string{"--vault", tc.vault}, args...))
	return out.String(), errOut.String(), code
}

const keyringUsed = "twofold: unlocking with the desktop keyring\n"

func TestUnlockKeyring(t *testing.T) {
	fake := &keyringtest.Fake{}
	tc := newTestCLI(t)
	tc.deps.keyring = fake
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	if out := tc.ok("unlock", "list"); out != "passphrase  the passphrase\n" {
		t.Errorf("list before: %q", out)
	}
	tc.ok("unlock", "add", "keyring")
	if len(fake.Entries) != 1 {
		t.Fatalf("keyring entries: %d", len(fake.Entries))
	}
	var ways []vault.Way
	if err := json.Unmarshal([]byte(tc.ok("unlock", "list", "--json")), &ways); err != nil {
		t.Fatal(err)
	}
	if len(ways) != 2 || ways[0].Kind != "passphrase" || ways[1].Kind != "keyring" || fake.Entries[ways[1].Item] == nil {
		t.Fatalf("ways %+v", ways)
	}
	// No passphrase at hand: the keyring opens it, and says so.
	out, errOut, code := tc.runNoPassphrase("list")
	if code != 0 || errOut != keyringUsed || !strings.Contains(out, "alice") {
		t.Fatalf("list through the keyring: exit %d, %q, %q", code, out, errOut)
	}
	_, errOut, code = tc.runNoPassphrase("add", "otpauth://totp/GitLab:bob?secret=KRUGS4ZANFZSAYJA")
	if code != 0 || errOut != keyringUsed {
		t.Fatalf("add through the keyring: exit %d, %q", code, errOut)
	}
	// passwd changes the passphrase slot only: the keyring still opens it.
	tc.writeFile("new", "a different passphrase entirely\n")
	tc.ok("passwd", "--new-passphrase-file", tc.dir+"/new")
	tc.writeFile("pass", "a different passphrase entirely\n")
	if out, errOut, code := tc.runNoPassphrase("list"); code != 0 || !strings.Contains(out, "bob") {
		t.Fatalf("after passwd: exit %d, %q", code, errOut)
	}
	// Adding again replaces the way and its entry.
	tc.ok("unlock", "add", "keyring")
	if len(fake.Entries) != 1 || fake.Entries[ways[1].Item] != nil {
		t.Errorf("after a second add: %d entries, the old one kept: %v", len(fake.Entries), fake.Entries[ways[1].Item] != nil)
	}
	tc.ok("unlock", "rm", "keyring")
	if len(fake.Entries) != 0 {
		t.Errorf("rm left %d keyring entries", len(fake.Entries))
	}
	if out := tc.ok("unlock", "list"); out != "passphrase  the passphrase\n" {
		t.Errorf("list after rm: %q", out)
	}
	_, errOut, code = tc.runNoPassphrase("list")
	if code == 0 || errOut != "twofold: "+errNoPassphrase.Error()+"\n" {
		t.Errorf("after rm, without a passphrase: exit %d, %q", code, errOut)
	}
	tc.fails("unlock rm keyring: the vault has no keyring way in", "unlock", "rm", "keyring")
	tc.fails("unlock: want", "unlock", "add", "floppy")
}

// A keyring that cannot open the vault is one line, then the passphrase
// (here there is none to ask: no terminal); the vault is left alone.
func TestUnlockKeyringBadInput(t *testing.T) {
	fake := &keyringtest.Fake{}
	tc := newTestCLI(t)
	tc.deps.keyring = fake
	tc.ok("init")
	tc.ok("unlock", "add", "keyring")
	var item string
	for item = range fake.Entries {
	}
	good := fake.Entries[item]
	cases := []struct {
		name  string
		setup func()
		want  string
	}{
		{"entry deleted", func() { delete(fake.Entries, item) }, "its entry is no longer in the keyring"},
		{"entry replaced", func() { fake.Entries[item] = bytes.Repeat([]byte{1}, 32) }, "its entry in the keyring holds another key"},
		{"entry not a key", func() { fake.Entries[item] = []byte("hunter2") }, "its entry in the keyring holds another key"},
		{"no keyring service", func() {
			fake.Err = fmt.Errorf("%w: dbus: no session bus", keyring.ErrUnavailable)
		}, "the desktop keyring is not available: dbus: no session bus"},
	}
	before := tc.vaultBytes()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake.Entries = map[string][]byte{item: good}
			fake.Err = nil
			c.setup()
			_, errOut, code := tc.runNoPassphrase("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
			want := "twofold: the desktop keyring did not open the vault: " + c.want
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if code == 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], want) || !strings.HasSuffix(lines[0], "; trying the next way in") ||
				lines[1] != "twofold: "+errNoPassphrase.Error() {
				t.Errorf("exit %d, stderr %q; want %q then the passphrase", code, errOut, want)
			}
			if !bytes.Equal(tc.vaultBytes(), before) {
				t.Error("the vault changed")
			}
		})
	}
	// A keyring that refuses to store: one line, nothing changes.
	fake.Err = errors.New("refused")
	tc.fails("unlock add keyring: refused", "unlock", "add", "keyring")
	if !bytes.Equal(tc.vaultBytes(), before) {
		t.Error("the vault changed")
	}
}

// The keyring way on a real gnome-keyring-daemon: the entry another
// program reads holds a random key, neither the passphrase nor a seed.
func TestUnlockGnomeKeyring(t *testing.T) {
	if !testtool.InKeyringSession(t) {
		return
	}
	tc := newTestCLI(t)
	tc.deps.keyring = keyring.OS{}
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	tc.ok("unlock", "add", "keyring")
	var ways []vault.Way
	if err := json.Unmarshal([]byte(tc.ok("unlock", "list", "--json")), &ways); err != nil || len(ways) != 2 {
		t.Fatalf("ways %v, %v", ways, err)
	}
	held, err := exec.Command("secret-tool", "lookup", "service", keyring.Service, "username", ways[1].Item).Output()
	if err != nil {
		t.Fatalf("secret-tool lookup: %v", err)
	}
	text := strings.TrimSpace(string(held))
	key, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(key) != 32 {
		t.Errorf("the keyring entry is not the base64 of a 32-byte key (%d characters)", len(text))
	}
	seed, _ := base32.StdEncoding.DecodeString("JBSWY3DPEHPK3PXP")
	for _, secret := range [][]byte{[]byte("correct horse battery staple"), []byte("JBSWY3DPEHPK3PXP"), seed} {
		if bytes.Contains(held, secret) || bytes.Contains(key, secret) {
			t.Errorf("the keyring entry holds %q", secret)
		}
	}
	out, errOut, code := tc.runNoPassphrase("list")
	if code != 0 || errOut != keyringUsed || !strings.Contains(out, "alice") {
		t.Fatalf("list through gnome-keyring: exit %d, %q, %q", code, out, errOut)
	}
	// Deleted behind Twofold's back.
	if out, err := exec.Command("secret-tool", "clear", "service", keyring.Service, "username", ways[1].Item).CombinedOutput(); err != nil {
		t.Fatalf("secret-tool clear: %v: %s", err, out)
	}
	before := tc.vaultBytes()
	_, errOut, code = tc.runNoPassphrase("list")
	if code == 0 || !strings.HasPrefix(errOut, "twofold: the desktop keyring did not open the vault: its entry is no longer in the keyring") {
		t.Errorf("entry deleted: exit %d, %q", code, errOut)
	}
	if !bytes.Equal(tc.vaultBytes(), before) {
		t.Error("the vault changed")
	}
	tc.ok("unlock", "add", "keyring")
	tc.ok("unlock", "rm", "keyring")
	if out, err := exec.Command("secret-tool", "search", "--all", "service", keyring.Service).CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) != 0 {
		t.Errorf("entries left after rm: %q, %v", out, err)
	}
}
