package inventory

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/finding"
)

var checkNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func testSeeds() []token.Seed {
	return []token.Seed{
		{ID: "s-root", Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "root-account-mfa-device@123456789012", Verified: checkNow.Add(-time.Hour)},
		{ID: "s-gh", Kind: token.TOTP, Issuer: "GitHub", Account: "alice", Verified: checkNow.Add(-time.Hour)},
		{ID: "s-new", Kind: token.TOTP, Issuer: "Example", Account: "bob"},
	}
}

func testKeys() []KeyRecord {
	return []KeyRecord{
		{Serial: 111, LastSeen: checkNow.Add(-24 * time.Hour)},
		{Serial: 222, LastSeen: checkNow.Add(-100 * 24 * time.Hour)},
		{Serial: 333},
	}
}

// fine is an AWS root account with nothing wrong: two factors, both
// recently seen, and its recovery contacts recorded.
func fine() Account {
	return Account{
		ID: "a1", Name: "AWS prod root", Provider: AWS, AWSAccount: "123456789012", Principal: "root",
		Email: "root@example.com", Phone: "+818012345678",
		Factors: []Factor{
			{ID: "f1", Kind: SeedFactor, SeedID: "s-root"},
			{ID: "f2", Kind: KeyFactor, KeySerial: 111, KeyUse: KeyFIDO},
		},
	}
}

// codes lists the findings as "severity:code", leaving out the seeds the
// test accounts do not use (TestCheckSeedUnlinked looks at those).
func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Code == CodeSeedUnlinked {
			continue
		}
		out = append(out, string(f.Severity)+":"+f.Code)
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name        string
		change      func(*Account)
		keyFindings map[uint32][]KeyFinding
		want        []string
	}{
		{"nothing wrong", func(*Account) {}, nil, nil},
		{"no factor", func(a *Account) { a.Factors = nil }, nil, []string{"critical:no_factor"}},
		{"single factor", func(a *Account) { a.Factors = a.Factors[:1] }, nil, []string{"warning:single_factor"}},
		{"too many factors", func(a *Account) {
			for i := range 7 {
				a.Factors = append(a.Factors, Factor{ID: "x" + string(rune('a'+i)), Kind: AppFactor, Label: "phone"})
			}
		}, nil, []string{"warning:too_many_factors"}},
		{"eight is allowed", func(a *Account) {
			for i := range 6 {
				a.Factors = append(a.Factors, Factor{ID: "x" + string(rune('a'+i)), Kind: AppFactor})
			}
		}, nil, nil},
		{"generic has no limit", func(a *Account) {
			a.Provider, a.AWSAccount, a.Principal = Generic, "", ""
			for i := range 9 {
				a.Factors = append(a.Factors, Factor{ID: "x" + string(rune('a'+i)), Kind: AppFactor})
			}
		}, nil, nil},
		{"key not seen for 100 days", func(a *Account) { a.Factors[1].KeySerial = 222 }, nil, []string{"warning:key_not_seen"}},
		{"key never seen", func(a *Account) { a.Factors[1].KeySerial = 333 }, nil, []string{"info:key_never_seen"}},
		{"key gone", func(a *Account) { a.Factors[1].KeySerial = 444 }, nil, []string{"warning:missing_key"}},
		{"seed gone", func(a *Account) { a.Factors[0].SeedID = "s-deleted" }, nil, []string{"warning:missing_seed"}},
		{"seed never verified", func(a *Account) { a.Factors[0].SeedID = "s-new" }, nil, []string{"info:seed_unverified"}},
		{"factor verified counts", func(a *Account) {
			a.Factors[0].SeedID = "s-new"
			a.Factors[0].Verified = checkNow
		}, nil, nil},
		{"phone not dialable", func(a *Account) { a.Phone = "08012345678" }, nil, []string{"warning:aws_root_phone_invalid"}},
		{"no phone, no email", func(a *Account) { a.Phone, a.Email = "", "" }, nil, []string{"info:aws_root_no_email", "info:aws_root_no_phone"}},
		{"IAM user needs no phone", func(a *Account) { a.Principal, a.Phone, a.Email = "alice", "", "" }, nil, nil},
		{"key findings on the account", func(*Account) {}, map[uint32][]KeyFinding{
			111: {{Severity: "critical", Code: "default_pin", Message: "the PIV PIN is the default", Fix: "change it"}},
		}, []string{"critical:key.default_pin"}},
		{"key findings of an unused key", func(*Account) {}, map[uint32][]KeyFinding{
			222: {{Severity: "Warning", Code: "default_puk"}},
		}, []string{"warning:key.default_puk"}},
		{"worst first", func(a *Account) { a.Factors = a.Factors[:1]; a.Phone = "" }, map[uint32][]KeyFinding{
			333: {{Severity: "critical", Code: "default_pin"}},
		}, []string{"critical:key.default_pin", "warning:single_factor", "info:aws_root_no_phone"}},
	}
	for _, tt := range tests {
		a := fine()
		a.Factors = slices.Clone(a.Factors)
		tt.change(&a)
		got := Check(Input{Accounts: []Account{a}, Seeds: testSeeds(), Keys: testKeys(), KeyFindings: tt.keyFindings}, checkNow)
		if !slices.Equal(codes(got), tt.want) {
			t.Errorf("%s: Check = %v, want %v", tt.name, codes(got), tt.want)
		}
		for _, f := range got {
			if f.Message == "" || (f.Fix == "" && !strings.HasPrefix(f.Code, KeyCodePrefix)) {
				t.Errorf("%s: %s has no message or fix", tt.name, f.Code)
			}
			// What to do is data: the words name no command.
			if !strings.HasPrefix(f.Code, KeyCodePrefix) && (f.Action.Kind == "" || (f.Action.AccountID != a.ID && f.Action.SeedID == "")) {
				t.Errorf("%s: %s has action %+v", tt.name, f.Code, f.Action)
			}
			if strings.Contains(f.Fix, "twofold ") || strings.Contains(f.Fix, "'") {
				t.Errorf("%s: %s names a command: %q", tt.name, f.Code, f.Fix)
			}
		}
	}
}

// TestCheckSingleFactorAdviceFollowsRecord: a single seed never checked
// on a second device is one lost phone from a lock-out, and the advice
// is a second device; once the seed was verified on two phones, the
// finding says so and advises a factor of another kind instead.
func TestCheckSingleFactorAdviceFollowsRecord(t *testing.T) {
	a := fine()
	a.Factors = a.Factors[:1]
	seeds := testSeeds()
	i := seedByID(seeds, "s-root")
	seeds[i].Verified, seeds[i].VerifiedOn = time.Time{}, ""
	in := Input{Accounts: []Account{a}, Seeds: seeds, Keys: testKeys()}
	f := Check(in, checkNow)
	j := slices.IndexFunc(f, func(f Finding) bool { return f.Code == CodeSingleFactor })
	if j < 0 || !strings.Contains(f[j].Message, "losing that one device locks the account") || !strings.Contains(f[j].Fix, "another phone") {
		t.Fatalf("unverified seed: %+v", f)
	}
	seeds[i].Verified, seeds[i].VerifiedOn = checkNow.Add(-time.Hour), "Pixel 9"
	f = Check(in, checkNow)
	j = slices.IndexFunc(f, func(f Finding) bool { return f.Code == CodeSingleFactor })
	if j < 0 || strings.Contains(f[j].Fix, "another phone") || !strings.Contains(f[j].Message, "(Pixel 9)") || !strings.Contains(f[j].Fix, "hardware key") {
		t.Errorf("seed verified on Pixel 9: %+v", f[j])
	}
}

// The headline: one factor is a warning that names the account and the
// factor, and a second factor clears it.
func TestCheckSingleFactorClears(t *testing.T) {
	a := fine()
	a.Factors = a.Factors[:1]
	in := Input{Accounts: []Account{a}, Seeds: testSeeds(), Keys: testKeys()}
	got := Check(in, checkNow)
	if len(codes(got)) != 1 || got[0].Code != CodeSingleFactor || !got[0].Severity.AtLeast(Warning) {
		t.Fatalf("one factor: Check = %v", codes(got))
	}
	msg := got[0].Message
	// The test seed was verified on a second device: the advice says so.
	for _, want := range []string{"AWS prod root", "root-account-mfa-device@123456789012", "on a second device too", "does not lock the account"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if got[0].FactorID != "f1" || got[0].AccountID != "a1" {
		t.Errorf("finding is about %s/%s, want a1/f1", got[0].AccountID, got[0].FactorID)
	}
	in.Accounts[0].Factors = append(in.Accounts[0].Factors, Factor{ID: "f9", Kind: AppFactor, Label: "spare phone"})
	if got := Check(in, checkNow); len(codes(got)) != 0 {
		t.Errorf("two factors: Check = %v, want nothing", codes(got))
	}
}

func TestCheckSeedUnlinked(t *testing.T) {
	got := Check(Input{Accounts: []Account{fine()}, Seeds: testSeeds(), Keys: testKeys()}, checkNow)
	var unlinked []string
	for _, f := range got {
		if f.Code == CodeSeedUnlinked {
			if f.Severity != Info || f.AccountID != "" || f.Fix == "" {
				t.Errorf("unlinked finding %+v", f)
			}
			unlinked = append(unlinked, f.Message)
		}
	}
	if len(unlinked) != 2 || !strings.Contains(unlinked[0]+unlinked[1], "GitHub (alice)") || !strings.Contains(unlinked[0]+unlinked[1], "Example (bob)") {
		t.Errorf("unlinked = %q", unlinked)
	}
}

func TestCheckSortsByAccount(t *testing.T) {
	b, a := fine(), fine()
	b.ID, b.Name, b.Factors = "b", "Beta", nil
	a.ID, a.Name, a.Factors = "a", "alpha", nil
	got := Check(Input{Accounts: []Account{b, a}}, checkNow)
	var names []string
	for _, f := range got {
		if f.Code == CodeNoFactor {
			names = append(names, f.Account)
		}
	}
	if !slices.Equal(names, []string{"alpha", "Beta"}) {
		t.Errorf("order = %v", names)
	}
}

func TestSeverity(t *testing.T) {
	if !Critical.AtLeast(Warning) || !Warning.AtLeast(Warning) || Info.AtLeast(Warning) || !Info.AtLeast(Info) {
		t.Error("AtLeast ordering is wrong")
	}
	if ParseSeverity("CRITICAL") != Critical || ParseSeverity("bogus") != Warning {
		t.Error("ParseSeverity")
	}
}

func TestSummary(t *testing.T) {
	ok, one := fine(), fine()
	one.ID, one.Name, one.Factors = "a2", "single", one.Factors[:1]
	accounts := []Account{ok, one}
	got := Summary(accounts, Check(Input{Accounts: accounts, Seeds: testSeeds(), Keys: testKeys()}, checkNow))
	want := []AccountSummary{
		{AccountID: "a1", Name: "AWS prod root", Provider: AWS, Factors: 2},
		{AccountID: "a2", Name: "single", Provider: AWS, Factors: 1, Findings: 1, Worst: Warning},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Summary = %+v, want %+v", got, want)
	}
}

func TestFindingJSON(t *testing.T) {
	b, err := json.Marshal(Finding{Severity: Warning, Code: CodeSingleFactor, AccountID: "a1", Account: "x", FactorID: "f1", Message: "m", Fix: "f",
		Action: finding.Action{Kind: finding.AddFactor, AccountID: "a1", Account: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"severity":"warning","code":"single_factor","account_id":"a1","account":"x","factor_id":"f1","message":"m","fix":"f","action":{"kind":"add_factor","account_id":"a1","account":"x"}}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
}

func TestLostDeviceSteps(t *testing.T) {
	a := fine()
	steps := strings.Join(LostDeviceSteps(a), "\n")
	for _, want := range []string{"root@example.com", "+818012345678", "Troubleshoot MFA", "alternative factors", "AWS Support"} {
		if !strings.Contains(steps, want) {
			t.Errorf("root steps do not mention %q", want)
		}
	}
	a.Principal = "alice"
	if steps := strings.Join(LostDeviceSteps(a), "\n"); !strings.Contains(steps, "administrator") {
		t.Errorf("IAM user steps: %s", steps)
	}
}

func TestCheckWeakSecret(t *testing.T) {
	seeds := testSeeds()
	weak := token.Seed{ID: "weak1", Kind: token.TOTP, Issuer: "Old", Account: "kim", Secret: "JBSWY3DP",
		Algorithm: token.SHA1, Digits: 6, Period: 30}
	got := Check(Input{Accounts: []Account{fine()}, Seeds: append(seeds, weak), Keys: testKeys()}, checkNow)
	var found []Finding
	for _, f := range got {
		if f.Code == CodeWeakSecret {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("weak-secret findings: %+v", found)
	}
	f := found[0]
	if f.Severity != Warning || f.Action.Kind != finding.ReplaceSeed || f.Action.SeedID != "weak1" || !strings.Contains(f.Message, "Old (kim)") {
		t.Errorf("weak-secret finding %+v", f)
	}
}
