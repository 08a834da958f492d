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
		{"abcdefghijkl", "Weak"},
		{"aaaaaaaaaaaaaaaaaaaa", "Weak"},
		{"tr0ub4dor&3", "Weak"}, // a word in disguise, about 28 bits
		{"Sunshine2024!", "Weak"},
		{"correct horse battery staple", "Weak"}, // famous, so guessed first
		{"plinth quota mangle ribcage", "Fair"},
		{"plinth quota mangle ribcage hazel", "Strong"},
		{"plinth quota mangle ribcage hazel nimbus foyer", "Very strong"},
		{"q8#Lm2!vZr9@Kt4$", "Very strong"},
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
