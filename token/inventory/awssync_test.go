package inventory

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/finding"
)

func TestApplyIAMMatchesSeedsMarksGoneKeepsHandRecords(t *testing.T) {
	now := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	seed := token.Seed{ID: "s1", Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "alice@123456789012", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
	newID := counter()
	accounts, _ := LinkSeed(nil, seed, now, newID)
	accounts[0].Factors = append(accounts[0].Factors, Factor{ID: "hand", Kind: AppFactor, Label: "Pixel 9"})
	enabled := true
	snap := IAMSnapshot{AccountID: "123456789012", UsersListed: true, VirtualListed: true, Users: []string{"alice", "bob"}, RootMFAEnabled: &enabled,
		Devices: []IAMDevice{
			{Serial: "arn:aws:iam::123456789012:mfa/alice", Type: IAMVirtual, User: "alice", Enabled: now},
			{Serial: "arn:aws:iam::123456789012:u2f/user/alice/key-ABC", Type: IAMFIDO, User: "alice", Enabled: now},
		}}
	accounts, rep := ApplyIAM(accounts, []token.Seed{seed}, snap, now, newID)
	alice := accounts[findAWSAccount(accounts, "123456789012", "alice")]
	if len(alice.Factors) != 3 || alice.Factors[0].SeedID != "s1" || alice.Factors[0].IAM == nil || alice.Factors[2].Kind != PasskeyFactor {
		t.Fatalf("alice's factors %+v: want the seed tied to its device, the hand record, a FIDO key", alice.Factors)
	}
	if !slices.Contains(rep.Changes, IAMChange{Kind: ChangeDevicesFound, Principal: "alice", Devices: 2}) || !slices.Contains(rep.Findings, IAMFinding{Code: IAMUserNoMFA, Principal: "bob"}) {
		t.Errorf("report %+v", rep)
	}
	if !slices.Contains(rep.Unseen, IAMUnseen{Code: UnseenRootKeys}) {
		t.Errorf("unseen %q lacks root's hardware devices", rep.Unseen)
	}

	later := now.Add(24 * time.Hour)
	snap.Devices = snap.Devices[:1]
	accounts, rep = ApplyIAM(accounts, []token.Seed{seed}, snap, later, newID)
	alice = accounts[findAWSAccount(accounts, "123456789012", "alice")]
	if len(alice.Factors) != 3 || !alice.Factors[2].IAM.Gone.Equal(later) || !alice.Factors[0].IAM.Gone.IsZero() || alice.Factors[1].ID != "hand" {
		t.Errorf("after the key left IAM: %+v", alice.Factors)
	}
	if len(rep.Changes) != 1 || rep.Changes[0] != (IAMChange{Kind: ChangeDeviceGone, Principal: "alice", Device: "key-ABC", DeviceType: IAMFIDO}) {
		t.Errorf("changes %+v", rep.Changes)
	}

	snap.UsersListed, snap.Users, snap.Devices = false, nil, nil
	accounts, rep = ApplyIAM(accounts, []token.Seed{seed}, snap, later.Add(time.Hour), newID)
	if a := accounts[findAWSAccount(accounts, "123456789012", "alice")]; !a.Factors[0].IAM.Gone.IsZero() || len(rep.Changes) != 0 {
		t.Errorf("with ListUsers refused nothing may be called gone: %+v, %+v", a.Factors[0].IAM, rep.Changes)
	}
}

func TestAWSSyncFindings(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	got := AWSSyncFindings(map[string]time.Time{"111111111111": now.AddDate(0, 0, -29), "222222222222": now.AddDate(0, 0, -31)}, now)
	if len(got) != 1 || got[0].Code != CodeAWSStale || got[0].Message != "The AWS picture of account 222222222222 is 31 days old (last synced with AWS on 2026-10-25): IAM may have changed since." {
		t.Errorf("got %+v", got)
	}
}

func TestCheckLeavesOutFactorsIAMNoLongerHas(t *testing.T) {
	a := fine()
	a.Factors[1] = Factor{ID: "f2", Kind: PasskeyFactor, Label: "FIDO security key registered in IAM",
		IAM: &IAMRecord{Serial: "arn:aws:iam::123456789012:u2f/root/key", Type: IAMFIDO, Gone: checkNow.Add(-time.Hour)}}
	in := Input{Accounts: []Account{a}, Seeds: testSeeds(), Keys: testKeys()}
	got := Check(in, checkNow)
	i := slices.IndexFunc(got, func(f Finding) bool { return f.Code == CodeSingleFactor })
	if i < 0 || got[i].FactorID != "f1" || !strings.Contains(got[i].Message, "a single factor, seed Amazon Web Services") {
		t.Fatalf("findings %q: want a single factor, the seed, once the FIDO key is gone from IAM", codes(got))
	}
	if s := Summary(in.Accounts, got); s[0].Factors != 1 {
		t.Errorf("summary counts %d factors, want 1 (the gone one left out)", s[0].Factors)
	}

	// The same device listed again by IAM counts again.
	a.Factors[1].IAM.Gone = time.Time{}
	in.Accounts = []Account{a}
	if got := Check(in, checkNow); slices.ContainsFunc(got, func(f Finding) bool { return f.Code == CodeSingleFactor }) {
		t.Errorf("findings %q: two live factors are not a single factor", codes(got))
	}
}

// TestApplyIAMSaysWhichAccountsItAdded: a first sync that creates the
// inventory's accounts for IAM's users says so (it used to report that
// the inventory already matched IAM), and a second one has nothing to say.
func TestApplyIAMSaysWhichAccountsItAdded(t *testing.T) {
	now := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	snap := IAMSnapshot{AccountID: "123456789012", CallerARN: "arn:aws:iam::123456789012:user/admin", UsersListed: true, VirtualListed: true, Users: []string{"zed"}}
	accounts, rep := ApplyIAM(nil, nil, snap, now, counter())
	want := []IAMChange{{Kind: ChangeAccountAdded, Principal: "zed", Account: "AWS 123456789012 zed"}}
	if len(accounts) != 1 || rep.AccountsCreated != 1 || !slices.Equal(rep.Changes, want) {
		t.Fatalf("%d accounts, report %+v: want changes %+v", len(accounts), rep, want)
	}
	if _, rep := ApplyIAM(accounts, nil, snap, now, counter()); len(rep.Changes) != 0 {
		t.Errorf("second sync: %+v", rep)
	}
}

// TestApplyIAMRootUnknownToAWS: IAM lists no MFA device for root while
// the vault holds a root seed. The factor stops counting and a finding
// says AWS does not know it, until the user records that it works; a
// second sync changes nothing, and AWS listing root's MFA again undoes it.
func TestApplyIAMRootUnknownToAWS(t *testing.T) {
	now := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	seed := token.Seed{ID: "s1", Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "root-account-mfa-device@123456789012", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
	seeds := []token.Seed{seed}
	newID := counter()
	accounts, _ := LinkSeed(nil, seed, now, newID)
	root := findAWSAccount(accounts, "123456789012", RootPrincipal)
	if root < 0 {
		t.Fatalf("the root seed made no root account: %+v", accounts)
	}
	factor := accounts[root].Factors[0].ID
	off := false
	snap := IAMSnapshot{AccountID: "123456789012", UsersListed: true, VirtualListed: true, RootMFAEnabled: &off}

	accounts, rep := ApplyIAM(accounts, seeds, snap, now, newID)
	if !slices.Contains(rep.Changes, IAMChange{Kind: ChangeFactorUnknown, Principal: RootPrincipal, FactorID: factor}) ||
		!slices.Contains(rep.Findings, IAMFinding{Code: IAMFactorUnknown, Principal: RootPrincipal, FactorID: factor}) ||
		!slices.Contains(rep.Findings, IAMFinding{Code: IAMRootNoMFA, Principal: RootPrincipal}) {
		t.Fatalf("report %+v: want the factor unknown to AWS and root without MFA", rep)
	}
	got := Check(Input{Accounts: accounts, Seeds: seeds}, now)
	i := slices.IndexFunc(got, func(f Finding) bool { return f.Code == CodeAWSUnknownFactor })
	if i < 0 || got[i].FactorID != factor || got[i].Action.Kind != finding.ConfirmFactor || !strings.Contains(got[i].Message, "AWS does not know this device") {
		t.Fatalf("findings %v: want %s on the root seed", codes(got), CodeAWSUnknownFactor)
	}
	if !slices.ContainsFunc(got, func(f Finding) bool { return f.Code == CodeNoFactor }) || len(accounts[root].LiveFactors()) != 0 {
		t.Errorf("findings %v: the unknown seed must not count as root's factor", codes(got))
	}

	again, rep := ApplyIAM(slices.Clone(accounts), seeds, snap, now.Add(time.Hour), newID)
	if len(rep.Changes) != 0 || !slices.Equal(again[root].Factors, accounts[root].Factors) {
		t.Errorf("second sync: changes %+v, factors %+v", rep.Changes, again[root].Factors)
	}

	// The user signed in with it: it counts again, and stays counted.
	accounts[root].Factors[0].Verified = now.Add(2 * time.Hour)
	if got := Check(Input{Accounts: accounts, Seeds: seeds}, now); slices.ContainsFunc(got, func(f Finding) bool { return f.Code == CodeAWSUnknownFactor || f.Code == CodeNoFactor }) {
		t.Errorf("after the user confirmed it: %v", codes(got))
	}
	accounts, rep = ApplyIAM(accounts, seeds, snap, now.Add(3*time.Hour), newID)
	if len(rep.Changes) != 0 || slices.ContainsFunc(rep.Findings, func(f IAMFinding) bool { return f.Code == IAMFactorUnknown }) {
		t.Errorf("sync after the user confirmed it: %+v", rep)
	}

	on := true
	snap.RootMFAEnabled = &on
	accounts, rep = ApplyIAM(accounts, seeds, snap, now.Add(4*time.Hour), newID)
	if !slices.Contains(rep.Changes, IAMChange{Kind: ChangeFactorKnown, Principal: RootPrincipal, FactorID: factor}) || !accounts[root].Factors[0].AWSUnknown.IsZero() {
		t.Errorf("root has MFA again: %+v, %+v", rep.Changes, accounts[root].Factors[0])
	}
}
