package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"
)

const twoFASServices = `[
 {"name": "ACME Co", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "updatedAt": 1700000000000,
  "otp": {"label": "alice@example.com", "account": "alice@example.com", "issuer": "ACME Co", "digits": 6, "period": 30, "algorithm": "SHA1", "tokenType": "TOTP", "source": "Link"},
  "order": {"position": 0}, "icon": {"selected": "Label"}},
 {"name": "VPN", "secret": "JBSWY3DPEHPK3PXP", "otp": {"account": "dave", "digits": 8, "algorithm": "SHA256", "tokenType": "HOTP", "counter": 5}},
 {"name": "Steam", "secret": "JBSWY3DPEHPK3PXPJBSWY3DP", "otp": {"account": "gamer", "digits": 5, "period": 30, "algorithm": "SHA1", "tokenType": "STEAM"}}
]`

// twoFASEncrypt seals text as 2FAS does: PBKDF2-HMAC-SHA256 over a
// 256-byte salt, 10,000 iterations, 256-bit key; AES-GCM with a 12-byte
// IV and the tag at the end; "CIPHERTEXT:SALT:IV" in base64.
func twoFASEncrypt(t testing.TB, text, password string) string {
	t.Helper()
	salt := make([]byte, 256)
	iv := make([]byte, 12)
	rand.Read(salt)
	rand.Read(iv)
	key, err := pbkdf2.Key(sha256.New, password, salt, 10000, 32)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	enc := base64.StdEncoding.EncodeToString
	return enc(aead.Seal(nil, iv, []byte(text), nil)) + ":" + enc(salt) + ":" + enc(iv)
}

func checkTwoFASSeeds(t *testing.T, content []byte, pass Passphrase) {
	t.Helper()
	if f, err := Detect(content); err != nil || f != FormatTwoFAS {
		t.Fatalf("Detect: %s, %v", f, err)
	}
	c, err := ParseTwoFAS(content, pass)
	if err != nil || len(c.Unread) != 0 {
		t.Fatal(err, c.Unread)
	}
	seeds := c.Seeds
	if len(seeds) != 3 {
		t.Fatalf("%d seeds, want 3", len(seeds))
	}
	if s := seeds[0]; s.Issuer != "ACME Co" || s.Account != "alice@example.com" {
		t.Errorf("first seed %s", s.Label())
	}
	checkWithOathtool(t, seeds[0])
	if s := seeds[1]; s.Kind != "hotp" || s.Counter != 5 || s.Digits != 8 {
		t.Errorf("second seed %s %s counter %d digits %d", s.Label(), s.Kind, s.Counter, s.Digits)
	}
	if !seeds[2].Steam() {
		t.Error("the STEAM service does not make Steam codes")
	}
}

func TestTwoFASPlain(t *testing.T) {
	content := []byte(`{"services": ` + twoFASServices + `, "groups": [], "updatedAt": 1, "schemaVersion": 4, "appVersionCode": 5000000, "appOrigin": "android"}`)
	checkTwoFASSeeds(t, content, noPassphrase)
}

func TestTwoFASEncrypted(t *testing.T) {
	content := []byte(`{"services": [], "groups": [], "schemaVersion": 4, "servicesEncrypted": "` +
		twoFASEncrypt(t, twoFASServices, "hunter2 hunter2") + `", "reference": "` + twoFASEncrypt(t, "reference text", "hunter2 hunter2") + `"}`)
	checkTwoFASSeeds(t, content, fixedPassphrase("hunter2 hunter2"))
	if _, err := ParseTwoFAS(content, fixedPassphrase("hunter3")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
}

func TestTwoFASBadServiceLeftOut(t *testing.T) {
	content := []byte(`{"services": [{"name": "X", "secret": "JBSWY3DPEHPK3PXP", "otp": {"account": "a"}},
		{"name": "Y", "secret": "!!", "otp": {"account": "b"}}]}`)
	c, err := ParseTwoFAS(content, noPassphrase)
	if err != nil || len(c.Seeds) != 1 || len(c.Unread) != 1 {
		t.Fatalf("%v, %+v", err, c)
	}
	if u := c.Unread[0]; u.Place != PlaceEntry || u.Position != 2 || u.Issuer != "Y" || u.Account != "b" || u.Reason != ReasonSecret {
		t.Errorf("unread %+v", u)
	}
}
