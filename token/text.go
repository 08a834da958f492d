package token

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Bounds on what a Seed may hold. They are far above anything an issuer
// hands out and low enough that a hostile QR code or import file cannot
// make a label that fills the screen or a vault that grows without end.
const (
	// MaxNameRunes bounds the issuer and the account, in characters.
	MaxNameRunes = 256
	// MaxSecretBytes bounds the decoded secret: RFC 4226 recommends 20
	// bytes, SHA512 seeds use 64; 128 leaves room for both.
	MaxSecretBytes = 128
	// maxSecretChars bounds the secret as typed (base32 with spaces,
	// dashes and padding) before it is decoded.
	maxSecretChars = 4 * MaxSecretBytes
)

// ErrName is returned for a name or note that is too long or holds a
// character that could hide or disguise what is shown: control
// characters, bidirectional overrides and other invisible format
// characters.
var ErrName = errors.New("invalid name")

// CheckName reports why v, a name or note that a person or a file gives
// (a seed's issuer or account, an account's name, a factor's label, a
// key's nickname, a device's name), cannot be stored: at most
// MaxNameRunes characters of valid UTF-8 and no hidden characters (see
// hiddenRune). field names which one ("issuer", "account name"). The
// error names the offending code point and its position, never the text
// itself. Every name Twofold stores is held to this one rule.
func CheckName(field, v string) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("%w: the %s is not valid UTF-8", ErrName, field)
	}
	if n := utf8.RuneCountInString(v); n > MaxNameRunes {
		return fmt.Errorf("%w: the %s has %d characters, at most %d allowed", ErrName, field, n, MaxNameRunes)
	}
	pos := 0
	for _, r := range v {
		pos++
		if hiddenRune(r) {
			return fmt.Errorf("%w: the %s holds the invisible or control character %U at position %d", ErrName, field, r, pos)
		}
	}
	return nil
}

// hiddenRune reports whether r is refused in names: C0 and C1 controls
// and DEL (which covers ESC), the line and paragraph separators, and the
// format characters (Unicode category Cf) — among them the bidirectional
// embeddings, overrides and isolates U+202A-202E and U+2066-2069, the
// marks U+200E/U+200F, zero width space U+200B and the byte order mark.
// Zero width non-joiner and joiner (U+200C, U+200D) stay allowed: Persian,
// the Indic scripts and emoji sequences need them.
func hiddenRune(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d':
		return false
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
