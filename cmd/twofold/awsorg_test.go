package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// TestAWSSyncOrganization: an organization with dev (alice with a device,
// bob none), prod (carol with a device), sandbox (nobody) and a closed
// account, synced in one run against moto; then a second run, a refused
// role and a stopped endpoint.
func TestAWSSyncOrganization(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	ids := f.Organization(t,
		iamtest.OrgAccount{Name: "dev", Users: map[string]int{"alice": 1, "bob": 0}},
		iamtest.OrgAccount{Name: "prod", Users: map[string]int{"carol": 1}},
		iamtest.OrgAccount{Name: "sandbox"},
		iamtest.OrgAccount{Name: "old", Closed: true})

	out, errOut, code := tc.run("aws", "sync", "--organization")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{
		"AWS account " + ids["dev"] + " (dev), as an IAM principal",
		"IAM has 1 MFA device for alice; your inventory had none",
		"FINDING  bob has no MFA device",
		"IAM has 1 MFA device for carol; your inventory had none",
		"AWS account " + ids["old"] + " (old): suspended, not read",
		"Read 4 accounts of 5; 1 not active, skipped.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "account 5 of 5: ") || strings.Count(errOut, "\n") != 5 {
		t.Errorf("progress on stderr:\n%s", errOut)
	}
	var accounts []inventory.Account
	if err := json.Unmarshal([]byte(tc.ok("account", "list", "--json")), &accounts); err != nil {
		t.Fatal(err)
	}
	has := map[string]int{}
	for _, a := range accounts {
		has[a.AWSAccount+"/"+a.Principal] = len(a.Factors)
	}
	for key, n := range map[string]int{ids["dev"] + "/alice": 1, ids["dev"] + "/bob": 0, ids["prod"] + "/carol": 1, ids["sandbox"] + "/root": 0} {
		if got, ok := has[key]; !ok || got != n {
			t.Errorf("inventory %v: want %s with %d factors", has, key, n)
		}
	}

	before := tc.vaultBytes()
	tc.ok("aws", "sync", "--organization")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a second run with nothing changed rewrote the vault")
	}

	f.RefuseRole(ids["prod"])
	out, errOut, code = tc.run("aws", "sync", "--organization", "--json")
	var js awsOrgJSON
	if err := json.Unmarshal([]byte(out), &js); err != nil || code != 1 || js.Complete {
		t.Fatalf("refused role: exit %d, %v, %s", code, err, out)
	}
	for _, a := range js.Accounts {
		if a.ID == ids["prod"] && (a.Read || !strings.Contains(a.Error, "the role cannot be assumed: AWS refused sts:AssumeRole into arn:aws:iam::"+ids["prod"]+":role/OrganizationAccountAccessRole")) {
			t.Errorf("prod in the JSON: %+v", a)
		}
		if a.ID == ids["dev"] && (!a.Read || a.Sync == nil || len(a.Sync.Accounts) != 3) {
			t.Errorf("dev in the JSON: %+v", a)
		}
	}
	if !strings.HasSuffix(errOut, "twofold: 1 account of the organization could not be read; the others were synced\n") {
		t.Errorf("stderr:\n%s", errOut)
	}
	f.AllowRole(ids["prod"])

	// Something new in AWS, then AWS stops answering halfway: nothing of
	// the run is written.
	f.RootMFA(ids["sandbox"], true)
	before = tc.vaultBytes()
	f.StopAfter(10)
	_, errOut, code = tc.run("aws", "sync", "--organization")
	if code != 1 || !strings.Contains(errOut, "AWS cannot be reached") || !strings.Contains(errOut, "(the vault is unchanged)") || !bytes.Equal(before, tc.vaultBytes()) {
		t.Errorf("stopped endpoint: exit %d, stderr %q, vault changed %v", code, errOut, !bytes.Equal(before, tc.vaultBytes()))
	}
}

// TestAWSSyncMemberCredentials: a member account's credentials cannot
// list the organization: one line, nothing written.
func TestAWSSyncMemberCredentials(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	ids := f.Organization(t, iamtest.OrgAccount{Name: "dev"})
	f.UseMember(t, ids["dev"])
	before := tc.vaultBytes()
	tc.fails("these credentials cannot list the organization's accounts", "aws", "sync", "--organization")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("the vault changed")
	}
}

// TestAWSSyncRootSeedUnknownToAWS: IAM lists no MFA device for root while
// the vault holds a root seed; the sync says AWS does not know it, the
// check stops counting it, and 'factor verify' says otherwise.
func TestAWSSyncRootSeedUnknownToAWS(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	iamtest.Start(t, iamtest.NewClock(time.Now()))
	tc.ok("add", "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=JBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services")
	out := tc.ok("aws", "sync")
	if !strings.Contains(out, "FINDING  AWS does not know root's seed Amazon Web Services (root-account-mfa-device@123456789012)") ||
		!strings.Contains(out, "your inventory no longer counts seed Amazon Web Services") {
		t.Errorf("sync:\n%s", out)
	}
	out, _, code := tc.run("check", "--json")
	var got checkJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 1 {
		t.Fatalf("check: exit %d, %v", code, err)
	}
	var factor, account string
	for _, x := range got.Findings {
		if x.Code == inventory.CodeAWSUnknownFactor {
			factor, account = x.FactorID, x.Account
		}
	}
	if factor == "" {
		t.Fatalf("check %s: no %s", out, inventory.CodeAWSUnknownFactor)
	}
	if text, _, _ := tc.run("check"); !strings.Contains(text, "twofold factor verify \""+account+"\" "+factor) {
		t.Errorf("check does not say how to confirm it:\n%s", text)
	}
	tc.ok("factor", "verify", account, factor)
	if out, _, _ := tc.run("check", "--json"); strings.Contains(out, inventory.CodeAWSUnknownFactor) || strings.Contains(out, `"no_factor"`) {
		t.Errorf("after factor verify: %s", out)
	}
	before := tc.vaultBytes()
	if out := tc.ok("aws", "sync"); strings.Contains(out, "AWS does not know") {
		t.Errorf("a sync after the user confirmed it:\n%s", out)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a second sync with nothing changed rewrote the vault")
	}
}
