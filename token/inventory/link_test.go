package inventory

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
)

func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("id%d", n) }
}

func awsSeed(id, label string) token.Seed {
	return token.Seed{ID: id, Kind: token.TOTP, Issuer: aws.Issuer, Account: label, Added: checkNow.Add(-time.Minute)}
}

func TestPrincipalForDevice(t *testing.T) {
	for name, want := range map[string]string{
		"root-account-mfa-device":   "root",
		"Root-Account-MFA-Device":   "root",
		"root-account-mfa-device-2": "root",
		"root":                      "root",
		"root-laptop":               "root",
		"alice":                     "alice",
		"rootbeer":                  "rootbeer",
	} {
		if got := PrincipalForDevice(aws.Device{Name: name, Account: "123456789012"}); got != want {
			t.Errorf("PrincipalForDevice(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLinkSeed(t *testing.T) {
	newID := counter()
	var accounts []Account

	// A new AWS root seed creates its account.
	accounts, res := LinkSeed(accounts, awsSeed("s1", "root-account-mfa-device@123456789012"), checkNow, newID)
	if !res.Linked || !res.Created || res.Account != "AWS 123456789012 root" || len(accounts) != 1 {
		t.Fatalf("first link: %+v, %d accounts", res, len(accounts))
	}
	a := accounts[0]
	if a.Provider != AWS || a.AWSAccount != "123456789012" || a.Principal != RootPrincipal || !a.IsAWSRoot() {
		t.Errorf("created account = %+v", a)
	}
	if len(a.Factors) != 1 || a.Factors[0].Kind != SeedFactor || a.Factors[0].SeedID != "s1" || a.Factors[0].ID != res.FactorID {
		t.Errorf("factors = %+v", a.Factors)
	}
	if !a.Factors[0].Registered.Equal(checkNow.Add(-time.Minute)) {
		t.Errorf("registered = %v, want the seed's Added time", a.Factors[0].Registered)
	}

	// A second root device of the same account joins it.
	accounts, res = LinkSeed(accounts, awsSeed("s2", "root@123456789012"), checkNow, newID)
	if !res.Linked || res.Created || len(accounts) != 1 || len(accounts[0].Factors) != 2 {
		t.Errorf("second root device: %+v, accounts %+v", res, accounts)
	}

	// An IAM user of the same account is an account of its own.
	accounts, res = LinkSeed(accounts, awsSeed("s3", "alice@123456789012"), checkNow, newID)
	if !res.Created || accounts[1].Principal != "alice" || accounts[1].Name != "AWS 123456789012 alice" {
		t.Errorf("IAM user: %+v, %+v", res, accounts[1])
	}

	// Linking the same seed again changes nothing.
	before := len(accounts[0].Factors)
	accounts, res = LinkSeed(accounts, awsSeed("s1", "root-account-mfa-device@123456789012"), checkNow, newID)
	if res.Linked || len(accounts[0].Factors) != before {
		t.Errorf("relink: %+v", res)
	}

	// Other seeds are not linked.
	other := token.Seed{ID: "s4", Kind: token.TOTP, Issuer: "GitHub", Account: "alice@example.com"}
	if accounts2, res := LinkSeed(accounts, other, checkNow, newID); res.Linked || len(accounts2) != len(accounts) {
		t.Errorf("GitHub seed linked: %+v", res)
	}
}

func TestMoveSeed(t *testing.T) {
	newID := counter()
	s := awsSeed("s1", "alice@123456789012")
	accounts, res := LinkSeed(nil, s, checkNow, newID)
	accounts = append(accounts, Account{ID: "root", Name: "AWS 123456789012 root", Provider: AWS, Principal: "root"})

	f, err := MoveSeed(accounts, s, "root", checkNow, newID)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != res.FactorID {
		t.Errorf("moved factor id %q, want %q kept", f.ID, res.FactorID)
	}
	if len(accounts[0].Factors) != 0 || len(accounts[1].Factors) != 1 {
		t.Errorf("after move: %+v", accounts)
	}
	if got := SeedUsers(accounts, "s1"); !slices.Equal(got, []string{"AWS 123456789012 root"}) {
		t.Errorf("SeedUsers = %v", got)
	}
	if _, err := MoveSeed(accounts, s, "nope", checkNow, newID); !errors.Is(err, ErrNoAccount) {
		t.Errorf("move to unknown account: %v", err)
	}
	RemoveSeedFactors(accounts, "s1")
	if got := SeedUsers(accounts, "s1"); len(got) != 0 {
		t.Errorf("after RemoveSeedFactors: %v", got)
	}
}

func TestAccountIndex(t *testing.T) {
	accounts := []Account{
		{ID: "a1", Name: "AWS 123456789012 root", AWSAccount: "123456789012"},
		{ID: "a2", Name: "AWS 123456789012 alice", AWSAccount: "123456789012"},
		{ID: "a3", Name: "GitHub"},
		{ID: "a4", Name: "GitHub work"},
	}
	tests := []struct {
		query string
		want  int
		err   error
	}{
		{"root", 0, nil},
		{"ALICE", 1, nil},
		{"github", 2, nil}, // whole name beats partial
		{"a4", 3, nil},
		{"nothing", -1, ErrNoAccount},
		{"123456789012", -1, nil}, // ambiguous
	}
	for _, tt := range tests {
		got, err := AccountIndex(accounts, tt.query)
		var amb *token.AmbiguousError
		switch {
		case tt.want >= 0 && (err != nil || got != tt.want):
			t.Errorf("AccountIndex(%q) = %d, %v; want %d", tt.query, got, err, tt.want)
		case tt.want < 0 && tt.err != nil && !errors.Is(err, tt.err):
			t.Errorf("AccountIndex(%q) error = %v, want %v", tt.query, err, tt.err)
		case tt.want < 0 && tt.err == nil && !errors.As(err, &amb):
			t.Errorf("AccountIndex(%q) error = %v, want ambiguous", tt.query, err)
		}
	}
}

func TestFactorIndex(t *testing.T) {
	a := Account{Name: "x", Factors: []Factor{{ID: "abcdef0011"}, {ID: "abcdef0022"}}}
	if i, err := FactorIndex(a, "abcdef0022"); i != 1 || err != nil {
		t.Errorf("full id: %d, %v", i, err)
	}
	if i, err := FactorIndex(a, "ABCDEF001"); i != 0 || err != nil {
		t.Errorf("prefix: %d, %v", i, err)
	}
	var amb *token.AmbiguousError
	if _, err := FactorIndex(a, "abcdef"); !errors.As(err, &amb) {
		t.Errorf("short prefix: %v", err)
	}
	if _, err := FactorIndex(a, "abc"); !errors.Is(err, ErrNoFactor) {
		t.Errorf("too short: %v", err)
	}
}

func TestValidateFactor(t *testing.T) {
	seeds, keys := testSeeds(), testKeys()
	tests := []struct {
		f   Factor
		err error
	}{
		{Factor{Kind: SeedFactor, SeedID: "s-root"}, nil},
		{Factor{Kind: SeedFactor, SeedID: "gone"}, ErrMissingSeed},
		{Factor{Kind: KeyFactor, KeySerial: 111, KeyUse: KeyPIV}, nil},
		{Factor{Kind: KeyFactor, KeySerial: 999, KeyUse: KeyPIV}, ErrMissingKey},
		{Factor{Kind: KeyFactor, KeySerial: 111, KeyUse: "nfc"}, ErrKeyUse},
		{Factor{Kind: "carrier pigeon"}, ErrFactorKind},
		{Factor{Kind: PasskeyFactor, Label: "MacBook"}, nil},
	}
	for _, tt := range tests {
		if err := ValidateFactor(tt.f, seeds, keys); !errors.Is(err, tt.err) {
			t.Errorf("ValidateFactor(%+v) = %v, want %v", tt.f, err, tt.err)
		}
	}
}

// An account the user created by hand gets the seed when its AWS account
// and principal match, whatever it is called.
func TestLinkSeedFindsExistingAccount(t *testing.T) {
	accounts := []Account{
		{ID: "gen", Name: "Example", Provider: Generic},
		{ID: "prod", Name: "Prod root", Provider: AWS, AWSAccount: "my-prod", Principal: "Root"},
	}
	accounts, res := LinkSeed(accounts, awsSeed("s1", "root-account-mfa-device@my-prod"), checkNow, counter())
	if !res.Linked || res.Created || res.AccountID != "prod" || len(accounts) != 2 || len(accounts[1].Factors) != 1 {
		t.Errorf("LinkSeed = %+v, accounts %+v", res, accounts)
	}
}

func TestRecordSightings(t *testing.T) {
	first := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	later := first.Add(48 * time.Hour)
	defaultPIN := KeyFinding{Severity: Warning, Code: "default_pin", Message: "m", Fix: "f"}
	recs := RecordSightings(nil, []Sighting{{Serial: 7, Findings: []KeyFinding{defaultPIN}}}, first)
	recs[0].Nickname = "desk"
	if len(recs[0].Findings) != 1 {
		t.Fatalf("finding not stored: %+v", recs[0])
	}
	// The PIN was changed since: the stored finding goes.
	recs = RecordSightings(recs, []Sighting{{Serial: 7}, {Serial: 9}}, later)
	want := []KeyRecord{
		{Serial: 7, Nickname: "desk", FirstSeen: first, LastSeen: later, Findings: []KeyFinding{}},
		{Serial: 9, FirstSeen: later, LastSeen: later, Findings: []KeyFinding{}},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records:\n%+v\nwant\n%+v", recs, want)
	}
}
