package token

import (
	"encoding/base32"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

func b32(s string) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(s))
}

// RFC 6238 Appendix B: the shared secrets are the ASCII strings below,
// 20, 32 and 64 bytes long, one per hash.
var rfc6238Secrets = map[Algorithm]string{
	SHA1:   "12345678901234567890",
	SHA256: "12345678901234567890123456789012",
	SHA512: "1234567890123456789012345678901234567890123456789012345678901234",
}

func TestTOTPRFC6238Vectors(t *testing.T) {
	vectors := []struct {
		unix int64
		want map[Algorithm]string
	}{
		{59, map[Algorithm]string{SHA1: "94287082", SHA256: "46119246", SHA512: "90693936"}},
		{1111111109, map[Algorithm]string{SHA1: "07081804", SHA256: "68084774", SHA512: "25091201"}},
		{1111111111, map[Algorithm]string{SHA1: "14050471", SHA256: "67062674", SHA512: "99943326"}},
		{1234567890, map[Algorithm]string{SHA1: "89005924", SHA256: "91819424", SHA512: "93441116"}},
		{2000000000, map[Algorithm]string{SHA1: "69279037", SHA256: "90698825", SHA512: "38618901"}},
		{20000000000, map[Algorithm]string{SHA1: "65353130", SHA256: "77737706", SHA512: "47863826"}},
	}
	for _, v := range vectors {
		for alg, want := range v.want {
			s := Seed{Kind: TOTP, Account: "rfc", Secret: b32(rfc6238Secrets[alg]), Algorithm: alg, Digits: 8, Period: 30}
			got, err := s.Code(time.Unix(v.unix, 0))
			if err != nil {
				t.Fatalf("%s at %d: %v", alg, v.unix, err)
			}
			if got != want {
				t.Errorf("%s at %d: got %s, want %s", alg, v.unix, got, want)
			}
		}
	}
}

func TestHOTPRFC4226Vectors(t *testing.T) {
	// RFC 4226 Appendix D, counters 0 to 9.
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, w := range want {
		s := Seed{Kind: HOTP, Account: "rfc", Secret: b32(rfc6238Secrets[SHA1]), Algorithm: SHA1, Digits: 6, Counter: uint64(counter)}
		got, err := s.Code(time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("counter %d: got %s, want %s", counter, got, w)
		}
		if counter > 0 {
			prev := s
			prev.Counter--
			next, _ := prev.NextCode(time.Time{})
			if next != w {
				t.Errorf("NextCode at counter %d: got %s, want %s", counter-1, next, w)
			}
		}
	}
}

func TestSteamCodes(t *testing.T) {
	// RFC 4226 Appendix D gives the truncated values 1284755224 (counter 0)
	// and 1094287082 (counter 1); written in Steam's alphabet, least
	// significant symbol first, they are GG5F5 and PV9M4.
	s := Seed{Kind: TOTP, Issuer: "Steam", Account: "gabe", Secret: b32(rfc6238Secrets[SHA1]), Algorithm: SHA1, Digits: 6, Period: 30}
	for unix, want := range map[int64]string{0: "GG5F5", 29: "GG5F5", 30: "PV9M4"} {
		got, err := s.Code(time.Unix(unix, 0))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("at %d: got %s, want %s", unix, got, want)
		}
	}
	if !s.Steam() {
		t.Error("issuer Steam not recognised")
	}
	s.Issuer = "Steamy"
	if s.Steam() {
		t.Error("issuer Steamy taken for Steam")
	}
}

func TestNextCodeIsFollowingPeriod(t *testing.T) {
	s := Seed{Kind: TOTP, Account: "a", Secret: b32(rfc6238Secrets[SHA1]), Algorithm: SHA1, Digits: 8, Period: 30}
	now := time.Unix(1111111109, 0) // period ends at 1111111110
	next, err := s.NextCode(now)
	if err != nil {
		t.Fatal(err)
	}
	// 1111111111 lies in the next period: RFC 6238 gives 14050471 for it.
	if next != "14050471" {
		t.Errorf("next code %s, want 14050471", next)
	}
	if left := s.Remaining(now); left != time.Second {
		t.Errorf("remaining %v, want 1s", left)
	}
	if left := s.Remaining(time.Unix(1111111110, 0)); left != 30*time.Second {
		t.Errorf("remaining at a period start %v, want 30s", left)
	}
}

func TestMatchesForgivesOnePeriodOfClockSkew(t *testing.T) {
	s := Seed{Kind: TOTP, Account: "a", Secret: b32(rfc6238Secrets[SHA1]), Algorithm: SHA1, Digits: 8, Period: 30}
	at := time.Unix(1111111111, 0)
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"1405 0471", true}, // current, grouped
		{"07081804", true},  // previous period
		{"14050472", false}, // off by one
		{"", false},
		{"89005924", false}, // far away
	} {
		got, err := s.Matches(tc.code, at)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Matches(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
}

func TestGroupCode(t *testing.T) {
	for in, want := range map[string]string{"123456": "123 456", "12345678": "1234 5678", "1234567": "123 4567", "GG5F5": "GG5F5"} {
		if got := GroupCode(in); got != want {
			t.Errorf("GroupCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := GroupSecret("JBSWY3DPEHPK3PXP"); got != "JBSW Y3DP EHPK 3PXP" {
		t.Errorf("GroupSecret = %q", got)
	}
}

// TestCodesAgainstOathtool compares codes with an independent
// implementation (oathtool from oath-toolkit) at the same instants, over
// algorithms, digit counts and periods. The test command installs
// oathtool and sets TWOFOLD_REQUIRE_TOOLS so that this cannot be skipped
// there.
func TestCodesAgainstOathtool(t *testing.T) {
	oathtool := testtool.Require(t, "oathtool")
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	instants := []int64{59, 1111111109, 1700000000, time.Now().Unix()}
	for _, alg := range []Algorithm{SHA1, SHA256, SHA512} {
		for _, digits := range []int{6, 7, 8} {
			for _, period := range []int{30, 60, 15} {
				s := Seed{Kind: TOTP, Account: "x", Secret: secret, Algorithm: alg, Digits: digits, Period: period}
				for _, unix := range instants {
					got, err := s.Code(time.Unix(unix, 0))
					if err != nil {
						t.Fatal(err)
					}
					out, err := exec.Command(oathtool, "--totp="+strings.ToLower(string(alg)), "--base32",
						"--digits="+strconv.Itoa(digits), "--time-step-size="+strconv.Itoa(period)+"s",
						"--now=@"+strconv.FormatInt(unix, 10), secret).Output()
					if err != nil {
						t.Fatalf("oathtool: %v", err)
					}
					if want := strings.TrimSpace(string(out)); got != want {
						t.Errorf("%s/%d digits/%ds at %d: got %s, oathtool says %s", alg, digits, period, unix, got, want)
					}
				}
			}
		}
	}
	// HOTP too.
	s := Seed{Kind: HOTP, Account: "x", Secret: secret, Algorithm: SHA1, Digits: 6, Counter: 41}
	got, _ := s.Code(time.Time{})
	out, err := exec.Command(oathtool, "--hotp", "--base32", "--counter=41", secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("HOTP: got %s, oathtool says %s", got, want)
	}
}
