package passphrase

import (
	"math"
	"strings"
	"unicode"
)

// Strength is an estimate of how many guesses a passphrase resists, in
// bits, and the word for it (Weak, Fair, Strong, Very strong).
type Strength struct {
	Bits  float64
	Label string
}

// Thresholds in bits. The vault's scrypt cost slows every guess, but the
// estimate leaves that out: it judges the passphrase alone.
const (
	fairBits   = 45
	strongBits = 60
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

// commonPassphrases are among the most used passwords; a passphrase that
// is one of them, whatever the case, is guessed at once.
var commonPassphrases = map[string]bool{
	"password": true, "123456": true, "12345678": true, "123456789": true,
	"qwerty": true, "qwertyuiop": true, "letmein": true, "iloveyou": true,
	"admin": true, "welcome": true, "monkey": true, "dragon": true,
	"football": true, "baseball": true, "sunshine": true, "princess": true,
	"passw0rd": true, "password1": true, "trustno1": true, "abc123": true,
	"1q2w3e4r": true, "111111": true, "000000": true, "changeme": true,
	"secret": true, "twofold": true, "correct horse battery staple": true,
}

// Estimate is a deliberately simple and conservative estimator
// (written here; no dependency): it takes the smaller of two guesses at
// how the passphrase was made.
//
//   - Characters: each character drawn from the classes it uses (lower,
//     upper, digits, symbols, other), counting a run of one repeated
//     character or of a sequence (abc, 123, cba) as a single character.
//
//   - Words: when it is several words separated by spaces or dashes, each
//     word as a pick from a 7,776-word list (diceware), the way such
//     passphrases are best made.
//
//   - A decorated word: one word, perhaps with capitals and digits for
//     letters (tr0ub4dor), and up to six digits or symbols after it, as
//     a pick from a 100,000-word dictionary plus the decorations.
//
// A common password is worth almost nothing. The result says how hard
// guessing is, not that the passphrase is good: reuse and personal words
// are beyond what it can see.
func Estimate(p string) Strength {
	if p == "" {
		return Strength{0, ""}
	}
	if commonPassphrases[strings.ToLower(p)] {
		return labelled(4)
	}
	bits := charBits(p)
	if w, ok := decoratedWordBits(p); ok {
		bits = math.Min(bits, w)
	}
	if words := strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '-' }); len(words) >= 3 {
		bits = math.Min(bits, float64(len(words))*math.Log2(7776))
	}
	return labelled(bits)
}

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

func charBits(p string) float64 {
	var lower, upper, digit, symbol, other bool
	runes := []rune(p)
	effective := 0
	for i, r := range runes {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r < unicode.MaxASCII && unicode.IsPrint(r):
			symbol = true
		default:
			other = true
		}
		if i > 0 {
			d := r - runes[i-1]
			if d == 0 || d == 1 || d == -1 {
				continue // a repeat or a step of a sequence adds next to nothing
			}
		}
		effective++
	}
	pool := 0
	for _, c := range []struct {
		used bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.used {
			pool += c.size
		}
	}
	return float64(effective) * math.Log2(float64(pool))
}

// leet maps the digits and symbols people write for letters.
var leet = map[rune]rune{'0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i'}

// decoratedWordBits estimates p as one dictionary word with capitals,
// letter substitutions and a short suffix, if it looks like one.
func decoratedWordBits(p string) (float64, bool) {
	runes := []rune(p)
	// The suffix: up to six trailing digits or symbols.
	end := len(runes)
	for end > 0 && len(runes)-end < 6 && !unicode.IsLetter(runes[end-1]) {
		end--
	}
	letters := 0
	for _, r := range runes[:end] {
		r = unicode.ToLower(r)
		if l, ok := leet[r]; ok {
			r = l
		}
		if r < 'a' || r > 'z' {
			return 0, false
		}
		letters++
	}
	if letters < 3 || letters > 14 {
		return 0, false
	}
	suffix := 0.0
	for _, r := range runes[end:] {
		if unicode.IsDigit(r) {
			suffix += math.Log2(10)
		} else {
			suffix += math.Log2(33)
		}
	}
	return math.Log2(100000) + suffix + 3, true
}
