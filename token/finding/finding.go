// Package finding holds what the checks say, as plain data shared by the
// hardware-key check (token/piv), the inventory check (token/inventory)
// and the front ends: a severity, a stable code, words for the problem,
// and what to do about it as an Action that each front end words its own
// way (the command line names the command to run, the app the button to
// press).
package finding

import "strings"

// Severity says how bad a finding is.
type Severity string

// The severities, from least to most severe.
const (
	Info     Severity = "info"     // worth knowing; nothing is at risk yet
	Warning  Severity = "warning"  // one mishap away from a lock-out
	Critical Severity = "critical" // no way in, or no MFA at all
)

// Rank orders the severities: 0 for an unknown one, then Info, Warning
// and Critical.
func (s Severity) Rank() int {
	switch strings.ToLower(string(s)) {
	case string(Info):
		return 1
	case string(Warning):
		return 2
	case string(Critical):
		return 3
	}
	return 0
}

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() >= min.Rank() }

// ParseSeverity maps a severity written elsewhere (a stored record) to
// one of ours. Unknown words count as warnings: better loud than silent.
func ParseSeverity(s string) Severity {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Info, Warning, Critical:
		return v
	}
	return Warning
}

// ActionKind names a thing to do about a finding. The kinds are stable:
// scripts match on them in 'twofold check --json'.
type ActionKind string

// Actions on the inventory.
const (
	AddFactor    ActionKind = "add_factor"    // register and record another factor on Account
	RemoveFactor ActionKind = "remove_factor" // take Factor (or, without one, a stale factor) off Account
	VerifySeed   ActionKind = "verify_seed"   // show Seed's backup QR to a second device and check its code
	LinkSeed     ActionKind = "link_seed"     // make Seed a factor of the account it belongs to
	PlugInKey    ActionKind = "plug_in_key"   // plug Key in so Twofold reads and records it
	EditPhone    ActionKind = "edit_phone"    // record Account's recovery phone
	EditEmail    ActionKind = "edit_email"    // record Account's recovery email
	// RenewRecoveryCodes: generate new recovery codes at Account's service
	// and keep them in place of the old ones.
	RenewRecoveryCodes ActionKind = "renew_recovery_codes"
	// ConfirmFactor: check at the provider that Factor of Account is
	// registered, then record that it works (or remove it).
	ConfirmFactor ActionKind = "confirm_factor"
	ReplaceSeed   ActionKind = "replace_seed" // set up MFA again at Seed's service for a new secret, then remove Seed
)

// Actions on a hardware key's PIV application (done with the key's own
// management tool).
const (
	ChangePIN           ActionKind = "change_pin"
	ChangePUK           ActionKind = "change_puk"
	ChangeManagementKey ActionKind = "change_management_key"
	UnblockPIN          ActionKind = "unblock_pin"
	ResetPIV            ActionKind = "reset_piv"
	ReplaceKey          ActionKind = "replace_slot_key"   // generate a new key in Slot
	ImportCertificate   ActionKind = "import_certificate" // import a renewed certificate into Slot
)

// Action is what to do about a finding, with what it applies to. Only the
// fields its Kind needs are set.
type Action struct {
	Kind      ActionKind `json:"kind"`
	AccountID string     `json:"account_id,omitempty"`
	Account   string     `json:"account,omitempty"` // the account's name, for words
	FactorID  string     `json:"factor_id,omitempty"`
	SeedID    string     `json:"seed_id,omitempty"`
	KeySerial uint32     `json:"key_serial,omitempty"`
	Slot      string     `json:"slot,omitempty"`
}

// Key is what the hardware-key check found on one key (a default PIN,
// say): the same value from the key's state to the vault's record of the
// key to the inventory's findings.
type Key struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"` // e.g. "default_pin"
	Message  string   `json:"message"`
	Fix      string   `json:"fix"` // in words, naming no command
	Action   Action   `json:"action,omitzero"`
}
