// Package inventory knows which MFA factors each account has and what is
// wrong with that: the findings, above all an account that one lost
// phone would lock out.
//
// The package is pure: it never touches the disk, the network or a
// hardware key. The vault stores its types; the hardware package reports
// what it knows about a key as plain KeyFinding values, so this package
// needs no cgo. Time is always passed in.
//
// Security: nothing here holds a secret. A seed factor names its seed by
// ID only, and messages name seeds by their label, never by their secret.
package inventory

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
)

// Provider is who runs an account.
type Provider string

// Known providers. AWS gets special rules (factor limit, root recovery).
const (
	AWS     Provider = "aws"
	Generic Provider = "generic"
)

// RootPrincipal is the Principal of an AWS account's root user.
const RootPrincipal = "root"

// Account is something a person signs in to, with the factors registered
// on it and the contacts its provider uses for recovery.
type Account struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Provider Provider `json:"provider"`
	// AWSAccount is the 12-digit account id or the alias (AWS only).
	AWSAccount string `json:"aws_account,omitempty"`
	// Principal is "root" or an IAM user name (AWS only).
	Principal string `json:"principal,omitempty"`
	Email     string `json:"email,omitempty"`
	// Phone is the recovery phone number in E.164 form.
	Phone   string   `json:"phone,omitempty"`
	Factors []Factor `json:"factors"`
	// Modified is when the account's own fields last changed (its
	// factors carry their own), for merging copies of a vault.
	Modified time.Time `json:"modified,omitzero"`
}

// IsAWSRoot reports whether a is the root user of an AWS account, whose
// lost-device recovery goes through its email and phone.
func (a Account) IsAWSRoot() bool {
	return a.Provider == AWS && strings.EqualFold(a.Principal, RootPrincipal)
}

// Errors that Validate and the factor functions wrap; test with errors.Is.
var (
	ErrName        = errors.New("account name is empty")
	ErrProvider    = errors.New("unknown provider")
	ErrAWSAccount  = errors.New("invalid AWS account id or alias")
	ErrEmail       = errors.New("invalid email address")
	ErrFactorKind  = errors.New("unknown factor kind")
	ErrKeyUse      = errors.New("unknown key use")
	ErrMissingSeed = errors.New("no such seed in the vault")
	ErrMissingKey  = errors.New("no such hardware key is known")
	ErrAWSFields   = errors.New("an AWS account id or principal is only for an AWS account")
)

// CheckAWSAccount accepts a 12-digit account id or an account alias. A
// value of digits only is taken as an id, so a mistyped id is not
// silently accepted as an alias.
func CheckAWSAccount(s string) error {
	if s == "" {
		return nil
	}
	if strings.Trim(s, "0123456789") == "" {
		return aws.CheckAccountID(s)
	}
	if !aws.IsAlias(s) {
		return fmt.Errorf("%w: %q is neither 12 digits nor an alias (lower-case letters, digits, hyphens)", ErrAWSAccount, s)
	}
	return nil
}

// CheckEmail accepts a bare address such as root@example.com.
func CheckEmail(s string) error {
	if s == "" {
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return fmt.Errorf("%w: %q", ErrEmail, s)
	}
	return nil
}

// Validate reports the first problem with a's own fields: its name
// (and principal and email: token.CheckName, as for seed names),
// provider, AWS account and principal (only on an AWS account), email
// and phone (which must already be E.164;
// see NormalizePhone). It does not look at the factors.
func (a Account) Validate() error {
	if strings.TrimSpace(a.Name) == "" {
		return ErrName
	}
	for _, f := range []struct{ field, v string }{{"account name", a.Name}, {"principal", a.Principal}, {"email", a.Email}} {
		if err := token.CheckName(f.field, f.v); err != nil {
			return err
		}
	}
	switch a.Provider {
	case AWS, Generic:
	default:
		return fmt.Errorf("%w: %q (want aws or generic)", ErrProvider, a.Provider)
	}
	if a.Provider != AWS && (a.AWSAccount != "" || a.Principal != "") {
		return fmt.Errorf("%w: %s is a %s account", ErrAWSFields, a.Name, a.Provider)
	}
	if err := CheckAWSAccount(a.AWSAccount); err != nil {
		return err
	}
	if err := CheckEmail(a.Email); err != nil {
		return err
	}
	if a.Phone != "" && !Dialable(a.Phone) {
		return fmt.Errorf("%w: %q is not a valid number in E.164 form", ErrPhone, a.Phone)
	}
	return nil
}

// FactorKind is the kind of MFA method a Factor is.
type FactorKind string

// The kinds of factor.
const (
	SeedFactor        FactorKind = "seed"         // a Seed in this vault
	KeyFactor         FactorKind = "key"          // a hardware key, by serial
	AppFactor         FactorKind = "app"          // an authenticator app on a named phone
	PasskeyFactor     FactorKind = "passkey"      // a platform or synced passkey
	SMSFactor         FactorKind = "sms"          // codes by text message
	BackupCodesFactor FactorKind = "backup_codes" // printed one-time codes
)

// ParseFactorKind accepts the kinds above, in any case.
func ParseFactorKind(s string) (FactorKind, error) {
	switch k := FactorKind(strings.ToLower(strings.TrimSpace(s))); k {
	case SeedFactor, KeyFactor, AppFactor, PasskeyFactor, SMSFactor, BackupCodesFactor:
		return k, nil
	}
	return "", fmt.Errorf("%w: %q (want seed, key, app, passkey, sms or backup_codes)", ErrFactorKind, s)
}

// How an account uses a hardware key (Factor.KeyUse).
const (
	KeyFIDO = "fido" // FIDO2/U2F security key
	KeyPIV  = "piv"  // a certificate in a PIV slot
	KeyOATH = "oath" // a TOTP credential stored on the key
)

// ParseKeyUse accepts fido, piv or oath, in any case.
func ParseKeyUse(s string) (string, error) {
	switch u := strings.ToLower(strings.TrimSpace(s)); u {
	case KeyFIDO, KeyPIV, KeyOATH:
		return u, nil
	}
	return "", fmt.Errorf("%w: %q (want fido, piv or oath)", ErrKeyUse, s)
}

// Factor is one MFA method registered on an account.
type Factor struct {
	ID   string     `json:"id"`
	Kind FactorKind `json:"kind"`
	// SeedID names the seed of a SeedFactor.
	SeedID string `json:"seed_id,omitempty"`
	// KeySerial names the hardware key of a KeyFactor; KeyUse says how the
	// account uses it: "fido", "piv" or "oath".
	KeySerial uint32 `json:"key_serial,omitempty"`
	KeyUse    string `json:"key_use,omitempty"`
	// Label is free text: the phone an app runs on, the passkey's device.
	Label      string    `json:"label,omitempty"`
	Registered time.Time `json:"registered,omitzero"`
	// Verified is when the factor last proved to work. For a seed factor
	// the seed's own Verified time counts as well (see LastVerified).
	Verified time.Time `json:"verified,omitzero"`
	// IAM is what AWS IAM said of this factor at the last sync with
	// AWS; nil for a factor recorded by hand.
	IAM *IAMRecord `json:"iam,omitempty"`
	// AWSUnknown is when a sync found that AWS lists no MFA device for
	// the root user this factor was recorded on (see Factor.Unknown).
	AWSUnknown time.Time `json:"aws_unknown,omitzero"`
	// Modified is when the factor last changed, for merging copies.
	Modified time.Time `json:"modified,omitzero"`
}

// ValidateFactor reports the first problem with f: its kind and fields,
// and whether the seed or key it points at exists. Errors wrap
// ErrMissingSeed or ErrMissingKey for a dangling reference.
func ValidateFactor(f Factor, seeds []token.Seed, keys []KeyRecord) error {
	if _, err := ParseFactorKind(string(f.Kind)); err != nil {
		return err
	}
	if err := token.CheckName("factor label", f.Label); err != nil {
		return err
	}
	switch f.Kind {
	case SeedFactor:
		if f.SeedID == "" || seedByID(seeds, f.SeedID) < 0 {
			return fmt.Errorf("%w (seed id %q)", ErrMissingSeed, f.SeedID)
		}
	case KeyFactor:
		if _, err := ParseKeyUse(f.KeyUse); err != nil {
			return err
		}
		if keyBySerial(keys, f.KeySerial) < 0 {
			return fmt.Errorf("%w: serial %d", ErrMissingKey, f.KeySerial)
		}
	}
	return nil
}

// Describe names f for people: "seed Amazon Web Services (root@1234...)",
// "key 12345678 (fido)", "app on Pixel 8".
func (f Factor) Describe(seeds []token.Seed) string { return f.DescribeWith(seeds, nil) }

// DescribeWith names f as Describe does, with a key's nickname from keys:
// "key 12345678 "Work" (fido)". It is the one name of a factor, in the
// findings, the command line and the app alike.
func (f Factor) DescribeWith(seeds []token.Seed, keys []KeyRecord) string {
	switch f.Kind {
	case SeedFactor:
		if i := seedByID(seeds, f.SeedID); i >= 0 {
			return "seed " + seeds[i].Label()
		}
		return "seed " + f.SeedID + " (no longer in the vault)"
	case KeyFactor:
		s := fmt.Sprintf("key %d", f.KeySerial)
		if i := keyBySerial(keys, f.KeySerial); i >= 0 && keys[i].Nickname != "" {
			s += fmt.Sprintf(" %q", keys[i].Nickname)
		}
		if f.KeyUse != "" {
			s += " (" + f.KeyUse + ")"
		}
		return s
	case AppFactor:
		if f.Label != "" {
			return "app on " + f.Label
		}
		return "authenticator app"
	case BackupCodesFactor:
		return withLabel("backup codes", f.Label)
	case SMSFactor:
		return withLabel("SMS", f.Label)
	}
	return withLabel(string(f.Kind), f.Label)
}

func withLabel(s, label string) string {
	if label == "" {
		return s
	}
	return s + " (" + label + ")"
}

// LastVerified is when f last proved to work: its own Verified time, or
// for a seed factor the seed's Verified time when that is later.
func (f Factor) LastVerified(seeds []token.Seed) time.Time {
	t := f.Verified
	if f.Kind == SeedFactor {
		if i := seedByID(seeds, f.SeedID); i >= 0 && seeds[i].Verified.After(t) {
			t = seeds[i].Verified
		}
	}
	return t
}

// KeyRecord is a hardware key the user owns, remembered by serial.
type KeyRecord struct {
	Serial    uint32    `json:"serial"`
	Nickname  string    `json:"nickname,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// Findings are the key's own findings (default PIN, expiring
	// certificate, ...) as read when it was last seen, so the check can
	// warn about a key that is not plugged in.
	Findings []KeyFinding `json:"findings,omitempty"`
	// Holds are the vault's seeds this key's OATH application holds too.
	Holds []HeldSeed `json:"holds,omitempty"`
	// Modified is when the record last changed, for merging copies of
	// a vault; the serial is the record's stable id.
	Modified time.Time `json:"modified,omitzero"`
}

// KeyFindings gathers the findings stored with each key record, in the
// form Input.KeyFindings takes.
func KeyFindings(records []KeyRecord) map[uint32][]KeyFinding {
	out := map[uint32][]KeyFinding{}
	for _, r := range records {
		if len(r.Findings) > 0 {
			out[r.Serial] = r.Findings
		}
	}
	return out
}

func seedByID(seeds []token.Seed, id string) int {
	for i, s := range seeds {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func keyBySerial(keys []KeyRecord, serial uint32) int {
	for i, k := range keys {
		if k.Serial == serial {
			return i
		}
	}
	return -1
}

// Sighting is a hardware key seen plugged in, with its own findings as
// read at that moment.
type Sighting struct {
	Serial   uint32
	Findings []KeyFinding
}

// RecordSightings marks the keys seen as seen at now, adding the ones the
// records lack and replacing each seen key's stored findings with the
// fresh ones (none, when its problems were fixed).
func RecordSightings(records []KeyRecord, seen []Sighting, now time.Time) []KeyRecord {
	now = now.UTC().Truncate(time.Second)
	for _, s := range seen {
		i := slices.IndexFunc(records, func(r KeyRecord) bool { return r.Serial == s.Serial })
		if i < 0 {
			records = append(records, KeyRecord{Serial: s.Serial, FirstSeen: now})
			i = len(records) - 1
		}
		if records[i].FirstSeen.IsZero() {
			records[i].FirstSeen = now
		}
		records[i].LastSeen = now
		records[i].Findings = append([]KeyFinding{}, s.Findings...)
	}
	return records
}
