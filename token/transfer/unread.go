package transfer

import (
	"errors"

	"github.com/twofoldmfa/twofold/token"
)

// Place says what an Unread's Position counts.
type Place string

// The places an entry is found at.
const (
	PlaceEntry  Place = "entry"   // the Nth entry (account, service, token) of an export
	PlaceLine   Place = "line"    // the Nth line of a text or CSV file
	PlaceQRCode Place = "qr_code" // the Nth QR code of an image, a screen, or a list of pasted links
)

// Reason says, as a stable code, why an entry was not taken. Each front
// end words it; scripts match on it in 'twofold import --json'.
type Reason string

// The reasons an entry is not taken.
const (
	ReasonKind         Reason = "unsupported_kind"      // an OTP type Twofold makes no codes for (mOTP, Yandex, ...)
	ReasonSecret       Reason = "bad_secret"            // missing, not base32 (or hex, where the format has it), or too long
	ReasonAlgorithm    Reason = "unsupported_algorithm" // a hash other than SHA1, SHA256, SHA512
	ReasonDigits       Reason = "unsupported_digits"    // a code length other than 6 to 8 (5 for Steam)
	ReasonPeriod       Reason = "bad_period"            // a TOTP period out of range
	ReasonName         Reason = "bad_name"              // an issuer or account with hidden characters, or too long
	ReasonNoName       Reason = "no_name"               // neither account nor issuer
	ReasonLink         Reason = "malformed_link"        // an otpauth:// link that does not parse
	ReasonTransferCode Reason = "malformed_transfer_code"
	ReasonNotOTP       Reason = "not_an_otp_link" // a QR code or value holding something else
	ReasonEntry        Reason = "malformed_entry" // the entry's fields do not have the format's shape
)

// Unread is one entry of an input that was not taken, where it is and
// why. Issuer and Account are set when the entry had names that may be
// shown; nothing else of the entry is kept.
type Unread struct {
	Place    Place `json:"place"`
	Position int   `json:"position"` // from 1
	// Within is the seed's place (from 1) inside a Google transfer code,
	// 0 otherwise.
	Within  int    `json:"within,omitempty"`
	Issuer  string `json:"issuer,omitempty"`
	Account string `json:"account,omitempty"`
	Reason  Reason `json:"reason"`
	// Err is the detail, for errors.Is and logs; it never holds a
	// secret or a field's value.
	Err error `json:"-"`
}

// unreadSeed names an entry that did not make a seed: s holds what was
// read of it (its names), err why it failed.
func unreadSeed(place Place, pos int, s token.Seed, err error) Unread {
	u := Unread{Place: place, Position: pos, Reason: reasonOf(err), Err: err}
	if token.ShowableName(s.Issuer) {
		u.Issuer = s.Issuer
	}
	if token.ShowableName(s.Account) {
		u.Account = s.Account
	}
	return u
}

// reasonOf maps a reader's error to its Reason.
func reasonOf(err error) Reason {
	for _, m := range []struct {
		err    error
		reason Reason
	}{
		{token.ErrKind, ReasonKind}, {token.ErrSecret, ReasonSecret}, {token.ErrAlgorithm, ReasonAlgorithm},
		{token.ErrDigits, ReasonDigits}, {token.ErrPeriod, ReasonPeriod}, {token.ErrName, ReasonName},
		{token.ErrAccount, ReasonNoName}, {token.ErrMalformedURI, ReasonLink}, {ErrMigration, ReasonTransferCode},
		{errNotOTP, ReasonNotOTP},
	} {
		if errors.Is(err, m.err) {
			return m.reason
		}
	}
	return ReasonEntry
}

var (
	errNotOTP     = errors.New("neither otpauth:// nor otpauth-migration://")
	errEntryShape = errors.New("the entry does not have the format's fields")
)

// takeSeed finishes a seed built from an entry: it fills the names (the
// issuer names a seed without an account), checks it, and adds it to c
// or records why not.
func (c *Contents) takeSeed(place Place, pos int, s token.Seed, err error) {
	if err == nil {
		if s.Account == "" {
			s.Account = s.Issuer
		}
		err = s.Validate()
	}
	if err != nil {
		c.Unread = append(c.Unread, unreadSeed(place, pos, s, err))
		return
	}
	c.Seeds = append(c.Seeds, s)
}
