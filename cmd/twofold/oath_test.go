package main

import (
	"strings"
	"testing"
	"time"

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
