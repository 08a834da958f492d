// Package inventory knows which MFA factors each account has and what is
// wrong with that: the findings, above all an account that one lost
// phone would lock out.
package inventory

import "time"

// Provider is who runs an account.
type Provider string

// Known providers. AWS gets special rules (factor limit, root recovery).
const (
	AWS     Provider = "aws"
	Generic Provider = "generic"
)

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
	Verified   time.Time `json:"verified,omitzero"`
}

// KeyRecord is a hardware key the user owns, remembered by serial.
type KeyRecord struct {
	Serial    uint32    `json:"serial"`
	Nickname  string    `json:"nickname,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
}
