package inventory

import (
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

func TestCopyFindings(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	seeds := []token.Seed{
		{ID: "a", Issuer: "GitHub", Account: "carol"},
		{ID: "b", Issuer: "Bank", Account: "d"},
	}
	got := CopyFindings(seeds, []KeyRecord{{Serial: 12345678, Holds: []HeldSeed{{SeedID: "a", Checked: now.Add(-72 * time.Hour)}}}}, now)
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1", len(got))
	}
	want := "seed GitHub (carol) has copies on: this vault, YubiKey 12345678 (checked 3 days ago)"
	if got[0].Message != want || got[0].Severity != Info {
		t.Errorf("finding %q (%s), want %q (info)", got[0].Message, got[0].Severity, want)
	}
	// The inventory check, which 'twofold check' and the app's Inventory
	// show, includes it.
	all := Check(Input{Seeds: seeds, Keys: []KeyRecord{{Serial: 12345678, Holds: []HeldSeed{{SeedID: "a", Checked: now.Add(-72 * time.Hour)}}}}}, now)
	var listed bool
	for _, f := range all {
		listed = listed || f.Code == CodeSeedCopies && f.Message == want
	}
	if !listed {
		t.Errorf("Check findings %+v lack the copies of seed a", all)
	}
}
