package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/vault"
)

// TestStoredKeyFindingsReachCheck shows that a key's findings, stored when
// it was last seen, reach the accounts that use it while it is unplugged,
// and that a key can be given a nickname.
func TestStoredKeyFindingsReachCheck(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("account", "add", "Work SSO")
	tc.ok("factor", "add", "Work SSO", "--kind", "key", "--key", "7", "--use", "piv", "--new-key")
	tc.ok("factor", "add", "Work SSO", "--kind", "passkey", "--label", "laptop")
	pass := strings.TrimSpace(strings.SplitN(tc.readFile("pass"), "\n", 2)[0])
	err := vault.Edit(tc.vault, pass, func(v *vault.Vault) error {
		v.Data.Keys = inventory.RecordSightings(v.Data.Keys, sightings([]piv.State{{Serial: 7, Findings: []piv.Finding{
			{Severity: "warning", Code: "default_pin", Message: "The PIN is the factory default.", Fix: "Change it."},
		}}}), time.Now())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := tc.run("check", "--json")
	if code != exitFindings {
		t.Errorf("check exits %d, want %d", code, exitFindings)
	}
	var got checkJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range got.Findings {
		found = found || f.Code == "key.default_pin"
	}
	if !found {
		t.Errorf("no key.default_pin finding: %+v", got.Findings)
	}

	tc.ok("keys", "name", "7", "blue keyring")
	tc.fails("no key 8", "keys", "name", "8", "x")
	tc.fails("not a serial number", "keys", "name", "seven", "x")
	v, err := vault.Open(tc.vault, pass)
	if err != nil {
		t.Fatal(err)
	}
	if v.Data.Keys[0].Nickname != "blue keyring" {
		t.Errorf("nickname %q", v.Data.Keys[0].Nickname)
	}
	// The factor goes by one name, with the key's nickname, everywhere:
	// the findings say it as the app's account page does.
	tc.ok("factor", "rm", "Work SSO", v.Data.Accounts[0].Factors[1].ID, "--yes")
	if out, _ := tc.check(); !strings.Contains(out, `single factor, key 7 "blue keyring" (piv)`) {
		t.Errorf("the single key factor is not named with its nickname:\n%s", out)
	}
}
