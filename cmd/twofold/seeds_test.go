package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"

	"github.com/gofrs/flock"
)

const awsURI = "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services"

func TestInitAddListCode(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	if fi, err := os.Stat(tc.vault); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("vault after init: %v, %v", fi, err)
	}
	out := tc.ok("add", awsURI)
	if !strings.Contains(out, "AWS virtual MFA device") || !strings.Contains(out, "123456789012") {
		t.Errorf("add did not recognise the AWS seed: %q", out)
	}
	tc.ok("add", "--issuer", "GitHub", "--account", "alice", "--secret", "gezd gnbv gy3t qojq", "--digits", "8", "--algorithm", "sha256", "--period", "60")

	var list []map[string]any
	if err := json.Unmarshal([]byte(tc.ok("list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0]["issuer"] != "Amazon Web Services" || list[1]["digits"] != 8.0 {
		t.Errorf("list --json: %v", list)
	}
	if _, ok := list[0]["aws"].(map[string]any); !ok {
		t.Errorf("AWS seed lacks the aws object: %v", list[0])
	}
	if strings.Contains(tc.ok("list", "--json"), "GEZDGNBV") {
		t.Error("list --json prints the secret")
	}

	// RFC 6238: at 1111111109 the SHA-1 secret "12345678901234567890"
	// gives 07081804 (8 digits), so 6 digits give 081804; the next period
	// (1111111111) gives 14050471, so 050471.
	tc.at(1111111109)
	if got := tc.ok("code", "amazon"); got != "081804\n" {
		t.Errorf("code: %q", got)
	}
	if got := tc.ok("code", "--next", "amazon"); got != "081804\n050471\n" {
		t.Errorf("code --next: %q", got)
	}
	var code codeJSON
	if err := json.Unmarshal([]byte(tc.ok("code", "amazon", "--json")), &code); err != nil {
		t.Fatal(err)
	}
	if code.Code != "081804" || code.NextCode != "050471" || code.RemainingSeconds != 1 || code.Period != 30 {
		t.Errorf("code --json: %+v", code)
	}
}

func TestCodeQueryErrors(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	tc.ok("add", "--force", "otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXP")
	tc.fails(`no seed matches "nothing"`, "code", "nothing")
	tc.fails(`"alice" matches 2: GitHub (alice) [`, "code", "alice")
	tc.fails("wrong number of arguments", "code")
}

func TestBadInputLeavesVaultUntouched(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	before := tc.vaultBytes()
	cases := []struct {
		want string
		args []string
	}{
		{"malformed otpauth URI", []string{"add", "https://example.com"}},
		{"invalid secret: not base32", []string{"add", "otpauth://totp/x?secret=not-base32!"}},
		{"unsupported algorithm", []string{"add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"}},
		{"unsupported number of digits: 5", []string{"add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5"}},
		{"unsupported number of digits: 9", []string{"add", "--account", "a", "--secret", "JBSWY3DPEHPK3PXP", "--digits", "9"}},
		{"invalid period: 0", []string{"add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0"}},
		{"invalid period: -30", []string{"add", "--account", "a", "--secret", "JBSWY3DPEHPK3PXP", "--period", "-30"}},
		{"no seed matches", []string{"rm", "nothing", "--yes"}},
		{"cannot be undone", []string{"rm", "amazon"}},
		{"give one of", []string{"add"}},
	}
	for _, c := range cases {
		tc.fails(c.want, c.args...)
	}
	wrong := tc.writeFile("wrong", "not the passphrase\n")
	tc.fails("wrong passphrase", "--passphrase-file", wrong, "list")
	tc.fails("wrong passphrase", "--passphrase-file", wrong, "add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Fatal("a failed command changed the vault")
	}

	if err := os.WriteFile(tc.vault, before[:len(before)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	tc.fails("is damaged and cannot be read; the version before the last save is "+tc.vault+".bak", "list")
	if err := os.WriteFile(tc.vault, before, 0o600); err != nil {
		t.Fatal(err)
	}

	lock := flock.New(tc.vault + ".lock")
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("could not take the lock: %v", err)
	}
	if code := tc.fails("locked by another process (waited 100ms); try again, or wait longer with --wait", "--wait", "100ms", "add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"); code != exitLocked {
		t.Errorf("a locked vault: exit %d, want %d", code, exitLocked)
	}
	if err := lock.Unlock(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Fatal("a failed command changed the vault")
	}
	tc.fails("no vault file", "--vault", filepath.Join(tc.dir, "none.age"), "list")
	tc.fails("already exists", "init")
	if code := tc.fails("unknown command", "frobnicate"); code != exitUsage {
		t.Errorf("unknown command exits %d", code)
	}
}

func TestRenameRemovePasswd(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	tc.ok("rename", "github", "--issuer", "GitHub Enterprise", "--account", "alice@corp")
	if out := tc.ok("list"); !strings.Contains(out, "GitHub Enterprise") || !strings.Contains(out, "alice@corp") {
		t.Errorf("list after rename: %q", out)
	}
	newPass := tc.writeFile("new", "a new passphrase\n")
	tc.ok("passwd", "--new-passphrase-file", newPass)
	tc.fails("wrong passphrase", "list")
	tc.ok("--passphrase-file", newPass, "rm", "enterprise", "--yes")
	if out := tc.ok("--passphrase-file", newPass, "list"); !strings.Contains(out, "No seeds yet") {
		t.Errorf("list after rm: %q", out)
	}
}

func TestVerifyMarksSeed(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	tc.at(1111111109)
	tc.fails("does not match", "verify", "amazon", "123456")
	tc.ok("verify", "amazon", "081 804")
	var list []map[string]any
	json.Unmarshal([]byte(tc.ok("list", "--json")), &list)
	if list[0]["verified"] == nil {
		t.Errorf("verified time not recorded: %v", list[0])
	}
}

func TestEnvironmentVariables(t *testing.T) {
	tc := newTestCLI(t)
	t.Setenv("TWOFOLD_VAULT", tc.vault)
	t.Setenv("TWOFOLD_PASSPHRASE_FILE", tc.passphrase)
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	if code := c.main([]string{"init"}); code != 0 {
		t.Fatalf("init from environment: %s", errOut.String())
	}
	if _, err := os.Stat(tc.vault); err != nil {
		t.Fatal("TWOFOLD_VAULT not honoured")
	}
}

func TestNoPassphraseWithoutTerminal(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	if code := c.main([]string{"--vault", tc.vault, "list"}); code == 0 || !strings.Contains(errOut.String(), "no passphrase") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestBackupQRReadByZbarimg writes a seed's backup QR as PNG and has an
// independent decoder (zbarimg, from zbar-tools) read it back to the same
// seed.
func TestBackupQRReadByZbarimg(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	png := filepath.Join(tc.dir, "backup.png")
	_, errOut, code := tc.run("qr", "amazon", "-o", png)
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(errOut, "anyone who sees it") {
		t.Errorf("no warning before showing the QR: %q", errOut)
	}
	if fi, err := os.Stat(png); err != nil {
		t.Fatalf("QR file: %v", err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("QR file mode: %v", fi.Mode())
	}
	out, err := exec.Command(zbarimg, "--quiet", "--raw", png).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	decoded := strings.TrimSpace(string(out))
	// The same secret again is refused, with a line that says how to
	// add it anyway; --force adds it.
	before := tc.vaultBytes()
	tc.fails("the vault already holds this secret, as Amazon Web Services (root-account-mfa-device@123456789012) (nothing added; to add it again anyway: --force)", "add", decoded)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused duplicate changed the vault")
	}
	tc.ok("add", "--force", decoded)
	var list []map[string]any
	if err := json.Unmarshal([]byte(tc.ok("list", "--json")), &list); err != nil || len(list) != 2 {
		t.Fatalf("list --json after the QR round trip: %d seeds, %v", len(list), err)
	}
	a, b := list[0], list[1]
	for _, k := range []string{"issuer", "account", "algorithm", "digits", "period"} {
		if a[k] != b[k] {
			t.Errorf("%s: %v after the QR round trip, was %v", k, b[k], a[k])
		}
	}
	tc.at(1111111109)
	if first, second := tc.ok("code", a["id"].(string)), tc.ok("code", b["id"].(string)); first != second {
		t.Errorf("codes differ after the QR round trip: %s vs %s", first, second)
	}
	// Adding from the image itself goes through our own decoder.
	tc.ok("add", "--force", "--qr", png)
}
