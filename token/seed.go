// Package token is Twofold's domain core: the Seed (one virtual TOTP or HOTP
// credential), its otpauth:// URI in both directions (Google's Key Uri
// Format), and the one-time codes it produces.
//
// Functions here are pure: time is always passed in, nothing touches the
// disk or the network, and no error message ever contains a secret or
// repeats the value of any URI parameter (a secret pasted into the wrong
// field must not reach the screen or a log either).
//
// Input is treated as hostile. An issuer or account holds at most
// MaxNameRunes (256) characters of valid UTF-8 and no control or invisible
// format characters (C0, C1, DEL, bidirectional overrides and isolates,
// zero width space; see ErrName). A secret decodes to 1 to MaxSecretBytes
// (128) bytes. ParseURI and Seed.Validate both apply these rules, so every
// way into the vault (URI, manual form, rename, imports) refuses the same.
//
// A secret typed in by hand (NormalizeSecret) must hold at least
// MinSecretBytes (80 bits): a shorter one is more likely a typo than a
// service's choice. A secret that came from a service, through its link or
// another app's export (NormalizeIssuedSecret, ParseURI), is kept at any
// length, since the service verifies codes for exactly that secret;
// Seed.WeakSecret tells the inventory check to say so.
package token

import (
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind is the OTP algorithm family of a Seed.
type Kind string

// The two kinds of the Key Uri Format.
const (
	TOTP Kind = "totp" // RFC 6238, time-based
	HOTP Kind = "hotp" // RFC 4226, counter-based
)

// Algorithm is the HMAC hash a Seed uses.
type Algorithm string

// The hashes allowed by RFC 6238 and the Key Uri Format.
const (
	SHA1   Algorithm = "SHA1"
	SHA256 Algorithm = "SHA256"
	SHA512 Algorithm = "SHA512"
)

// EncoderSteam is the Encoder of a Steam Guard seed: TOTP over HMAC-SHA1
// every 30 seconds, the code written as five symbols of Steam's alphabet.
// The name is KeePassXC's (encoder=steam in its otpauth links).
const EncoderSteam = "steam"

// SteamDigits is the length of a Steam Guard code, as Aegis and 2FAS
// store it.
const SteamDigits = 5

// Limits and defaults of the Key Uri Format.
const (
	DefaultDigits = 6
	MinDigits     = 6
	MaxDigits     = 8
	DefaultPeriod = 30 // seconds
	// MaxPeriod (seconds) bounds the period so that a typo such as
	// period=30000000 is caught; no real issuer uses more than a day.
	MaxPeriod = 24 * 60 * 60
)

// Errors returned when a Seed or an otpauth:// URI is invalid. Each is
// wrapped with the detail that explains it; test with errors.Is.
var (
	ErrMalformedURI = errors.New("malformed otpauth URI")
	ErrSecret       = errors.New("invalid secret")
	ErrAlgorithm    = errors.New("unsupported algorithm")
	ErrDigits       = errors.New("unsupported number of digits")
	ErrPeriod       = errors.New("invalid period")
	ErrKind         = errors.New("unsupported OTP type")
	ErrAccount      = errors.New("missing account name")
)

// Seed is one virtual TOTP or HOTP credential.
//
// Secret holds the shared key in canonical base32: upper case, no spaces,
// no padding. Use NormalizeSecret to build one from user input.
type Seed struct {
	ID        string    `json:"id"`
	Kind      Kind      `json:"kind"`
	Issuer    string    `json:"issuer"`
	Account   string    `json:"account"`
	Secret    string    `json:"secret"`
	Algorithm Algorithm `json:"algorithm"`
	Digits    int       `json:"digits"`
	Period    int       `json:"period"` // seconds, TOTP only
	Counter   uint64    `json:"counter,omitempty"`
	// Encoder is how a TOTP seed writes its codes: empty for decimal
	// digits, EncoderSteam for Steam Guard. Steam is a kind of code, not
	// an issuer: a Steam seed keeps the issuer and account it came with.
	Encoder string `json:"encoder,omitempty"`
	// Added is when the seed entered the vault.
	Added time.Time `json:"added,omitzero"`
	// Verified is when a second device last proved it holds the same seed
	// (the re-enrollment check). Zero means never.
	Verified time.Time `json:"verified,omitzero"`
	// VerifiedOn names the device that proved it ("Pixel 9"), when the
	// person named one.
	VerifiedOn string `json:"verified_on,omitempty"`
	// Modified is when the seed was last changed, for merging two copies
	// of a vault (token/vault sets it on save).
	Modified time.Time `json:"modified,omitzero"`
}

// Label is the human name of a seed: "Issuer (account)" or the account alone.
func (s Seed) Label() string {
	switch {
	case s.Issuer == "":
		return s.Account
	case s.Account == "":
		return s.Issuer
	}
	return s.Issuer + " (" + s.Account + ")"
}

// Validate reports the first problem with s, or nil. It does not look at ID.
func (s Seed) Validate() error {
	switch s.Kind {
	case TOTP, HOTP:
	default:
		return fmt.Errorf("%w: want totp or hotp", ErrKind)
	}
	if strings.TrimSpace(s.Account) == "" {
		return ErrAccount
	}
	if err := CheckName("issuer", s.Issuer); err != nil {
		return err
	}
	if err := CheckName("account", s.Account); err != nil {
		return err
	}
	if _, err := secretBytes(s.Secret); err != nil {
		return err
	}
	if _, err := ParseAlgorithm(string(s.Algorithm)); err != nil {
		return err
	}
	switch s.Encoder {
	case "":
	case EncoderSteam:
		if s.Kind != TOTP {
			return fmt.Errorf("%w: Steam codes are time-based", ErrKind)
		}
	default:
		return fmt.Errorf("%w: unknown code encoder", ErrKind)
	}
	steamDigits := s.Steam() && s.Digits == SteamDigits
	if !steamDigits && (s.Digits < MinDigits || s.Digits > MaxDigits) {
		return fmt.Errorf("%w: %d (want %d to %d)", ErrDigits, s.Digits, MinDigits, MaxDigits)
	}
	if s.Kind == TOTP {
		if err := checkPeriod(s.Period); err != nil {
			return err
		}
	}
	return nil
}

func checkPeriod(p int) error {
	if p <= 0 || p > MaxPeriod {
		return fmt.Errorf("%w: %d (want 1 to %d seconds)", ErrPeriod, p, MaxPeriod)
	}
	return nil
}

// ParseAlgorithm accepts SHA1, SHA256 or SHA512 in any case.
func ParseAlgorithm(name string) (Algorithm, error) {
	switch a := Algorithm(strings.ToUpper(strings.TrimSpace(name))); a {
	case SHA1, SHA256, SHA512:
		return a, nil
	}
	// The value is not repeated: a secret pasted into the wrong field
	// would otherwise end up on the screen or in a log.
	return "", fmt.Errorf("%w: want SHA1, SHA256 or SHA512", ErrAlgorithm)
}

// NormalizeSecret turns a base32 secret as people type it (lower case,
// spaces or dashes between groups, '=' padding) into the canonical form
// stored in a Seed, and refuses one shorter than MinSecretBytes. The error
// never repeats the secret.
func NormalizeSecret(secret string) (string, error) {
	s, err := NormalizeIssuedSecret(secret)
	if err != nil {
		return "", err
	}
	if b, _ := secretBytes(s); len(b) < MinSecretBytes {
		// RFC 4226 requires at least 128 bits and recommends 160; accept
		// 80 bits because some issuers still hand those out.
		return "", fmt.Errorf("%w: only %d bits, want at least %d", ErrSecret, 8*len(b), 8*MinSecretBytes)
	}
	return s, nil
}

// NormalizeIssuedSecret is NormalizeSecret for a secret that a service
// issued and another app held (an import, a service's own link): it is
// kept at any length, since only that secret makes the service's codes.
func NormalizeIssuedSecret(secret string) (string, error) {
	if len(secret) > maxSecretChars {
		return "", fmt.Errorf("%w: longer than %d characters", ErrSecret, maxSecretChars)
	}
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '-':
			return -1
		}
		return r
	}, secret)
	s = strings.TrimRight(strings.ToUpper(s), "=")
	if _, err := secretBytes(s); err != nil {
		return "", err
	}
	return s, nil
}

// secretBytes decodes a canonical secret.
func secretBytes(secret string) ([]byte, error) {
	if secret == "" {
		return nil, fmt.Errorf("%w: empty", ErrSecret)
	}
	// Decode exactly as the code generator will: padded, strict. (The
	// unpadded decoder accepts lengths that are no whole number of bytes.)
	padded := secret + strings.Repeat("=", (8-len(secret)%8)%8)
	b, err := base32.StdEncoding.DecodeString(padded)
	if err != nil {
		// The decoder's message quotes the offending input offset only.
		return nil, fmt.Errorf("%w: not base32 (%v)", ErrSecret, err)
	}
	if len(b) > MaxSecretBytes {
		return nil, fmt.Errorf("%w: %d bytes, at most %d allowed", ErrSecret, len(b), MaxSecretBytes)
	}
	return b, nil
}

// MinSecretBytes is the shortest secret typed in by hand, and the line
// under which WeakSecret calls a service's secret weak: 80 bits.
const MinSecretBytes = 10

// WeakSecret reports whether the seed's secret is shorter than
// MinSecretBytes, a secret the service chose too short.
func (s Seed) WeakSecret() bool {
	b, err := secretBytes(s.Secret)
	return err == nil && len(b) < MinSecretBytes
}

// GroupSecret writes the secret in groups of four for reading aloud or
// typing on a phone.
func GroupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ShowableName reports whether v may be stored and shown as an issuer or
// account (the rules of ErrName): what an import may say of an entry it
// could not take.
func ShowableName(v string) bool { return CheckName("name", v) == nil }
