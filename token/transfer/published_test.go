package transfer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/twofoldmfa/twofold/token"
)

// TestExportsAsTheAppsWriteThem reads exports written by an independent
// writer (testdata/python/make.py: Python's hashlib and cryptography) in
// the shapes the Android apps give them: "/" escaped as "\/" in base64,
// an Aegis header whose password slot comes after raw-key and biometric
// slots and carries "repaired", 7 digits, periods of 20 and 50 seconds,
// an HOTP counter past 10,000, an entry with no name, and 2FAS's schema 2
// (no tokenType, no period where it is 30). Every TOTP code and the SHA1
// HOTP code are compared with oathtool's.
func TestExportsAsTheAppsWriteThem(t *testing.T) {
	type want struct {
		label     string
		kind      token.Kind
		algorithm token.Algorithm
		digits    int
		period    int
		counter   uint64
		steam     bool
	}
	for file, wants := range map[string][]want{
		"aegis-android.json": {
			{"Seven (james)", token.TOTP, token.SHA256, 7, 20, 0, false},
			{"Fifty (elijah)", token.TOTP, token.SHA512, 8, 50, 0, false},
			{"Counter (mason)", token.HOTP, token.SHA1, 6, 0, 10300, false},
			{"Nameless (Nameless)", token.HOTP, token.SHA512, 8, 0, 50, false},
			{"Steam (sophia)", token.TOTP, token.SHA1, token.SteamDigits, 30, 0, true},
		},
		"twofas-v2-encrypted.2fas": {
			{"Old (mason)", token.TOTP, token.SHA1, 6, 30, 0, false},
			{"Fifty (elijah)", token.TOTP, token.SHA512, 8, 50, 0, false},
		},
	} {
		t.Run(file, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			c, err := ReadEntries(content, fixedPassphrase(testdataPassphrase))
			if err != nil || len(c.Unread) != 0 {
				t.Fatal(err, c.Unread)
			}
			seeds := c.Seeds
			if len(seeds) != len(wants) {
				t.Fatalf("%d seeds, want %d", len(seeds), len(wants))
			}
			for i, w := range wants {
				s := seeds[i]
				got := want{s.Label(), s.Kind, s.Algorithm, s.Digits, s.Period, s.Counter, s.Steam()}
				if got != w {
					t.Errorf("seed %d: %+v, want %+v", i+1, got, w)
				}
				switch {
				case s.Steam():
				case s.Kind == token.HOTP && s.Algorithm != token.SHA1: // oathtool's HOTP is SHA1 only
				default:
					checkWithOathtool(t, s)
				}
			}
		})
	}
}
