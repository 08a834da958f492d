package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/scrypt"

	"github.com/twofoldmfa/twofold/token"
)

const aegisPlainDB = `{"version": 2, "entries": [
 {"type": "totp", "uuid": "a1", "name": "alice@example.com", "issuer": "ACME Co", "note": "", "favorite": false, "icon": null,
  "info": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "algo": "SHA1", "digits": 6, "period": 30}},
 {"type": "totp", "uuid": "a2", "name": "carol", "issuer": "Big Bank", "info": {"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "algo": "SHA512", "digits": 8, "period": 60}},
 {"type": "hotp", "uuid": "a3", "name": "dave", "issuer": "VPN", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "counter": 12}},
 {"type": "steam", "uuid": "a4", "name": "gamer", "issuer": "Steam", "info": {"secret": "JBSWY3DPEHPK3PXPJBSWY3DP", "algo": "SHA1", "digits": 5, "period": 30}}
], "groups": []}`

func aegisPlain(db string) []byte {
	return []byte(`{"version": 1, "header": {"slots": null, "params": null}, "db": ` + db + `}`)
}

// sealGCM encrypts with AES-256-GCM and returns ciphertext and tag apart,
// as Aegis stores them.
func sealGCM(t testing.TB, key, plain []byte) (nonce, ciphertext, tag []byte) {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	nonce = make([]byte, aead.NonceSize())
	rand.Read(nonce)
	out := aead.Seal(nil, nonce, plain, nil)
	return nonce, out[:len(out)-16], out[len(out)-16:]
}

// aegisEncrypted builds an encrypted Aegis vault from docs/vault.md: a
// random master key encrypts the db; each password slot wraps the master
// key under scrypt(password); raw slots (type 0) wrap it under a key only
// the phone has.
func aegisEncrypted(t testing.TB, db, password string, logN int, withRaw bool) []byte {
	t.Helper()
	master := make([]byte, 32)
	rand.Read(master)
	type params struct {
		Nonce string `json:"nonce"`
		Tag   string `json:"tag"`
	}
	var slots []map[string]any
	if withRaw {
		other := make([]byte, 32)
		rand.Read(other)
		n, c, tag := sealGCM(t, other, master)
		slots = append(slots, map[string]any{"type": 0, "uuid": "r", "key": hex.EncodeToString(c),
			"key_params": params{hex.EncodeToString(n), hex.EncodeToString(tag)}})
	}
	if password != "" {
		salt := make([]byte, 32)
		rand.Read(salt)
		kek, err := scrypt.Key([]byte(password), salt, 1<<logN, 8, 1, 32)
		if err != nil {
			t.Fatal(err)
		}
		n, c, tag := sealGCM(t, kek, master)
		slots = append(slots, map[string]any{"type": 1, "uuid": "p", "key": hex.EncodeToString(c),
			"key_params": params{hex.EncodeToString(n), hex.EncodeToString(tag)},
			"n":          1 << logN, "r": 8, "p": 1, "salt": hex.EncodeToString(salt), "repaired": true, "is_backup": false})
	}
	n, c, tag := sealGCM(t, master, []byte(db))
	f := map[string]any{"version": 1, "header": map[string]any{"slots": slots,
		"params": params{hex.EncodeToString(n), hex.EncodeToString(tag)}}, "db": base64.StdEncoding.EncodeToString(c)}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixedPassphrase(p string) Passphrase { return func() (string, error) { return p, nil } }

func noPassphrase() (string, error) { return "", errors.New("no passphrase should be asked") }

func checkAegisSeeds(t *testing.T, seeds []token.Seed) {
	t.Helper()
	if len(seeds) != 4 {
		t.Fatalf("%d seeds, want 4", len(seeds))
	}
	if s := seeds[1]; s.Issuer != "Big Bank" || s.Digits != 8 || s.Period != 60 || s.Algorithm != token.SHA512 {
		t.Errorf("second seed: %s digits %d period %d %s", s.Label(), s.Digits, s.Period, s.Algorithm)
	}
	if s := seeds[2]; s.Kind != token.HOTP || s.Counter != 12 {
		t.Errorf("third seed: %s %s counter %d", s.Label(), s.Kind, s.Counter)
	}
	if !seeds[3].Steam() {
		t.Error("the steam entry does not make Steam codes")
	}
	for _, s := range seeds[:3] {
		if s.Algorithm != token.SHA512 {
			checkWithOathtool(t, s)
		}
	}
}

func TestAegisPlain(t *testing.T) {
	content := aegisPlain(aegisPlainDB)
	if f, err := Detect(content); err != nil || f != FormatAegis {
		t.Fatalf("Detect: %s, %v", f, err)
	}
	c, err := ParseAegis(content, noPassphrase)
	if err != nil || len(c.Unread) != 0 || c.Encrypted {
		t.Fatalf("%v, unread %v, encrypted %v", err, c.Unread, c.Encrypted)
	}
	checkAegisSeeds(t, c.Seeds)
}

func TestAegisEncrypted(t *testing.T) {
	// Aegis's own cost, N=2^15, once; the other cases use less.
	content := aegisEncrypted(t, aegisPlainDB, "correct horse", 15, true)
	c, err := ReadEntries(content, fixedPassphrase("correct horse"))
	if err != nil || !c.Encrypted || c.Format != FormatAegis {
		t.Fatalf("%v, encrypted %v, format %s", err, c.Encrypted, c.Format)
	}
	checkAegisSeeds(t, c.Seeds)

	_, err = ParseAegis(content, fixedPassphrase("wrong"))
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	_, err = ParseAegis(aegisEncrypted(t, aegisPlainDB, "", 10, true), fixedPassphrase("x"))
	if !errors.Is(err, ErrNoUsableSlot) {
		t.Errorf("raw slot only: %v", err)
	}
}

// One entry Twofold cannot take leaves the others in, and is named by
// its place, its names and a reason code, never its secret.
func TestAegisBadEntryLeftOut(t *testing.T) {
	good := `{"type": "totp", "name": "n", "issuer": "I", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}}`
	for bad, want := range map[string]Unread{
		`{"type": "yandex", "name": "y", "issuer": "Yandex", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA256", "digits": 8, "period": 30}}`: {Issuer: "Yandex", Account: "y", Reason: ReasonKind},
		`{"type": "totp", "name": "n", "issuer": "I", "info": {"secret": "not base32!", "algo": "SHA1", "digits": 6, "period": 30}}`:               {Issuer: "I", Account: "n", Reason: ReasonSecret},
		`{"type": "totp", "name": "n", "issuer": "I", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "MD5", "digits": 6, "period": 30}}`:           {Issuer: "I", Account: "n", Reason: ReasonAlgorithm},
		`{"type": "totp", "name": "n", "issuer": "I", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 10, "period": 30}}`:         {Issuer: "I", Account: "n", Reason: ReasonDigits},
		`{"type": "totp", "name": 7, "info": "x"}`: {Reason: ReasonEntry},
	} {
		c, err := ParseAegis(aegisPlain(`{"entries": [`+good+`, `+bad+`, `+good+`]}`), noPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		want.Place, want.Position = PlaceEntry, 2
		if len(c.Seeds) != 2 || len(c.Unread) != 1 {
			t.Fatalf("%d seeds, unread %+v", len(c.Seeds), c.Unread)
		}
		got := c.Unread[0]
		if got.Err == nil || strings.Contains(got.Err.Error(), "JBSWY3DP") {
			t.Errorf("detail %v", got.Err)
		}
		got.Err = nil
		if got != want {
			t.Errorf("unread %+v, want %+v", got, want)
		}
	}
}

// Aegis's published vectors hold a Steam entry of issuer Boeing: it
// stays Boeing's, and makes Steam codes.
func TestAegisSteamKeepsIssuer(t *testing.T) {
	c, err := ParseAegis(aegisPlain(`{"entries": [{"type": "steam", "name": "Sophia", "issuer": "Boeing", "info": {"secret": "JRZCL47CMXVOQMNPZR2F7J4RGI", "algo": "SHA1", "digits": 5, "period": 30}}]}`), noPassphrase)
	if err != nil || len(c.Seeds) != 1 {
		t.Fatalf("%v, %+v", err, c)
	}
	s := c.Seeds[0]
	if s.Issuer != "Boeing" || s.Account != "Sophia" || !s.Steam() || s.Digits != token.SteamDigits {
		t.Errorf("Steam seed %+v", s)
	}
	if !strings.HasPrefix(s.URI(), "otpauth://steam/Boeing:Sophia?") {
		t.Errorf("URI %s", s.URI())
	}
}

// A short secret another app held is kept: the service verifies codes
// for it.
func TestAegisShortSecretKept(t *testing.T) {
	c, err := ParseAegis(aegisPlain(`{"entries": [{"type": "totp", "name": "kim", "issuer": "Old", "info": {"secret": "JBSWY3DP", "algo": "SHA1", "digits": 6, "period": 30}}]}`), noPassphrase)
	if err != nil || len(c.Seeds) != 1 || !c.Seeds[0].WeakSecret() {
		t.Fatalf("%v, %+v", err, c)
	}
	checkWithOathtool(t, c.Seeds[0])
}
