package awsiam

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// devProdSandbox is the organization the tests look at: alice (with a
// device) and bob (none) in dev, carol (with a device) in prod, nobody in
// sandbox.
var devProdSandbox = []iamtest.OrgAccount{
	{Name: "dev", Users: map[string]int{"alice": 1, "bob": 0}},
	{Name: "prod", Users: map[string]int{"carol": 1}},
	{Name: "sandbox"},
}

// orgIn returns the inventory account of principal in AWS account id.
func orgIn(t *testing.T, d *vault.Data, id, principal string) inventory.Account {
	t.Helper()
	for _, a := range d.Accounts {
		if a.AWSAccount == id && a.Principal == principal {
			return a
		}
	}
	t.Fatalf("no inventory account for %s in %s: %+v", principal, id, d.Accounts)
	return inventory.Account{}
}

func TestOrganizationSyncAgainstMoto(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	ids := f.Organization(t, devProdSandbox...)
	c := client(t) // pages of 2: the 4 accounts come in two pages
	var mu sync.Mutex
	var heard []Progress
	org, err := c.ReadOrganization(context.Background(), OrgOptions{Progress: func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, p)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Accounts) != 4 || !org.Complete() || org.Caller != iamtest.ManagementAccount || f.Calls("ListAccounts") != 2 {
		t.Fatalf("read %+v (%d ListAccounts calls): want the management account and 3 members, all read, in 2 pages", org, f.Calls("ListAccounts"))
	}
	if len(heard) != 4 || heard[3].Done != 4 || heard[0].Total != 4 {
		t.Errorf("progress %+v: want account 1 to 4 of 4", heard)
	}
	for _, name := range []string{"dev", "prod", "sandbox"} {
		if f.Calls("AssumeRole") < 3 || !slices.ContainsFunc(org.Accounts, func(m MemberRead) bool { return m.Account.ID == ids[name] && m.Read() }) {
			t.Errorf("%s (%s) not read through its role: %+v", name, ids[name], org.Accounts)
		}
	}

	var d vault.Data
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	reps, err := d.ApplyIAMs(org.Snapshots(), now)
	if err != nil {
		t.Fatal(err)
	}
	if a := orgIn(t, &d, ids["dev"], "alice"); len(a.Factors) != 1 || a.Factors[0].IAM == nil || a.Name != "AWS dev ("+ids["dev"]+") alice" {
		t.Errorf("alice: %+v, want her device", a)
	}
	if a := orgIn(t, &d, ids["prod"], "carol"); len(a.Factors) != 1 || a.Factors[0].IAM == nil {
		t.Errorf("carol: %+v, want her device", a)
	}
	if a := orgIn(t, &d, ids["dev"], "bob"); len(a.Factors) != 0 {
		t.Errorf("bob: %+v, want no factor", a)
	}
	if a := orgIn(t, &d, ids["sandbox"], inventory.RootPrincipal); a.Email != "sandbox@example.com" {
		t.Errorf("sandbox's root: %+v, want the email Organizations has", a)
	}
	var bob bool
	for i, m := range org.Snapshots() {
		bob = bob || (m.AccountID == ids["dev"] && slices.Contains(reps[i].Findings, inventory.IAMFinding{Code: inventory.IAMUserNoMFA, Principal: "bob"}))
	}
	if !bob {
		t.Errorf("bob is not reported without MFA: %+v", reps)
	}

	again, err := c.ReadOrganization(context.Background(), OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := d.Clone()
	if _, err := d.ApplyIAMs(again.Snapshots(), now.Add(time.Minute)); !errors.Is(err, vault.ErrUnchanged) {
		t.Errorf("a second sync with nothing changed: %v, want vault.ErrUnchanged", err)
	}
	if len(d.Accounts) != len(before.Accounts) {
		t.Errorf("the second sync changed the accounts")
	}
}

// TestOrganizationRootCredentialsManaged: with root access managed
// centrally, a member whose root has no credentials at all is safe, not
// a finding; a member whose root has a password and no MFA is one.
func TestOrganizationRootCredentialsManaged(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	ids := f.Organization(t, devProdSandbox...)
	f.Features("RootCredentialsManagement", "RootSessions")
	for _, name := range []string{"dev", "prod"} {
		f.RootPassword(ids[name], false)
	}
	f.RootPassword(ids["sandbox"], true)
	org, err := client(t).ReadOrganization(context.Background(), OrgOptions{})
	if err != nil || !org.RootCredentialsManaged {
		t.Fatalf("read %+v, %v: want root credentials managed centrally", org, err)
	}
	var d vault.Data
	reps, _ := d.ApplyIAMs(org.Snapshots(), time.Now())
	for i, s := range org.Snapshots() {
		noMFA := slices.Contains(reps[i].Findings, inventory.IAMFinding{Code: inventory.IAMRootNoMFA, Principal: inventory.RootPrincipal})
		switch s.AccountID {
		case ids["dev"], ids["prod"]:
			if !reps[i].NoRootCredentials || noMFA {
				t.Errorf("%s: %+v, want no root credentials, said as safe", s.AccountID, reps[i])
			}
		case ids["sandbox"]:
			if reps[i].NoRootCredentials || !noMFA {
				t.Errorf("sandbox: %+v, want root without MFA found", reps[i])
			}
		}
	}
}

// TestOrganizationBadInput: what cannot be read is said per account or
// per run, and the other accounts go on.
func TestOrganizationBadInput(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	ids := f.Organization(t, append(slices.Clone(devProdSandbox), iamtest.OrgAccount{Name: "old", Closed: true})...)

	t.Run("suspended account skipped", func(t *testing.T) {
		org, err := client(t).ReadOrganization(context.Background(), OrgOptions{})
		if err != nil || !org.Complete() || len(org.Snapshots()) != 4 {
			t.Fatalf("%+v, %v: want 4 accounts read, the closed one skipped", org, err)
		}
		i := slices.IndexFunc(org.Accounts, func(m MemberRead) bool { return m.Account.ID == ids["old"] })
		if i < 0 || !org.Accounts[i].Skipped || org.Accounts[i].Account.State != "SUSPENDED" {
			t.Errorf("the closed account: %+v", org.Accounts)
		}
	})
	t.Run("role refused in one account", func(t *testing.T) {
		f.RefuseRole(ids["prod"])
		defer f.AllowRole(ids["prod"])
		org, err := client(t).ReadOrganization(context.Background(), OrgOptions{})
		if err != nil || org.Complete() || len(org.Snapshots()) != 3 {
			t.Fatalf("%+v, %v: want 3 read and prod not", org, err)
		}
		for _, m := range org.Accounts {
			if m.Account.ID == ids["prod"] && (!errors.Is(m.Err, ErrRoleRefused) || !strings.Contains(m.Err.Error(), ":role/OrganizationAccountAccessRole") || strings.Contains(m.Err.Error(), "\n")) {
				t.Errorf("prod: %v, want one line saying the role was refused", m.Err)
			}
		}
	})
	t.Run("throttled", func(t *testing.T) {
		f.ThrottleIn(ids["dev"], "ListUsers", 2)
		f.ThrottleIn(ids["sandbox"], "ListUsers", 100)
		org, err := client(t).ReadOrganization(context.Background(), OrgOptions{Role: DefaultRole})
		f.ThrottleIn(ids["sandbox"], "ListUsers", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range org.Accounts {
			switch m.Account.ID {
			case ids["dev"]:
				if !m.Read() {
					t.Errorf("dev, throttled twice, was not read: %v", m.Err)
				}
			case ids["sandbox"]:
				if !errors.Is(m.Err, ErrThrottled) {
					t.Errorf("sandbox, throttled throughout: %v, want ErrThrottled", m.Err)
				}
			}
		}
	})
	t.Run("member credentials", func(t *testing.T) {
		f.UseMember(t, ids["dev"])
		_, err := client(t).ReadOrganization(context.Background(), OrgOptions{})
		if !errors.Is(err, ErrNoOrganizationAccess) || strings.Contains(err.Error(), "\n") {
			t.Errorf("got %v, want one line wrapping ErrNoOrganizationAccess", err)
		}
	})
	t.Run("endpoint stopped halfway", func(t *testing.T) {
		f.StopAfter(12)
		defer f.StopAfter(-1)
		_, err := client(t).ReadOrganization(context.Background(), OrgOptions{})
		if !errors.Is(err, ErrNetwork) || strings.Contains(err.Error(), "\n") {
			t.Errorf("got %v, want one line wrapping ErrNetwork", err)
		}
	})
}
