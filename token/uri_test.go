package token

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseURI(t *testing.T) {
	tests := []struct {
		name string
		uri  string
		want Seed
	}{
		{
			name: "key uri format example",
			uri:  "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
			want: Seed{Kind: TOTP, Issuer: "ACME Co", Account: "john.doe@email.com", Secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "defaults, issuer from label only",
			uri:  "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP",
			want: Seed{Kind: TOTP, Issuer: "Example", Account: "alice@google.com", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "space after the colon, lower-case padded grouped secret",
			uri:  "otpauth://TOTP/Example:%20alice?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D%3D",
			want: Seed{Kind: TOTP, Issuer: "Example", Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "issuer parameter wins over a different label prefix",
			uri:  "otpauth://totp/OldName:alice?secret=JBSWY3DPEHPK3PXP&issuer=NewName",
			want: Seed{Kind: TOTP, Issuer: "NewName", Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "issuer parameter without label prefix",
			uri:  "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Example",
			want: Seed{Kind: TOTP, Issuer: "Example", Account: "alice", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "sha512, 8 digits, 60 s",
			uri:  "otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP&algorithm=sha512&digits=8&period=60",
			want: Seed{Kind: TOTP, Issuer: "x", Account: "y", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA512, Digits: 8, Period: 60},
		},
		{
			name: "hotp with counter",
			uri:  "otpauth://hotp/Example:bob?secret=JBSWY3DPEHPK3PXP&counter=7&digits=7&algorithm=SHA256",
			want: Seed{Kind: HOTP, Issuer: "Example", Account: "bob", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA256, Digits: 7, Counter: 7},
		},
		{
			// As Aegis and 2FAS export a Steam Guard seed.
			name: "steam type: a Steam seed that keeps its issuer",
			uri:  "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30",
			want: Seed{Kind: TOTP, Issuer: "Boeing", Account: "Sophia", Secret: "JRZCL47CMXVOQMNPZR2F7J4RGI", Algorithm: SHA1, Digits: 5, Period: 30, Encoder: EncoderSteam},
		},
		{
			// As KeePassXC writes a Steam Guard seed.
			name: "encoder=steam",
			uri:  "otpauth://totp/Valve:gabe?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&period=30&digits=5&issuer=Valve&encoder=steam",
			want: Seed{Kind: TOTP, Issuer: "Valve", Account: "gabe", Secret: "JRZCL47CMXVOQMNPZR2F7J4RGI", Algorithm: SHA1, Digits: 5, Period: 30, Encoder: EncoderSteam},
		},
		{
			// A service's link is kept at any length; the check calls it weak.
			name: "short secret from a service",
			uri:  "otpauth://totp/Old:kim?secret=JBSWY3DP",
			want: Seed{Kind: TOTP, Issuer: "Old", Account: "kim", Secret: "JBSWY3DP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
		{
			name: "percent-encoded colon in the label is still the separator",
			uri:  "otpauth://totp/Example%3Abob?secret=JBSWY3DPEHPK3PXP",
			want: Seed{Kind: TOTP, Issuer: "Example", Account: "bob", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseURI(tc.uri)
			if err != nil {
				t.Fatalf("ParseURI: %v", err)
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseURIErrors(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	tests := []struct {
		uri  string
		want error
	}{
		{"otpauth://totp/x?secret=" + secret + "&digits=5", ErrDigits},
		{"otpauth://totp/x?secret=" + secret + "&digits=9", ErrDigits},
		{"otpauth://totp/x?secret=" + secret + "&digits=six", ErrDigits},
		{"otpauth://totp/x?secret=" + secret + "&period=0", ErrPeriod},
		{"otpauth://totp/x?secret=" + secret + "&period=-30", ErrPeriod},
		{"otpauth://totp/x?secret=" + secret + "&period=86401", ErrPeriod},
		{"otpauth://totp/x?secret=" + secret + "&algorithm=MD5", ErrAlgorithm},
		{"otpauth://totp/x?secret=not-base32!", ErrSecret},
		{"otpauth://totp/x?secret=1234567890", ErrSecret},
		{"otpauth://totp/x?secret=JBS", ErrSecret}, // 15 bits: no whole number of bytes
		{"otpauth://totp/x", ErrSecret},
		{"otpauth://totp/?secret=" + secret, ErrAccount},
		{"otpauth://totp/Issuer:?secret=" + secret, ErrAccount},
		{"otpauth://hotp/x?secret=" + secret, ErrMalformedURI},
		{"otpauth://hotp/x?secret=" + secret + "&counter=-1", ErrMalformedURI},
		{"otpauth://motp/x?secret=" + secret, ErrKind},
		{"otpauth:totp/x?secret=" + secret, ErrMalformedURI},
		{"https://example.com/?secret=" + secret, ErrMalformedURI},
		{"otpauth://totp/%zz?secret=" + secret, ErrMalformedURI},
		{"otpauth://totp/x?secret=" + secret + "&issuer=%zz", ErrMalformedURI},
		{"", ErrMalformedURI},
	}
	for _, tc := range tests {
		_, err := ParseURI(tc.uri)
		if !errors.Is(err, tc.want) {
			t.Errorf("ParseURI(%q): got %v, want %v", tc.uri, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("ParseURI(%q): error repeats the secret", tc.uri)
		}
	}
}

func TestURIRoundTrip(t *testing.T) {
	seeds := []Seed{
		{Kind: TOTP, Issuer: "Amazon Web Services", Account: "root-account-mfa-device@123456789012", Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Period: 30},
		{Kind: TOTP, Issuer: "Weird: Issuer & Co/?#", Account: "a+b@c d", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA256, Digits: 8, Period: 60},
		{Kind: TOTP, Account: "no issuer", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA512, Digits: 7, Period: 15},
		{Kind: HOTP, Issuer: "日本", Account: "ユーザー", Secret: "JBSWY3DPEHPK3PXP", Algorithm: SHA1, Digits: 6, Counter: 12345},
	}
	for _, s := range seeds {
		uri := s.URI()
		if strings.Contains(uri, " ") || strings.Contains(uri, "+") {
			t.Errorf("URI %q has a raw space or plus", uri)
		}
		got, err := ParseURI(uri)
		if err != nil {
			t.Fatalf("ParseURI(%q): %v", uri, err)
		}
		if got != s {
			t.Errorf("round trip of %q:\ngot  %+v\nwant %+v", uri, got, s)
		}
	}
}

func TestNormalizeSecret(t *testing.T) {
	for in, want := range map[string]string{
		"jbswy3dpehpk3pxp":         "JBSWY3DPEHPK3PXP",
		"JBSW Y3DP EHPK 3PXP":      "JBSWY3DPEHPK3PXP",
		"jbsw-y3dp-ehpk-3pxp":      "JBSWY3DPEHPK3PXP",
		"JBSWY3DPEHPK3PXPJB======": "JBSWY3DPEHPK3PXPJB",
	} {
		got, err := NormalizeSecret(in)
		if err != nil || got != want {
			t.Errorf("NormalizeSecret(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// uriCorpus reads testdata/uris.txt: the seed corpus of FuzzParseURI.
func uriCorpus(tb testing.TB) []string {
	f, err := os.Open("testdata/uris.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var uris []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			uris = append(uris, line)
		}
	}
	return uris
}

// FuzzParseURI checks that any accepted URI is a valid seed that survives
// a format-and-parse round trip, and that no error repeats the secret.
func FuzzParseURI(f *testing.F) {
	for _, uri := range uriCorpus(f) {
		f.Add(uri)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		s, err := ParseURI(uri)
		if err != nil {
			if secret := secretParam(uri); len(secret) >= 8 && strings.Contains(err.Error(), secret) {
				t.Fatalf("error repeats the secret")
			}
			if v := echoedValue(uri, err); v != "" {
				t.Fatalf("error repeats the value of a parameter (%d characters)", len(v))
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted an invalid seed: %v", err)
		}
		again, err := ParseURI(s.URI())
		if err != nil {
			t.Fatalf("formatted URI does not parse: %v", err)
		}
		if again != s {
			t.Fatalf("round trip changed the seed:\n%+v\n%+v", s, again)
		}
		if _, err := s.Code(s.Added); err != nil {
			t.Fatalf("valid seed cannot make a code: %v", err)
		}
	})
}

func secretParam(uri string) string {
	_, after, ok := strings.Cut(uri, "secret=")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, "&")
	return v
}

// echoedValue returns a secret-like parameter value (eight or more
// characters of the base32 alphabet, in any parameter) that err repeats,
// or "". No fixed error text holds such a run, so a hit is an echo.
func echoedValue(uri string, err error) string {
	_, query, _ := strings.Cut(uri, "?")
	for _, pair := range strings.Split(query, "&") {
		_, v, _ := strings.Cut(pair, "=")
		if len(v) >= 8 && strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == "" && strings.Contains(err.Error(), v) {
			return v
		}
	}
	return ""
}
