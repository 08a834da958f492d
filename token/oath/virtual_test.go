package oath

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token"
)

// These tests run Session against the virtual YubiKey of the rig tests
// (internal/vyubikey), in process: its OATH application is written from
// the YKOATH specification apart from this package.

func virtualKey(t *testing.T, version string) (*vyubikey.Card, *Session) {
	t.Helper()
	card, err := vyubikey.New(vyubikey.Config{Serial: 12345678, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Select(vyubikey.Direct{Card: card})
	if err != nil {
		t.Fatal(err)
	}
	return card, s
}

func totpSeed(issuer, account string) token.Seed {
	return token.Seed{ID: issuer + account, Kind: token.TOTP, Issuer: issuer, Account: account,
		Secret: "JBSWY3DPEHPK3PXPJBSWY3DP", Algorithm: token.SHA1, Digits: 6, Period: 30}
}

// A secret longer than the hash's block size is hashed first, as the
// specification says (the virtual key, like the spec, refuses longer
// keys); the key's codes are then still oathtool's.
func TestStoreLongSecretsOnVirtualKey(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	long := strings.Repeat("GEZDGNBVGY3TQOJQ", 12) // 120 bytes: above the SHA1 and SHA256 blocks
	_, s := virtualKey(t, "5.4.3")
	for _, algo := range []token.Algorithm{token.SHA1, token.SHA256, token.SHA512} {
		seed := token.Seed{ID: string(algo), Kind: token.TOTP, Issuer: "Long", Account: string(algo), Secret: long, Algorithm: algo, Digits: 8, Period: 30}
		if err := s.Store(seed, false, false, at); err != nil {
			t.Fatalf("store %s: %v", algo, err)
		}
		c, err := s.Find(CredentialName(seed))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Calculate(c, at)
		if err != nil {
			t.Fatal(err)
		}
		if want := oathtoolCode(t, seed, at); got != want {
			t.Errorf("%s: key code %s, oathtool %s", algo, got, want)
		}
	}
}

// A full key is refused with the count; firmware 5.7 holds 64.
func TestStoreOnFullKey(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		version string
		room    int
	}{{"5.4.3", 32}, {"5.7.1", 64}} {
		_, s := virtualKey(t, tc.version)
		if got := s.Capacity(); got != tc.room {
			t.Errorf("firmware %s: capacity %d, want %d", tc.version, got, tc.room)
		}
		for i := range tc.room {
			if err := s.Store(totpSeed("Fill", fmt.Sprint(i)), false, false, now); err != nil {
				t.Fatalf("firmware %s: credential %d: %v", tc.version, i, err)
			}
		}
		err := s.Store(totpSeed("Fill", "one too many"), false, false, now)
		if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), fmt.Sprintf("%d of %d", tc.room, tc.room)) {
			t.Errorf("firmware %s: store on a full key: %v, want ErrFull with the count", tc.version, err)
		}
		// Past our own count, the key's answer (6A84) says the same.
		s.Version = [3]byte{9, 9, 9}
		if err := s.Put(totpSeed("Fill", "past the count"), false, false); !errors.Is(err, ErrFull) && tc.room == 64 {
			t.Errorf("firmware %s: the key's own refusal: %v, want ErrFull", tc.version, err)
		}
	}
}

// A key pulled out during PUT holds nothing of the credential; pulled
// out after PUT, before the check, it holds the whole credential, and
// Store says it was not checked.
func TestStorePulledOut(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	seed := totpSeed("Pulled", "out")
	// Store sends LIST, PUT, LIST, CALCULATE.
	card, s := virtualKey(t, "5.4.3")
	card.RemoveAfter(2, nil) // the PUT vanishes
	err := s.Store(seed, false, false, at)
	if !errors.Is(err, ErrRemoved) {
		t.Fatalf("pulled out during PUT: %v, want ErrRemoved", err)
	}
	s, _ = Select(vyubikey.Direct{Card: card})
	if _, err := s.Find(CredentialName(seed)); !errors.Is(err, ErrNotFound) {
		t.Errorf("after a removal during PUT the key lists %s: %v", CredentialName(seed), err)
	}

	card.RemoveAfter(3, nil) // the LIST after PUT vanishes
	err = s.Store(seed, false, false, at)
	if !errors.Is(err, ErrRemoved) || !strings.Contains(err.Error(), "not yet checked") {
		t.Fatalf("pulled out after PUT: %v, want ErrRemoved, not yet checked", err)
	}
	s, _ = Select(vyubikey.Direct{Card: card})
	c, err := s.Find(CredentialName(seed))
	if err != nil {
		t.Fatalf("after a removal following PUT: %v", err)
	}
	got, err := s.Calculate(c, at)
	if err != nil {
		t.Fatal(err)
	}
	if want := oathtoolCode(t, seed, at); got != want {
		t.Errorf("the credential written before the removal gives %s, oathtool %s", got, want)
	}
}

// corrupting changes the secret of every PUT on its way to the key, as a
// faulty key or reader would.
type corrupting struct{ Transport }

func (c corrupting) Transmit(apdu []byte) ([]byte, uint16, error) {
	if len(apdu) > 5 && apdu[1] == insPut {
		apdu = append([]byte(nil), apdu...)
		apdu[len(apdu)-1] ^= 0x01
	}
	return c.Transport.Transmit(apdu)
}

// A credential whose code differs from the vault's after writing is
// deleted again: the key keeps nothing that makes wrong codes.
func TestStoreMismatchDeletes(t *testing.T) {
	card, _ := virtualKey(t, "5.4.3")
	s, err := Select(corrupting{vyubikey.Direct{Card: card}})
	if err != nil {
		t.Fatal(err)
	}
	seed := totpSeed("Faulty", "write")
	err = s.Store(seed, false, false, time.Now())
	if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "deleted again") {
		t.Fatalf("store through a corrupting reader: %v, want ErrMismatch, deleted again", err)
	}
	if creds, err := s.List(); err != nil || len(creds) != 0 {
		t.Errorf("after a mismatch the key lists %v (%v), want nothing", creds, err)
	}
}

// A wrong access password is refused and changes nothing; Steam seeds
// never reach the key.
func TestVirtualKeyPasswordAndSteam(t *testing.T) {
	card, s := virtualKey(t, "5.4.3")
	seed := totpSeed("Kept", "safe")
	if err := s.Store(seed, false, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword([]byte("opensesame")); err != nil {
		t.Fatal(err)
	}
	s, _ = Select(vyubikey.Direct{Card: card})
	if err := s.Validate([]byte("opensesamE")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v, want ErrWrongPassword", err)
	}
	if err := s.Delete(CredentialName(seed)); !errors.Is(err, ErrPasswordRequired) {
		t.Errorf("delete after a wrong password: %v, want ErrPasswordRequired", err)
	}
	s, _ = Select(vyubikey.Direct{Card: card})
	if err := s.Validate([]byte("opensesame")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Find(CredentialName(seed)); err != nil {
		t.Errorf("after a wrong password: %v", err)
	}
	steam := seed
	steam.Issuer, steam.Digits = "Steam", 5
	if err := s.Store(steam, false, false, time.Now()); !errors.Is(err, ErrUnsupported) {
		t.Errorf("steam: %v, want ErrUnsupported", err)
	}
	if creds, _ := s.List(); len(creds) != 1 {
		t.Errorf("after refusing Steam the key lists %v", creds)
	}
}

func TestMatch(t *testing.T) {
	a, b := totpSeed("GitHub", "carol"), totpSeed("Corp", "dave")
	twin := totpSeed("GitHub", "carol")
	twin.ID = "twin"
	creds := []Credential{{Name: "GitHub:carol", Kind: token.TOTP}, {Name: "Corp:dave", Kind: token.TOTP}, {Name: "Other:x", Kind: token.TOTP}}
	got := Match(creds, []token.Seed{a, b}, nil)
	if got[0] != a.ID || got[1] != b.ID || got[2] != "" {
		t.Errorf("by name: %q", got)
	}
	// Two seeds of the same name: only the vault's record decides.
	got = Match(creds, []token.Seed{a, twin}, nil)
	if got[0] != "" {
		t.Errorf("ambiguous name matched %q", got[0])
	}
	got = Match(creds, []token.Seed{a, twin}, map[string]string{"GitHub:carol": "twin"})
	if got[0] != "twin" {
		t.Errorf("recorded copy: %q, want twin", got[0])
	}
}
