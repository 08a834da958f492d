package vault

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

var changeTime = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func seedWithSecret(issuer, account, secret string) token.Seed {
	s := testSeed(account)
	s.Issuer, s.Secret = issuer, secret
	return s
}

func TestAddSeedsDuplicatePolicies(t *testing.T) {
	const secretA, secretB = "JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	base := func() *Data {
		d := &Data{Version: SchemaVersion}
		if _, err := d.AddSeeds([]token.Seed{seedWithSecret("GitHub", "alice", secretA)}, changeTime, RefuseDuplicates); err != nil {
			t.Fatal(err)
		}
		return d
	}
	batch := []token.Seed{
		seedWithSecret("GitLab", "bob", secretB),
		seedWithSecret("GitHub", "alice again", secretA), // same as the vault's
		seedWithSecret("GitLab", "bob twice", secretB),   // same as the batch's first
	}

	d := base()
	_, err := d.AddSeeds(batch, changeTime, RefuseDuplicates)
	var dup *DuplicateError
	if !errors.As(err, &dup) || !errors.Is(err, ErrDuplicateSecret) || dup.Existing.Account != "alice" {
		t.Fatalf("refuse: err %v, want a DuplicateError naming alice", err)
	}
	if strings.Contains(err.Error(), secretA) {
		t.Error("the duplicate error repeats the secret")
	}
	if len(d.Seeds) != 1 {
		t.Errorf("refused batch changed the vault: %d seeds", len(d.Seeds))
	}

	d = base()
	report, err := d.AddSeeds(batch, changeTime, SkipDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Added) != 1 || report.Added[0].Seed.Account != "bob" || len(report.Skipped) != 2 {
		t.Fatalf("skip: added %+v skipped %+v", report.Added, report.Skipped)
	}
	if report.Skipped[0].Existing.Account != "alice" || report.Skipped[1].Existing.Account != "bob" {
		t.Errorf("skip: existing seeds named %q and %q, want alice and bob", report.Skipped[0].Existing.Account, report.Skipped[1].Existing.Account)
	}
	if len(d.Seeds) != 2 {
		t.Errorf("skip: %d seeds in the vault, want 2", len(d.Seeds))
	}

	d = base()
	report, err = d.AddSeeds(batch, changeTime, AllowDuplicates)
	if err != nil || len(report.Added) != 3 || len(d.Seeds) != 4 {
		t.Fatalf("allow: err %v, added %d, vault %d", err, len(report.Added), len(d.Seeds))
	}
	ids := map[string]bool{}
	for _, s := range d.Seeds {
		if s.ID == "" || ids[s.ID] || !s.Added.Equal(changeTime) {
			t.Errorf("seed %s: id %q added %v", s.Account, s.ID, s.Added)
		}
		ids[s.ID] = true
	}
}

func TestAddSeedsAllOrNothing(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	bad := seedWithSecret("Bad", "carol", "JBSWY3DPEHPK3PXP")
	bad.Digits = 9
	_, err := d.AddSeeds([]token.Seed{seedWithSecret("Good", "alice", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), bad}, changeTime, RefuseDuplicates)
	if !errors.Is(err, token.ErrDigits) || !strings.Contains(err.Error(), "seed 2 of 2: ") || strings.Contains(err.Error(), "carol") {
		t.Fatalf("err %v, want the digits error naming seed 2 of 2 by its place only", err)
	}
	if len(d.Seeds) != 0 || len(d.Accounts) != 0 {
		t.Errorf("a failed batch left %d seeds and %d accounts", len(d.Seeds), len(d.Accounts))
	}
}

func TestAddSeedsLinksAWSSeeds(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	aws := seedWithSecret("Amazon Web Services", "root-account-mfa-device@123456789012", "JBSWY3DPEHPK3PXP")
	report, err := d.AddSeeds([]token.Seed{aws, seedWithSecret("GitHub", "alice", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")}, changeTime, RefuseDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Added[0].Link.Linked || !report.Added[0].Link.Created || report.Added[1].Link.Linked {
		t.Fatalf("links: %+v / %+v", report.Added[0].Link, report.Added[1].Link)
	}
	if len(d.Accounts) != 1 || !d.Accounts[0].IsAWSRoot() || d.Accounts[0].AWSAccount != "123456789012" {
		t.Fatalf("accounts: %+v", d.Accounts)
	}
	f := d.Accounts[0].Factors
	if len(f) != 1 || f[0].Kind != inventory.SeedFactor || f[0].SeedID != report.Added[0].Seed.ID {
		t.Errorf("factors: %+v", f)
	}
}

func TestVerifySeed(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	report, err := d.AddSeeds([]token.Seed{testSeed("alice")}, changeTime, RefuseDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	id := report.Added[0].Seed.ID
	// The code itself is checked against oathtool in package token.
	code, err := d.Seeds[0].Code(changeTime)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"abc", "12345", "1234567", "12a456"} {
		if _, err := d.VerifySeed(id, bad, "Pixel 9", changeTime); !errors.Is(err, token.ErrCodeFormat) {
			t.Errorf("code %q: err %v, want ErrCodeFormat", bad, err)
		}
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if _, err := d.VerifySeed(id, wrong, "Pixel 9", changeTime); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong code: err %v, want ErrMismatch", err)
	}
	if !d.Seeds[0].Verified.IsZero() {
		t.Fatal("a refused code recorded a verification")
	}
	later := changeTime.Add(29 * time.Second) // same period, the phone a bit behind
	got, err := d.VerifySeed(id, code[:3]+" "+code[3:], "Pixel 9", later)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Verified.Equal(later.Truncate(time.Second)) || got.VerifiedOn != "Pixel 9" || d.Seeds[0].VerifiedOn != "Pixel 9" {
		t.Errorf("recorded %v on %q", got.Verified, got.VerifiedOn)
	}
	if _, err := d.VerifySeed("nope", code, "", changeTime); !errors.Is(err, ErrNoMatch) {
		t.Errorf("unknown id: err %v", err)
	}
}

func TestAdvanceCounter(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	hotp := seedWithSecret("Bank", "carol", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	hotp.Kind, hotp.Period, hotp.Counter = token.HOTP, 0, 7
	report, err := d.AddSeeds([]token.Seed{testSeed("alice"), hotp}, changeTime, RefuseDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.AdvanceCounter(report.Added[1].Seed.ID)
	if err != nil || got.Counter != 8 || d.Seeds[1].Counter != 8 {
		t.Fatalf("counter %d (stored %d), err %v; want 8", got.Counter, d.Seeds[1].Counter, err)
	}
	if _, err := d.AdvanceCounter(report.Added[0].Seed.ID); !errors.Is(err, ErrNotHOTP) {
		t.Errorf("TOTP seed: err %v, want ErrNotHOTP", err)
	}
}
