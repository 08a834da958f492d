package piv

import (
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token/finding"
)

// State is what one key says about itself, as plain data. It is the stable
// output of `twofold keys --json`: fields are added, never renamed.
type State struct {
	Serial        uint32        `json:"serial"`
	Reader        string        `json:"reader"`
	Firmware      string        `json:"firmware"`    // "5.4.3"
	FormFactor    string        `json:"form_factor"` // "USB-A Keychain", or "unknown"
	PIN           Credential    `json:"pin"`
	PUK           Credential    `json:"puk"`
	ManagementKey ManagementKey `json:"management_key"`
	Slots         []Slot        `json:"slots"`
	Findings      []Finding     `json:"findings"`
}

// Credential is the state of the PIN or the PUK. Pointers are nil where the
// key cannot tell without spending a retry (older firmware).
type Credential struct {
	RetriesLeft *int  `json:"retries_left"`
	MaxRetries  *int  `json:"max_retries"`
	Default     *bool `json:"default"`
	Blocked     bool  `json:"blocked"`
}

// ManagementKey is the state of the PIV management key.
type ManagementKey struct {
	Algorithm string `json:"algorithm"` // "3des", "aes128", "aes192", "aes256"
	Default   *bool  `json:"default"`
}

// Slot is one of the four main PIV key slots.
type Slot struct {
	Slot        string       `json:"slot"`         // "9a"
	Name        string       `json:"name"`         // "authentication"
	HasKey      bool         `json:"has_key"`      // false where unknown and no certificate
	Algorithm   string       `json:"algorithm"`    // "eccp256", "rsa2048", ... or ""
	PINPolicy   string       `json:"pin_policy"`   // "never", "once", "always", ... or ""
	TouchPolicy string       `json:"touch_policy"` // "never", "always", "cached" or ""
	Origin      string       `json:"origin"`       // "generated", "imported" or ""
	Certificate *Certificate `json:"certificate"`
	// Attestation: "verified" (the key was made on a genuine YubiKey),
	// "failed", "not_applicable" (no key, or an imported one) or
	// "unavailable" (firmware without attestation).
	Attestation string `json:"attestation"`
}

// Certificate sums up a slot's certificate.
type Certificate struct {
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after"`
}

// Attestation results.
const (
	AttestationVerified      = "verified"
	AttestationFailed        = "failed"
	AttestationNotApplicable = "not_applicable"
	AttestationUnavailable   = "unavailable"
)

// Finding is what the check says about a key. It is the one type of key
// finding: the vault records it with the key, and the inventory check
// passes it on as it is.
type Finding = finding.Key

// Severities.
const (
	SeverityCritical = finding.Critical
	SeverityWarning  = finding.Warning
	SeverityInfo     = finding.Info
)

// ExpiryWarning is how long before a certificate's end a finding appears.
const ExpiryWarning = 30 * 24 * time.Hour

// Findings checks a key's state at time now. It is pure: same state and
// time, same findings, most severe first. Their Fix says what to do in
// words; their Action says it as data, for the front ends to name the
// command or the tool.
func Findings(s State, now time.Time) []Finding {
	var crit, warn, info []Finding
	add := func(sev finding.Severity, code, msg, fix string, kind finding.ActionKind, slot string) {
		f := Finding{Severity: sev, Code: code, Message: msg, Fix: fix,
			Action: finding.Action{Kind: kind, KeySerial: s.Serial, Slot: slot}}
		switch sev {
		case SeverityCritical:
			crit = append(crit, f)
		case SeverityWarning:
			warn = append(warn, f)
		default:
			info = append(info, f)
		}
	}
	isTrue := func(b *bool) bool { return b != nil && *b }
	switch {
	case s.PIN.Blocked:
		add(SeverityCritical, "pin_blocked",
			"The PIV PIN is blocked.",
			"Unblock it with the PUK. If the PUK is blocked too, reset PIV, which erases its keys.", finding.UnblockPIN, "")
	case s.PIN.RetriesLeft != nil && *s.PIN.RetriesLeft == 1:
		add(SeverityWarning, "pin_last_retry",
			"Only one PIV PIN attempt is left; a wrong PIN blocks it.",
			"Enter the PIN once correctly to restore all attempts, or unblock it with the PUK.", finding.UnblockPIN, "")
	}
	if isTrue(s.PIN.Default) {
		add(SeverityCritical, "default_pin",
			"The PIV PIN is still the factory default (123456): anyone holding the key can use it.",
			"Change the PIN.", finding.ChangePIN, "")
	}
	if isTrue(s.ManagementKey.Default) {
		add(SeverityCritical, "default_management_key",
			"The PIV management key is still the factory default: anyone holding the key can replace its keys and certificates.",
			"Change the management key to a new random one, protected by the PIN.", finding.ChangeManagementKey, "")
	}
	if s.PUK.Blocked {
		add(SeverityWarning, "puk_blocked",
			"The PIV PUK is blocked: a blocked PIN could then only be fixed by a reset that erases the keys.",
			"Nothing unblocks a PUK; keep the PIN safe, or reset PIV and set new credentials.", finding.ResetPIV, "")
	} else if isTrue(s.PUK.Default) {
		add(SeverityWarning, "default_puk",
			"The PIV PUK is still the factory default (12345678): anyone holding the key can reset the PIN.",
			"Change the PUK.", finding.ChangePUK, "")
	}
	for _, sl := range s.Slots {
		if sl.Attestation == AttestationFailed {
			add(SeverityCritical, "attestation_failed",
				fmt.Sprintf("The key in slot %s could not prove it was made on a genuine YubiKey.", sl.Slot),
				"Do not trust this key; generate a new key in the slot and check where the YubiKey came from.", finding.ReplaceKey, sl.Slot)
		}
		c := sl.Certificate
		if c == nil {
			continue
		}
		switch {
		case !now.Before(c.NotAfter):
			add(SeverityWarning, "certificate_expired",
				fmt.Sprintf("The certificate in slot %s (%s) expired on %s.", sl.Slot, c.Subject, c.NotAfter.Format(time.DateOnly)),
				"Ask its issuer for a new certificate and import it into the slot.", finding.ImportCertificate, sl.Slot)
		case c.NotAfter.Sub(now) <= ExpiryWarning:
			add(SeverityInfo, "certificate_expiring",
				fmt.Sprintf("The certificate in slot %s (%s) expires on %s.", sl.Slot, c.Subject, c.NotAfter.Format(time.DateOnly)),
				"Renew it before then and import it into the slot.", finding.ImportCertificate, sl.Slot)
		}
	}
	out := append(append(crit, warn...), info...)
	if out == nil {
		out = []Finding{}
	}
	return out
}

// Describe sums up a PIN's or PUK's state in words, for people; factory is
// the factory value to name ("123456").
func (c Credential) Describe(factory string) string {
	var parts []string
	switch {
	case c.Blocked:
		parts = append(parts, "blocked")
	case c.RetriesLeft != nil && c.MaxRetries != nil:
		parts = append(parts, fmt.Sprintf("%d of %d attempts left", *c.RetriesLeft, *c.MaxRetries))
	case c.RetriesLeft != nil:
		parts = append(parts, fmt.Sprintf("%d attempts left", *c.RetriesLeft))
	default:
		parts = append(parts, "attempts unknown (older firmware tells only by spending one)")
	}
	if c.Default != nil {
		if *c.Default {
			parts = append(parts, "still the factory default ("+factory+")")
		} else {
			parts = append(parts, "changed from the default")
		}
	}
	return strings.Join(parts, ", ")
}
