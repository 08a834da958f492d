package main

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/vault"
)

// 'check' lists where a seed has copies, with when each was last checked,
// as recorded by 'oath add' and 'oath code' (which need a key, and are
// tested on the virtual keys by scripts/test-hardware.sh).
func TestCheckSaysWhereCopiesAre(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "--issuer", "GitHub", "--account", "carol", "--secret", "JBSWY3DPEHPK3PXP")
	checked := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	pass := strings.TrimSpace(tc.readFile("pass"))
	err := vault.Edit(tc.vault, pass, func(v *vault.Vault) error {
		return v.Data.RecordCopy(v.Data.Seeds[0].ID, 12345678, "GitHub:carol", checked)
	})
	if err != nil {
		t.Fatal(err)
	}
	tc.clock = checked.Add(3*24*time.Hour + time.Hour)
	out, _ := tc.check()
	want := "seed GitHub (carol) has copies on: this vault, YubiKey 12345678 (checked 3 days ago)"
	if !strings.Contains(out, want) || !strings.Contains(out, "(seed_copies)") {
		t.Errorf("check output lacks %q:\n%s", want, out)
	}
	out, _ = tc.check("--json")
	if !strings.Contains(out, `"code": "seed_copies"`) {
		t.Errorf("check --json lacks the seed_copies finding:\n%s", out)
	}
}

// A key locked by an OATH access password, with no --password-file and
// no terminal to ask on: the error names the flag that gives the key's
// password, not the vault's --passphrase-file.
func TestOATHPasswordWithoutTerminalNamesTheFlag(t *testing.T) {
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	none := ""
	_, err := c.oathPassword(oathFlags{key: &none, passwordFile: &none}, 20000001)
	want := "the YubiKey's OATH application is protected by a password on YubiKey 20000001: give it with --password-file, or run in a terminal"
	if !errors.Is(err, oath.ErrPasswordRequired) || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
