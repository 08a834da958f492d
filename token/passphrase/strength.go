package passphrase

import (
	"math"
	"strings"

	"github.com/trustelem/zxcvbn"
)

// Strength is an estimate of how many guesses a passphrase resists, in
// bits, and the word for it (Weak, Fair, Strong, Very strong).
type Strength struct {
	Bits  float64
	Label string
}

// Thresholds in bits. The vault's key derivation slows every guess, but
// the estimate leaves that out: it judges the passphrase alone. Four
// words drawn at random from a list of 7,776 (diceware) are about 52
// bits, Strong: the first run's hint says so.
const (
	fairBits   = 40
	strongBits = 50
	// GreatBits is where the scale ends: a meter is full from here on.
	GreatBits = 80
)

// Words of the scale, from worst to best.
const (
	Weak       = "Weak"
	Fair       = "Fair"
	Strong     = "Strong"
	VeryStrong = "Very strong"
)

// dicewareBits is one word drawn from a 7,776-word list.
var dicewareBits = math.Log2(7776)

// Estimate rates p with zxcvbn (github.com/trustelem/zxcvbn, a Go port of
// Dropbox's estimator): the guesses an attacker needs who tries common
// passwords, dictionary words and names, keyboard patterns, dates,
// repeats, sequences and l33t substitutions first. A passphrase of
// several words is rated no higher than the same number of words drawn
// from a diceware list, since zxcvbn's English dictionary ranks a rare
// word as if it were a random string. The result says how hard guessing
// is, not that the passphrase is good: reuse and personal words are
// beyond what it can see.
func Estimate(p string) Strength {
	if p == "" {
		return Strength{0, ""}
	}
	bits := math.Log2(max(zxcvbn.PasswordStrength(p, []string{"twofold"}).Guesses, 1))
	if words := strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '-' }); len(words) >= 3 {
		bits = math.Min(bits, float64(len(words))*dicewareBits)
	}
	return labelled(bits)
}

// IsWeak reports whether p rates Weak: the app and the command line ask
// again before they use it.
func IsWeak(p string) bool { return Estimate(p).Label == Weak }

func labelled(bits float64) Strength {
	switch {
	case bits < fairBits:
		return Strength{bits, Weak}
	case bits < strongBits:
		return Strength{bits, Fair}
	case bits < GreatBits:
		return Strength{bits, Strong}
	}
	return Strength{bits, VeryStrong}
}
