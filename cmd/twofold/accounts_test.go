package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

const aliceURI = "otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services"

// check runs 'check' and returns its stdout and exit status.
func (tc *testCLI) check(args ...string) (string, int) {
	tc.t.Helper()
	out, errOut, code := tc.run(append([]string{"check"}, args...)...)
	if code == exitCheckFailed {
		tc.t.Fatalf("check failed: %s", errOut)
	}
	return out, code
}

func TestCheckSingleFactorAWSRoot(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	if out, code := tc.check(); code != 0 || !strings.Contains(out, "No accounts") {
		t.Errorf("empty vault: exit %d, %q", code, out)
	}

	// Adding the AWS root seed creates its account, with the seed as its
	// only factor.
	out := tc.ok("add", awsURI)
	if !strings.Contains(out, "Created account AWS 123456789012 root") {
		t.Errorf("add did not report the link: %q", out)
	}
	out, code := tc.check()
	if code != exitFindings {
		t.Fatalf("one factor: check exits %d, want %d\n%s", code, exitFindings, out)
	}
	for _, want := range []string{"WARNING", "AWS 123456789012 root", "single factor", "root-account-mfa-device@123456789012", "locks the account", "(single_factor)"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}

	var j struct {
		Worst    string
		Findings []struct {
			Severity, Code, Account, Message, Fix string
			AccountID                             string `json:"account_id"`
			FactorID                              string `json:"factor_id"`
		}
		Accounts []struct {
			Name    string
			Factors int
			Worst   string
		}
	}
	raw, _, code := tc.run("check", "--json")
	if code != exitFindings {
		t.Errorf("check --json exits %d", code)
	}
	if err := json.Unmarshal([]byte(raw), &j); err != nil {
		t.Fatalf("check --json: %v\n%s", err, raw)
	}
	if j.Worst != "warning" || len(j.Accounts) != 1 || j.Accounts[0].Factors != 1 || j.Accounts[0].Worst != "warning" {
		t.Errorf("check --json: %+v", j)
	}
	var single bool
	for _, f := range j.Findings {
		if f.Severity == "" || f.Message == "" || f.Fix == "" || f.AccountID == "" {
			t.Errorf("incomplete finding %+v", f)
		}
		single = single || (f.Code == "single_factor" && f.Severity == "warning" && f.Account == "AWS 123456789012 root" && f.FactorID != "")
	}
	if !single {
		t.Errorf("no single_factor warning in %s", raw)
	}
	// The JSON keys are snake_case.
	if !strings.Contains(raw, `"account_id"`) || !strings.Contains(raw, `"factor_id"`) {
		t.Errorf("JSON keys: %s", raw)
	}

	// A second factor clears the warning; what is left is information.
	tc.ok("factor", "add", "root", "--kind", "key", "--key", "12345678", "--use", "fido", "--new-key")
	tc.ok("account", "edit", "root", "--email", "root@example.com", "--phone", "080-1234-5678", "--region", "JP")
	out, code = tc.check()
	if code != 0 || strings.Contains(out, "single_factor") || strings.Contains(out, "WARNING") {
		t.Errorf("two factors: check exits %d\n%s", code, out)
	}
	if !strings.Contains(out, "seed_unverified") || !strings.Contains(out, "key_never_seen") {
		t.Errorf("two factors: info findings missing\n%s", out)
	}
	list := tc.ok("account", "list")
	for _, want := range []string{"+818012345678", "root@example.com", "key 12345678 (fido)", "Amazon Web Services (root-account-mfa-device@123456789012)"} {
		if !strings.Contains(list, want) {
			t.Errorf("account list lacks %q:\n%s", want, list)
		}
	}
}

func TestSeedRemovalUpdatesInventory(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	tc.ok("factor", "add", "root", "--kind", "app", "--label", "old phone")
	if _, code := tc.check(); code != 0 {
		t.Fatalf("two factors: check exits %d", code)
	}
	before := tc.vaultBytes()
	tc.fails("is a factor of AWS 123456789012 root", "rm", "amazon")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Fatal("refused rm changed the vault")
	}
	if out := tc.ok("rm", "amazon", "--yes"); !strings.Contains(out, "Removed it from the factors of AWS 123456789012 root") {
		t.Errorf("rm output: %q", out)
	}
	if out, code := tc.check(); code != exitFindings || !strings.Contains(out, "app on old phone") {
		t.Errorf("after rm: check exits %d\n%s", code, out)
	}
}

func TestFactorLinkAndRemove(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", aliceURI) // creates "AWS 123456789012 alice"
	tc.ok("account", "add", "Prod root", "--aws-account", "123456789012", "--principal", "root")
	if out := tc.ok("factor", "link", "alice", "Prod root"); !strings.Contains(out, "now a factor of Prod root") {
		t.Errorf("link: %q", out)
	}
	var accounts []struct {
		Name     string
		Provider string
		Factors  []struct {
			ID     string `json:"id"`
			SeedID string `json:"seed_id"`
		}
	}
	if err := json.Unmarshal([]byte(tc.ok("account", "list", "--json")), &accounts); err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 2 || len(accounts[0].Factors) != 0 || len(accounts[1].Factors) != 1 || accounts[1].Provider != "aws" {
		t.Fatalf("after link: %+v", accounts)
	}
	id := accounts[1].Factors[0].ID
	tc.fails("run again with --yes", "factor", "rm", "Prod root", id[:6])
	tc.ok("factor", "rm", "Prod root", id[:6], "--yes")
	out, _ := tc.check()
	if !strings.Contains(out, "CRITICAL") || !strings.Contains(out, "Prod root has no MFA factor") {
		t.Errorf("no factor left: %s", out)
	}
	tc.ok("account", "rm", "alice", "--yes")
	tc.ok("account", "rm", "prod", "--yes")
	if out := tc.ok("account", "list"); !strings.Contains(out, "No accounts") {
		t.Errorf("after account rm: %q", out)
	}
}

func TestAccountBadInputLeavesVaultUntouched(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	before := tc.vaultBytes()
	cases := []struct {
		want string
		args []string
	}{
		{"invalid phone number", []string{"account", "add", "x", "--phone", "080-1234", "--region", "JP"}},
		{"invalid phone number", []string{"account", "add", "x", "--phone", "banana", "--region", "JP"}},
		{"has no country code", []string{"account", "add", "x", "--phone", "080-1234-5678"}},
		{"unknown phone region", []string{"account", "add", "x", "--phone", "080-1234-5678", "--region", "XX"}},
		{"give both", []string{"account", "add", "x", "--region", "JP"}},
		{"must be 12 digits", []string{"account", "add", "x", "--aws-account", "12345678901"}},
		{"must be 12 digits", []string{"account", "edit", "root", "--aws-account", "1234567890123"}},
		{"invalid phone number", []string{"account", "edit", "root", "--phone", "+81 80 1234", "--region", "JP"}},
		{"invalid email address", []string{"account", "edit", "root", "--email", "root at example"}},
		{"unknown provider", []string{"account", "add", "x", "--provider", "gcp"}},
		{"already exists", []string{"account", "add", "aws 123456789012 ROOT"}},
		{"no account matches", []string{"account", "edit", "nothing", "--email", "a@b.example"}},
		{"no seed matches", []string{"factor", "add", "root", "--kind", "seed", "--seed", "nothing"}},
		{"already a factor", []string{"factor", "add", "root", "--kind", "seed", "--seed", "amazon"}},
		{"no such hardware key is known", []string{"factor", "add", "root", "--kind", "key", "--key", "999", "--use", "piv"}},
		{"unknown key use", []string{"factor", "add", "root", "--kind", "key", "--key", "999", "--use", "nfc", "--new-key"}},
		{"unknown factor kind", []string{"factor", "add", "root", "--kind", "pigeon"}},
		{"not a date", []string{"factor", "add", "root", "--kind", "sms", "--registered", "yesterday"}},
		{"no factor matches", []string{"factor", "rm", "root", "ffffffff", "--yes"}},
		{"cannot be undone", []string{"account", "rm", "root"}},
		{"unknown subcommand", []string{"account", "frob"}},
	}
	for _, c := range cases {
		tc.fails(c.want, c.args...)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Fatal("a failed command changed the vault")
	}
}

func TestCheckFailsWithExit2(t *testing.T) {
	tc := newTestCLI(t)
	if code := tc.fails("no vault file", "check"); code != exitCheckFailed {
		t.Errorf("check without a vault exits %d", code)
	}
	tc.ok("init")
	wrong := tc.writeFile("wrong", "nope\n")
	if code := tc.fails("wrong passphrase", "--passphrase-file", wrong, "check", "--json"); code != exitCheckFailed {
		t.Errorf("check with a wrong passphrase exits %d", code)
	}
}

// A seed factor counts as verified when the seed itself was verified on a
// second device ('twofold verify').
func TestVerifyClearsSeedUnverified(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	if out, _ := tc.check(); !strings.Contains(out, "seed_unlinked") {
		t.Errorf("unlinked seed not reported:\n%s", out)
	}
	tc.ok("account", "add", "GitHub")
	tc.ok("factor", "add", "github", "--kind", "seed", "--seed", "alice", "--registered", "2024-05-31")
	tc.ok("factor", "add", "github", "--kind", "backup_codes", "--label", "in the safe")
	tc.ok("add", awsURI)
	tc.ok("factor", "add", "root", "--kind", "passkey", "--label", "MacBook")
	out, code := tc.check()
	if code != 0 || strings.Count(out, "(seed_unverified)") != 2 || strings.Contains(out, "seed_unlinked") {
		t.Fatalf("before verify: exit %d\n%s", code, out)
	}
	// What to do is worded as the command to run, naming the seed.
	if !regexp.MustCompile(`Run: twofold qr [0-9a-f]{4,}, then twofold verify [0-9a-f]{4,} CODE --device NAME`).MatchString(out) {
		t.Errorf("no command to run for an unverified seed:\n%s", out)
	}
	tc.at(1111111109)
	tc.ok("verify", "amazon", "081 804")
	out, _ = tc.check()
	if strings.Count(out, "(seed_unverified)") != 1 || strings.Contains(out, "root-account-mfa-device@123456789012) of") {
		t.Errorf("after verify:\n%s", out)
	}
	tc.clock = time.Time{} // the real time again: --at may not be in the future
	tc.ok("factor", "verify", "github", tc.factorID("github", 1), "--at", "2025-01-02")
	if list := tc.ok("account", "list"); !strings.Contains(list, "verified 2025-01-02") || !strings.Contains(list, "registered 2024-05-31") || !strings.Contains(list, "verified 2005-03-18") {
		t.Errorf("account list dates:\n%s", list)
	}
}

// factorID returns the id of the n-th factor of the account named by
// query, from 'account list --json'.
func (tc *testCLI) factorID(query string, n int) string {
	tc.t.Helper()
	var accounts []inventory.Account
	if err := json.Unmarshal([]byte(tc.ok("account", "list", "--json")), &accounts); err != nil {
		tc.t.Fatal(err)
	}
	i, err := inventory.AccountIndex(accounts, query)
	if err != nil || len(accounts[i].Factors) <= n {
		tc.t.Fatalf("no factor %d on %q: %v", n, query, err)
	}
	return accounts[i].Factors[n].ID
}
