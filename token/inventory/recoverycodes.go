package inventory

import (
	"fmt"
	"slices"

	"github.com/twofoldmfa/twofold/token/finding"
)

// Recovery codes are the one-time codes a service hands out when MFA is
// turned on. The vault keeps them (token/vault); the inventory sees only
// their tally, never a code, and counts them as a factor of their
// account while any is unused.

// CodeTally is how many recovery codes the vault keeps for an account and
// how many of them are unused.
type CodeTally struct {
	Total  int `json:"total"`
	Unused int `json:"unused"`
}

// Finding codes of the recovery codes.
const (
	CodeRecoveryCodesLow    = "recovery_codes_low"     // LowRecoveryCodes or fewer left
	CodeRecoveryCodesUsedUp = "recovery_codes_used_up" // every one used
)

// LowRecoveryCodes is the number of unused codes at and below which the
// check says to generate new ones: two left is one lost phone, and one
// sign-in to replace the phone, away from none.
const LowRecoveryCodes = 2

// keptCodesLabel labels the factor the kept codes count as.
const keptCodesLabel = "kept in Twofold"

// CountedFactors are the factors of a that count against a lock-out: its
// live factors and, while any of the recovery codes the vault keeps for
// it (codes) is unused, those codes as one backup-codes factor. When the
// vault keeps codes for a, they take the place of any backup-codes factor
// recorded by hand: those records are the same codes, and only the kept
// ones say how many are left.
func CountedFactors(a Account, codes CodeTally) []Factor {
	live := a.LiveFactors()
	if codes.Total == 0 {
		return live
	}
	live = slices.DeleteFunc(slices.Clone(live), func(f Factor) bool { return f.Kind == BackupCodesFactor })
	if codes.Unused > 0 {
		live = append(live, Factor{Kind: BackupCodesFactor, Label: keptCodesLabel})
	}
	return live
}

// codeFindings says when the codes kept for a are running out or used up:
// the fix is a new set from the service, which replaces the old.
func codeFindings(a Account, codes CodeTally) []Finding {
	if codes.Total == 0 || codes.Unused > LowRecoveryCodes {
		return nil
	}
	f := Finding{
		Severity: Warning, Code: CodeRecoveryCodesLow, AccountID: a.ID, Account: a.Name, CodesLeft: codes.Unused,
		Message: fmt.Sprintf("%s has %d of its %d recovery codes left: each works once, and they are the way back in when the phone is lost.", a.Name, codes.Unused, codes.Total),
		Fix:     "Sign in and generate new recovery codes at the service, then keep the new list in Twofold in place of the old one.",
		Action:  finding.Action{Kind: finding.RenewRecoveryCodes, AccountID: a.ID, Account: a.Name},
	}
	if codes.Unused == 0 {
		f.Code = CodeRecoveryCodesUsedUp
		f.Message = fmt.Sprintf("%s has used all %d of its recovery codes: they no longer count as a way back in.", a.Name, codes.Total)
	}
	return []Finding{f}
}
