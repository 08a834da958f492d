package inventory

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
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
	if !slices.Contains(rep.Changes, "IAM has 2 MFA devices for alice; your inventory had none") || !slices.Contains(rep.Findings, "bob has no MFA device") {
		t.Errorf("report %+v", rep)
	}
	if !slices.ContainsFunc(rep.Unseen, func(s string) bool {
		return s == "root's hardware and FIDO devices: IAM shows them only to root credentials"
	}) {
		t.Errorf("unseen %q lacks root's hardware devices", rep.Unseen)
	}

	later := now.Add(24 * time.Hour)
	snap.Devices = snap.Devices[:1]
	accounts, rep = ApplyIAM(accounts, []token.Seed{seed}, snap, later, newID)
	alice = accounts[findAWSAccount(accounts, "123456789012", "alice")]
	if len(alice.Factors) != 3 || !alice.Factors[2].IAM.Gone.Equal(later) || !alice.Factors[0].IAM.Gone.IsZero() || alice.Factors[1].ID != "hand" {
		t.Errorf("after the key left IAM: %+v", alice.Factors)
	}
	if len(rep.Changes) != 1 || rep.Changes[0] != "IAM no longer has fido device key-ABC for alice; marked gone in your inventory" {
		t.Errorf("changes %q", rep.Changes)
	}

	snap.UsersListed, snap.Users, snap.Devices = false, nil, nil
	accounts, rep = ApplyIAM(accounts, []token.Seed{seed}, snap, later.Add(time.Hour), newID)
	if a := accounts[findAWSAccount(accounts, "123456789012", "alice")]; !a.Factors[0].IAM.Gone.IsZero() || len(rep.Changes) != 0 {
		t.Errorf("with ListUsers refused nothing may be called gone: %+v, %q", a.Factors[0].IAM, rep.Changes)
	}
}

func TestAWSSyncFindings(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	got := AWSSyncFindings(map[string]time.Time{"111111111111": now.AddDate(0, 0, -29), "222222222222": now.AddDate(0, 0, -31)}, now)
	if len(got) != 1 || got[0].Code != CodeAWSStale || got[0].Message != "The AWS picture of account 222222222222 is 31 days old (last 'aws sync' on 2026-10-25): IAM may have changed since." {
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

func TestIAMSyncReportText(t *testing.T) {
	snap := IAMSnapshot{AccountID: "123456789012", CallerARN: "arn:aws:iam::123456789012:root", CallerIsRoot: true}
	got := IAMSyncReport{Findings: []string{"bob has no MFA device"}, Unseen: []string{"x"}}.Text(snap)
	want := "AWS account 123456789012, as the root user (arn:aws:iam::123456789012:root)\nYour inventory already matched IAM.\nFINDING  bob has no MFA device\nNOT SEEN x\n"
	if got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	got = IAMSyncReport{Changes: []string{"IAM has 1 MFA device for alice; your inventory had none"}}.Text(snap)
	if strings.Contains(got, "already matched") || !strings.Contains(got, "\n  IAM has 1 MFA device for alice") {
		t.Errorf("text with a change: %q", got)
	}
}

// TestApplyIAMSaysWhichAccountsItAdded: a first sync that creates the
// inventory's accounts for IAM's users says so (it used to report that
// the inventory already matched IAM), and a second one has nothing to say.
func TestApplyIAMSaysWhichAccountsItAdded(t *testing.T) {
	now := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	snap := IAMSnapshot{AccountID: "123456789012", CallerARN: "arn:aws:iam::123456789012:user/admin", UsersListed: true, VirtualListed: true, Users: []string{"zed"}}
	accounts, rep := ApplyIAM(nil, nil, snap, now, counter())
	want := []string{"IAM has user zed; added the account AWS 123456789012 zed to your inventory"}
	if len(accounts) != 1 || rep.AccountsCreated != 1 || !slices.Equal(rep.Changes, want) {
		t.Fatalf("%d accounts, report %+v: want changes %q", len(accounts), rep, want)
	}
	if text := rep.Text(snap); strings.Contains(text, "already matched") || !strings.Contains(text, "\n  "+want[0]+"\n") {
		t.Errorf("report text %q", text)
	}
	if _, rep := ApplyIAM(accounts, nil, snap, now, counter()); len(rep.Changes) != 0 || !strings.Contains(rep.Text(snap), "Your inventory already matched IAM.") {
		t.Errorf("second sync: %+v", rep)
	}
}
