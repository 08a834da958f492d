package token

import (
	"errors"
	"testing"
	"time"
)

// A secret typed by hand keeps the 80-bit minimum; one a service issued
// is taken at any length and called weak.
func TestShortSecrets(t *testing.T) {
	const short = "JBSWY3DP" // 40 bits
	if _, err := NormalizeSecret(short); !errors.Is(err, ErrSecret) {
		t.Errorf("NormalizeSecret(40 bits): %v, want ErrSecret", err)
	}
	got, err := NormalizeIssuedSecret("jbsw y3dp")
	if err != nil || got != short {
		t.Fatalf("NormalizeIssuedSecret: %q, %v", got, err)
	}
	s := Seed{Kind: TOTP, Account: "kim", Secret: short, Algorithm: SHA1, Digits: 6, Period: 30}
	if err := s.Validate(); err != nil {
		t.Fatalf("a 40-bit seed: %v", err)
	}
	if !s.WeakSecret() {
		t.Error("a 40-bit secret not weak")
	}
	s.Secret = "GEZDGNBVGY3TQOJQ" // 80 bits
	if s.WeakSecret() {
		t.Error("an 80-bit secret called weak")
	}
}

// A Steam seed keeps its issuer, writes otpauth://steam/ as Aegis does,
// and reads back the same.
func TestSteamEncoderRoundTrip(t *testing.T) {
	s := Seed{Kind: TOTP, Issuer: "Boeing", Account: "Sophia", Secret: "JRZCL47CMXVOQMNPZR2F7J4RGI", Algorithm: SHA1,
		Digits: SteamDigits, Period: 30, Encoder: EncoderSteam}
	if !s.Steam() {
		t.Fatal("Encoder steam not Steam")
	}
	const want = "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30"
	if got := s.URI(); got != want {
		t.Fatalf("URI %s, want %s", got, want)
	}
	back, err := ParseURI(s.URI())
	if err != nil || back != s {
		t.Fatalf("read back %+v, %v", back, err)
	}
	h := s
	h.Kind, h.Period = HOTP, 0
	if err := h.Validate(); !errors.Is(err, ErrKind) {
		t.Errorf("HOTP Steam seed: %v, want ErrKind", err)
	}
	if code, err := s.Code(time.Unix(1700000000, 0)); err != nil || len(code) != 5 {
		t.Errorf("Steam code %q, %v", code, err)
	}
}
