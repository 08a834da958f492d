package main

import (
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/oath/oathtest"
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

func oathtoolTOTP(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	out, err := exec.Command(testtool.Require(t, "oathtool"), "--totp", "--base32",
		"--now="+at.UTC().Format("2006-01-02 15:04:05 UTC"), secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// 'oath code' on a virtual key: standard output is the key's code alone
// (what a script or aws-vault's mfa_process reads), the comparison with
// the vault goes to standard error, and "touch" is said only for a
// credential that asks for it.
func TestOATHCodeStdoutIsTheCodeAlone(t *testing.T) {
	const secret, other = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP"
	tc := newTestCLI(t)
	keys := oathtest.New(t, vyubikey.Config{Serial: 10000002})
	tc.deps.oath = keys
	tc.at(time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC).Unix())
	tc.ok("init")
	tc.ok("add", "--issuer", "GitHub", "--account", "carol", "--secret", secret)
	tc.ok("add", "--issuer", "Corp", "--account", "dave", "--secret", other)
	tc.ok("oath", "add", "carol", "--key", "10000002")
	tc.ok("oath", "add", "dave", "--key", "10000002", "--touch")

	want := oathtoolTOTP(t, secret, tc.clock)
	out, errOut, code := tc.run("oath", "code", "carol", "--key", "10000002")
	if code != 0 || out != want+"\n" {
		t.Errorf("oath code: exit %d, stdout %q, want %q alone", code, out, want+"\n")
	}
	if !strings.Contains(errOut, "the same as the vault's code") || strings.Contains(strings.ToLower(errOut), "touch") {
		t.Errorf("oath code of a credential without touch: stderr %q", errOut)
	}
	out, errOut, code = tc.run("oath", "code", "dave", "--key", "10000002")
	if want := oathtoolTOTP(t, other, tc.clock); code != 0 || out != want+"\n" {
		t.Errorf("oath code of a touch credential: exit %d, stdout %q, want %q", code, out, want+"\n")
	}
	if !strings.Contains(errOut, "touch YubiKey 10000002") {
		t.Errorf("oath code of a touch credential does not ask for the touch: %q", errOut)
	}

	// Another secret under the same name, written behind Twofold's back:
	// the key's code still comes alone on stdout, the difference on stderr.
	s, err := oath.Select(vyubikey.Direct{Card: keys.Card(10000002)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(token.Seed{Kind: token.TOTP, Issuer: "GitHub", Account: "carol", Secret: other, Algorithm: token.SHA1, Digits: 6, Period: 30}, false, true); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = tc.run("oath", "code", "carol", "--key", "10000002")
	if want := oathtoolTOTP(t, other, tc.clock); code != 1 || out != want+"\n" || !strings.Contains(errOut, "differs from the vault's") {
		t.Errorf("a changed copy: exit %d, stdout %q (want %q), stderr %q", code, out, want, errOut)
	}
}

// Two keys and no --key: the one line names both serials and the flag.
func TestOATHTwoKeysNamesThem(t *testing.T) {
	tc := newTestCLI(t)
	tc.deps.oath = oathtest.New(t, vyubikey.Config{Serial: 10000002}, vyubikey.Config{Serial: 10000001})
	tc.ok("init")
	tc.fails("more than one YubiKey is plugged in (10000001, 10000002): name one with --key SERIAL", "oath", "list")
	tc.fails("YubiKey 10000003: no YubiKey found", "oath", "list", "--key", "10000003")
	tc.ok("oath", "list", "--key", "10000001")
}
