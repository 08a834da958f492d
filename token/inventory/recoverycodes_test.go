package inventory

import (
	"slices"
	"testing"

	"github.com/twofoldmfa/twofold/token/finding"
)

// An account with a seed is single-factor; with ten recovery codes kept
// it is not; with two left the check warns, and with none the codes no
// longer count.
func TestRecoveryCodesCountWhileAnyIsUnused(t *testing.T) {
	seeds := testSeeds()
	a := Account{ID: "gh", Name: "GitHub", Provider: Generic, Factors: []Factor{{ID: "f1", Kind: SeedFactor, SeedID: "s-gh"}}}
	check := func(codes map[string]CodeTally) []Finding {
		return Check(Input{Accounts: []Account{a}, Seeds: seeds, Codes: codes}, checkNow)
	}
	tests := []struct {
		name    string
		codes   map[string]CodeTally
		want    []string
		factors int
		left    int
	}{
		{"no codes", nil, []string{"warning:single_factor"}, 1, 0},
		{"ten unused", map[string]CodeTally{"gh": {Total: 10, Unused: 10}}, nil, 2, 0},
		{"three left", map[string]CodeTally{"gh": {Total: 10, Unused: 3}}, nil, 2, 0},
		{"two left", map[string]CodeTally{"gh": {Total: 10, Unused: 2}}, []string{"warning:recovery_codes_low"}, 2, 2},
		{"one left", map[string]CodeTally{"gh": {Total: 10, Unused: 1}}, []string{"warning:recovery_codes_low"}, 2, 1},
		{"none left", map[string]CodeTally{"gh": {Total: 10, Unused: 0}}, []string{"warning:recovery_codes_used_up", "warning:single_factor"}, 1, 0},
		{"another account's codes", map[string]CodeTally{"other": {Total: 10, Unused: 10}}, []string{"warning:single_factor"}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := check(tt.codes)
			got := codes(fs)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
			for _, f := range fs {
				if f.Code == CodeRecoveryCodesLow || f.Code == CodeRecoveryCodesUsedUp {
					if f.CodesLeft != tt.left || f.Action.Kind != finding.RenewRecoveryCodes || f.Action.AccountID != "gh" {
						t.Errorf("finding %+v", f)
					}
				}
			}
			sum := SummaryOf(Input{Accounts: []Account{a}, Codes: tt.codes}, fs)
			if sum[0].Factors != tt.factors {
				t.Errorf("summary counts %d factors, want %d", sum[0].Factors, tt.factors)
			}
		})
	}
}

// Kept codes stand for the backup-codes factor recorded by hand: used up,
// that record does not keep the account from being single-factor.
func TestKeptCodesReplaceTheRecordedBackupCodes(t *testing.T) {
	a := Account{ID: "gh", Name: "GitHub", Provider: Generic, Factors: []Factor{
		{ID: "f1", Kind: SeedFactor, SeedID: "s-gh"}, {ID: "f2", Kind: BackupCodesFactor},
	}}
	if n := len(CountedFactors(a, CodeTally{})); n != 2 {
		t.Errorf("without kept codes the record counts: %d factors", n)
	}
	if n := len(CountedFactors(a, CodeTally{Total: 10, Unused: 4})); n != 2 {
		t.Errorf("kept codes and the record count twice: %d factors", n)
	}
	if n := len(CountedFactors(a, CodeTally{Total: 10})); n != 1 {
		t.Errorf("used-up codes still count: %d factors", n)
	}
	if len(a.Factors) != 2 {
		t.Error("counting changed the account's factors")
	}
}
