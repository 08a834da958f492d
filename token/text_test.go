package token

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// plantedSecret is a valid secret put where it does not belong: an error
// that repeats it would show a secret pasted into the wrong field.
const plantedSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestParseURIRepeatsNoParameterValue(t *testing.T) {
	base := "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"
	for _, uri := range []string{
		base + "&algorithm=" + plantedSecret,
		base + "&digits=" + plantedSecret,
		base + "&period=" + plantedSecret,
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=" + plantedSecret,
		"otpauth://" + plantedSecret + "/x?secret=JBSWY3DPEHPK3PXP",
		"otpauth://hotp/?secret=" + plantedSecret + "&algorithm=" + plantedSecret,
		"otpauth://totp/x?secret=" + plantedSecret + "1",
		"otpauth://totp/x?secret=" + strings.Repeat(plantedSecret, 8),
	} {
		_, err := ParseURI(uri)
		if err == nil {
			t.Errorf("ParseURI accepted a URI with a bad parameter")
			continue
		}
		if strings.Contains(err.Error(), plantedSecret) {
			t.Errorf("error repeats a parameter value: %d characters, errors.Is ErrAlgorithm=%v ErrDigits=%v ErrPeriod=%v",
				len(err.Error()), errors.Is(err, ErrAlgorithm), errors.Is(err, ErrDigits), errors.Is(err, ErrPeriod))
		}
	}
	if _, err := ParseAlgorithm(plantedSecret); err == nil || strings.Contains(err.Error(), plantedSecret) {
		t.Errorf("ParseAlgorithm: want an error that does not repeat its input, got %v", err != nil)
	}
	s := Seed{Kind: TOTP, Account: "x", Secret: "JBSWY3DPEHPK3PXP", Algorithm: Algorithm(plantedSecret), Digits: 6, Period: 30}
	if err := s.Validate(); err == nil || strings.Contains(err.Error(), plantedSecret) {
		t.Errorf("Validate: want an error that does not repeat the algorithm")
	}
	if _, err := s.Code(s.Added); err == nil || strings.Contains(err.Error(), plantedSecret) {
		t.Errorf("Code: want an error that does not repeat the algorithm")
	}
	s.Algorithm, s.Kind = SHA1, Kind(plantedSecret)
	if err := s.Validate(); err == nil || strings.Contains(err.Error(), plantedSecret) {
		t.Errorf("Validate: want an error that does not repeat the kind")
	}
}

func TestHiddenCharactersRefused(t *testing.T) {
	refused := map[string]rune{
		"NUL": 0x00, "tab": '\t', "newline": '\n', "ESC": 0x1b, "DEL": 0x7f,
		"C1 CSI": 0x9b, "C1 NEL": 0x85,
		"LRE": 0x202a, "RLE": 0x202b, "PDF": 0x202c, "LRO": 0x202d, "RLO": 0x202e,
		"LRI": 0x2066, "RLI": 0x2067, "FSI": 0x2068, "PDI": 0x2069,
		"LRM": 0x200e, "RLM": 0x200f, "ALM": 0x061c, "ZWSP": 0x200b, "word joiner": 0x2060,
		"BOM": 0xfeff, "soft hyphen": 0x00ad, "line separator": 0x2028, "paragraph separator": 0x2029,
		"tag": 0xe0041,
	}
	for name, r := range refused {
		hostile := "pay" + string(r) + "pal"
		for _, field := range []string{"issuer", "account"} {
			s := Seed{Kind: TOTP, Issuer: "Bank", Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30}
			if field == "issuer" {
				s.Issuer = hostile
			} else {
				s.Account = hostile
			}
			err := s.Validate()
			if !errors.Is(err, ErrName) {
				t.Errorf("%s in the %s: Validate gave %v, want ErrName", name, field, err)
				continue
			}
			if strings.Contains(err.Error(), hostile) {
				t.Errorf("%s in the %s: the error repeats the name", name, field)
			}
			uri := "otpauth://totp/" + url.PathEscape(s.Issuer) + ":" + url.PathEscape(s.Account) +
				"?secret=JBSWY3DPEHPK3PXP&issuer=" + url.QueryEscape(s.Issuer)
			if _, err := ParseURI(uri); !errors.Is(err, ErrName) {
				t.Errorf("%s in the %s: ParseURI gave %v, want ErrName", name, field, err)
			}
		}
	}
	if _, err := ParseURI("otpauth://totp/a%FFb?secret=JBSWY3DPEHPK3PXP"); !errors.Is(err, ErrName) {
		t.Errorf("invalid UTF-8 in the account: ParseURI gave %v, want ErrName", err)
	}
}

func TestNamesThatStayAllowed(t *testing.T) {
	for _, name := range []string{
		"ACME Co", "山田太郎", "Ünïcödé",
		"می\u200cخواهم", // Persian with a zero width non-joiner
		"👩\u200d💻 dev",  // emoji sequence with a zero width joiner
		"שלום", "مرحبا", // right-to-left scripts need no control characters
		strings.Repeat("é", MaxNameRunes), // the bound counts characters, not bytes
	} {
		s := Seed{Kind: TOTP, Issuer: name, Account: name, Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30}
		if err := s.Validate(); err != nil {
			t.Errorf("%q refused: %v", name, err)
		}
		again, err := ParseURI(s.URI())
		if err != nil || again != s {
			t.Errorf("%q: round trip gave %v", name, err)
		}
	}
}

func TestLengthBounds(t *testing.T) {
	long := strings.Repeat("a", MaxNameRunes+1)
	for _, s := range []Seed{
		{Kind: TOTP, Issuer: long, Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		{Kind: TOTP, Issuer: "Bank", Account: long, Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
	} {
		if err := s.Validate(); !errors.Is(err, ErrName) {
			t.Errorf("a name of %d characters: got %v, want ErrName", MaxNameRunes+1, err)
		}
		if _, err := ParseURI(s.URI()); !errors.Is(err, ErrName) {
			t.Errorf("a URI with a name of %d characters: got %v, want ErrName", MaxNameRunes+1, err)
		}
	}

	// 128 bytes are 1024 bits: a whole number of base32 characters.
	longest := strings.Repeat("A", MaxSecretBytes*8/5+1) // 205 chars decode to 128 bytes
	if got, err := NormalizeSecret(longest); err != nil {
		t.Errorf("a secret of %d bytes refused: %v", MaxSecretBytes, err)
	} else if b, _ := secretBytes(got); len(b) != MaxSecretBytes {
		t.Fatalf("test secret decodes to %d bytes, want %d", len(b), MaxSecretBytes)
	}
	tooLong := strings.Repeat("A", 208) // 130 bytes
	if _, err := NormalizeSecret(tooLong); !errors.Is(err, ErrSecret) {
		t.Errorf("a secret of 130 bytes: got %v, want ErrSecret", err)
	}
	if _, err := ParseURI("otpauth://totp/x?secret=" + tooLong); !errors.Is(err, ErrSecret) {
		t.Errorf("a URI with a secret of 130 bytes: got %v, want ErrSecret", err)
	}
	huge := strings.Repeat("A", 1<<20)
	if _, err := NormalizeSecret(huge); !errors.Is(err, ErrSecret) || len(err.Error()) > 200 {
		t.Errorf("a megabyte secret: want a short ErrSecret, got %d characters", len(err.Error()))
	}
}
