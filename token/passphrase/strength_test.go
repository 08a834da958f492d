package passphrase

import (
	"errors"
	"strings"
	"testing"
)

func TestStrength(t *testing.T) {
	for _, tc := range []struct {
		pass string
		want string
	}{
		{"password", "Weak"},
		{"Password", "Weak"},
		{"password1", "Weak"},
		{"abcdefghijkl", "Weak"},
		{"aaaaaaaaaaaaaaaaaaaa", "Weak"},
		{"tr0ub4dor&3", "Weak"}, // a word in disguise
		{"Sunshine2024!", "Weak"},
		{"Twofold2026", "Weak"},
		{"plinth quota mangle", "Weak"},            // three random words, about 39 bits
		{"plinth quota mangle ribcage", "Strong"},  // four, about 52: the hint's promise
		{"correct horse battery staple", "Strong"}, // four words, if famous ones
		{"ample-dusk-trowel-bison", "Strong"},      // dashes as well as spaces
		{"plinth quota mangle ribcage hazel", "Strong"},
		{"plinth quota mangle ribcage hazel nimbus foyer", "Very strong"},
		{"q8#Lm2!vZr9@Kt4$", "Strong"},
	} {
		if got := Estimate(tc.pass).Label; got != tc.want {
			t.Errorf("Estimate(%q) = %s (%.0f bits), want %s", tc.pass, got, Estimate(tc.pass).Bits, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		pass string
		ok   bool
	}{
		{"", false}, {"x", false}, {"seven77", false}, {"eight888", true},
		{"日本語のパスワー", true}, // characters, not bytes
	} {
		err := Check(tc.pass)
		if (err == nil) != tc.ok {
			t.Errorf("Check of a %d-character passphrase: %v, want ok=%v", len([]rune(tc.pass)), err, tc.ok)
		}
		if err != nil && (!errors.Is(err, ErrTooShort) || (tc.pass != "" && strings.Contains(err.Error(), tc.pass))) {
			t.Errorf("Check: error %q is not ErrTooShort or names the passphrase", err)
		}
	}
}
