package oath

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
)

// oathtoolCode asks oath-toolkit for the code of seed at t.
func oathtoolCode(t *testing.T, seed token.Seed, at time.Time) string {
	t.Helper()
	bin := testtool.Require(t, "oathtool")
	args := []string{"--base32", fmt.Sprintf("--digits=%d", seed.Digits)}
	if seed.Kind == token.HOTP {
		args = append(args, "--hotp", fmt.Sprintf("--counter=%d", seed.Counter))
	} else {
		args = append(args, "--totp="+strings.ToLower(string(seed.Algorithm)),
			fmt.Sprintf("--time-step-size=%ds", seed.Period), "--now="+at.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	out, err := exec.Command(bin, append(args, seed.Secret)...).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestPutThenCalculateMatchesOathtool(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	long := strings.Repeat("GEZDGNBVGY3TQOJQ", 9) // 90 bytes: longer than a SHA1/256 block
	seeds := []token.Seed{
		{Kind: token.TOTP, Issuer: "Example", Account: "a@example.com", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30},
		{Kind: token.TOTP, Issuer: "Example", Account: "b", Secret: long, Algorithm: token.SHA256, Digits: 8, Period: 60},
		{Kind: token.TOTP, Issuer: "", Account: "c", Secret: long, Algorithm: token.SHA512, Digits: 7, Period: 30},
		{Kind: token.HOTP, Issuer: "Bank", Account: "d", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: token.SHA1, Digits: 6},
	}
	card := &fakeCard{salt: []byte("saltsalt")}
	s, err := Select(card)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range seeds {
		if err := s.Put(seed, false, false); err != nil {
			t.Fatalf("put %s: %v", seed.Label(), err)
		}
	}
	creds, err := s.List() // the fake answers in 7-byte parts: SEND REMAINING
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != len(seeds) {
		t.Fatalf("listed %d credentials, want %d", len(creds), len(seeds))
	}
	for i, c := range creds {
		seed := seeds[i]
		if c.Name != CredentialName(seed) || c.Kind != seed.Kind || c.Algorithm != seed.Algorithm || c.Account != seed.Account || c.Issuer != seed.Issuer {
			t.Errorf("credential %d = %+v, want from seed %s", i, c, seed.Label())
		}
		if seed.Kind == token.TOTP && c.Period != seed.Period {
			t.Errorf("credential %s period %d, want %d", c.Name, c.Period, seed.Period)
		}
		got, err := s.Calculate(c, at)
		if err != nil {
			t.Fatal(err)
		}
		if want := oathtoolCode(t, seed, at); got != want {
			t.Errorf("%s: key code %s, oathtool %s", c.Name, got, want)
		}
	}
	if got := CredentialName(seeds[1]); got != "60/Example:b" {
		t.Errorf("name %q, want 60/Example:b", got)
	}
}

func TestPutRefusesTakenNameAndSteam(t *testing.T) {
	card := &fakeCard{salt: []byte("saltsalt")}
	s, _ := Select(card)
	seed := token.Seed{Kind: token.TOTP, Issuer: "X", Account: "y", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
	if err := s.Put(seed, false, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(seed, false, false); !errors.Is(err, ErrNameTaken) {
		t.Errorf("second put: %v, want ErrNameTaken", err)
	}
	if err := s.Put(seed, false, true); err != nil {
		t.Errorf("forced put: %v", err)
	}
	steam := seed
	steam.Issuer, steam.Digits = "Steam", 5
	if err := s.Put(steam, false, false); !errors.Is(err, ErrUnsupported) {
		t.Errorf("steam put: %v, want ErrUnsupported", err)
	}
	if err := s.Delete("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete missing: %v, want ErrNotFound", err)
	}
}

func TestPassword(t *testing.T) {
	card := &fakeCard{salt: []byte("saltsalt")}
	s, _ := Select(card)
	if err := s.SetPassword([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	s, _ = Select(card)
	if !s.Locked() {
		t.Fatal("not locked after setting a password")
	}
	if _, err := s.List(); !errors.Is(err, ErrPasswordRequired) {
		t.Errorf("list while locked: %v, want ErrPasswordRequired", err)
	}
	if err := s.Validate([]byte("wrong")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v, want ErrWrongPassword", err)
	}
	s, _ = Select(card)
	if err := s.Validate([]byte("correct horse")); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if _, err := s.List(); err != nil {
		t.Errorf("list after validate: %v", err)
	}
}
