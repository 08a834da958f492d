// Package passphrase holds the rules for a vault's passphrase, the same
// for 'twofold init' and 'twofold passwd' as for the app's first run: a
// minimum length, which is enforced, and a strength estimate, which is
// shown; a weak passphrase is used only when the person, asked again,
// says so.
package passphrase

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MinLength is the shortest passphrase, in characters, a vault accepts
// when it is created or its passphrase changed.
const MinLength = 8

// ErrTooShort is wrapped when a new passphrase is shorter than MinLength.
var ErrTooShort = errors.New("passphrase too short")

// ErrWeak is wrapped when a weak passphrase was not confirmed.
var ErrWeak = errors.New("passphrase weak")

// Check applies the policy to a new passphrase. It never puts the
// passphrase in its error.
func Check(p string) error {
	if n := utf8.RuneCountInString(p); n < MinLength {
		return fmt.Errorf("%w: %d characters, use at least %d (four or more random words make a strong one)", ErrTooShort, n, MinLength)
	}
	return nil
}

// Describe says how strong p is, in words for a person: "Strength: Fair
// (about 52 bits)." It names no part of p.
func Describe(p string) string {
	st := Estimate(p)
	return fmt.Sprintf("Strength: %s (about %.0f bits).", st.Label, st.Bits)
}
