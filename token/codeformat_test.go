package token

import (
	"errors"
	"testing"
)

func TestCheckCodeFormat(t *testing.T) {
	totp := Seed{Kind: TOTP, Issuer: "GitHub", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 8, Period: 30}
	steam := totp
	steam.Issuer, steam.Digits = "Steam", 5
	for _, c := range []struct {
		seed Seed
		code string
		ok   bool
	}{
		{totp, "1234 5678", true},
		{totp, "123456", false},
		{totp, "1234567a", false},
		{totp, "", false},
		{steam, "2B4CD", true},
		{steam, "2b4cd", true},
		{steam, "2B4C0", false}, // 0 is not in Steam's alphabet
		{steam, "12345", false},
	} {
		err := c.seed.CheckCodeFormat(c.code)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrCodeFormat)) {
			t.Errorf("%s %q: err %v, want ok=%v", c.seed.Issuer, c.code, err, c.ok)
		}
	}
}
