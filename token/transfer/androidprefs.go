package transfer

import (
	"bytes"
	"crypto/aes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
)

// Android apps keep their state in SharedPreferences XML files
// (<map><string name="KEY">VALUE</string>...</map>); two authenticators
// keep their tokens there, readable off a rooted phone:
//
//   - FreeOTP (and FreeOTP+): tokens.xml, one string a token, its value
//     the token's JSON as in FreeOTP+'s export, beside "tokenOrder";
//   - Authy: com.authy.storage.tokens.authenticator.xml, the string
//     com.authy.storage.tokens.authenticator.key holding a JSON array of
//     {name, originalName, digits, decryptedSecret} or, encrypted under the
//     backup password, {encryptedSecret (base64), salt}: key =
//     PBKDF2-HMAC-SHA1(password, salt as text, 1000 iterations, 256 bits),
//     AES-256-CBC with a zero IV, decrypting to the base32 secret.
const (
	FormatFreeOTPXML Format = "freeotp_xml"
	FormatAuthy      Format = "authy"

	authyTokensKey  = "com.authy.storage.tokens.authenticator.key"
	authyIterations = 1000
)

type androidPrefs struct {
	Strings []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"string"`
}

func readAndroidPrefs(content []byte) (androidPrefs, error) {
	var p androidPrefs
	if err := xml.Unmarshal(content, &p); err != nil {
		return p, errors.New("not a SharedPreferences XML file")
	}
	return p, nil
}

// detectAndroidPrefs tells the two apps' files apart.
func detectAndroidPrefs(content []byte) (Format, bool) {
	t := trimJSON(content)
	if !bytes.HasPrefix(t, []byte("<?xml")) && !bytes.HasPrefix(t, []byte("<map")) {
		return "", false
	}
	p, err := readAndroidPrefs(content)
	if err != nil {
		return "", false
	}
	for _, s := range p.Strings {
		switch s.Name {
		case authyTokensKey:
			return FormatAuthy, true
		case "tokenOrder":
			return FormatFreeOTPXML, true
		}
	}
	return "", false
}

// ParseFreeOTPXML reads FreeOTP's tokens.xml.
func ParseFreeOTPXML(content []byte, _ Passphrase) (Contents, error) {
	p, err := readAndroidPrefs(content)
	if err != nil {
		return Contents{}, fmt.Errorf("reading FreeOTP tokens: %w", err)
	}
	c := Contents{Format: FormatFreeOTPXML}
	pos := 0
	for _, s := range p.Strings {
		if s.Name == "tokenOrder" {
			continue
		}
		pos++
		var t freeOTPToken
		if err := json.Unmarshal([]byte(s.Value), &t); err != nil {
			c.takeSeed(PlaceEntry, pos, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := t.seed()
		c.takeSeed(PlaceEntry, pos, s, err)
	}
	return c, nil
}

type authyToken struct {
	Name            string `json:"name"`
	OriginalName    string `json:"originalName"`
	Digits          int    `json:"digits"`
	DecryptedSecret string `json:"decryptedSecret"`
	EncryptedSecret string `json:"encryptedSecret"`
	Salt            string `json:"salt"`
}

// ParseAuthy reads Authy's tokens file, asking for the backup password
// when the secrets are encrypted.
func ParseAuthy(content []byte, passphrase Passphrase) (Contents, error) {
	p, err := readAndroidPrefs(content)
	if err != nil {
		return Contents{}, fmt.Errorf("reading Authy tokens: %w", err)
	}
	var raw []json.RawMessage
	for _, s := range p.Strings {
		if s.Name == authyTokensKey {
			if err := json.Unmarshal([]byte(s.Value), &raw); err != nil {
				return Contents{}, fmt.Errorf("reading Authy tokens: %w", jsonError(err))
			}
		}
	}
	c := Contents{Format: FormatAuthy}
	var pass *string
	for i, r := range raw {
		var t authyToken
		if err := json.Unmarshal(r, &t); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		name := firstOf(t.OriginalName, t.Name)
		issuer, account := splitName(strings.Replace(name, ": ", ":", 1), "")
		f := entryFields{Issuer: issuer, Account: account, Digits: t.Digits, Secret: t.DecryptedSecret}
		if f.Secret == "" && t.EncryptedSecret != "" {
			if pass == nil {
				got, err := passphrase()
				if err != nil {
					return Contents{}, err
				}
				pass, c.Encrypted = &got, true
			}
			secret, err := openAuthySecret(*pass, t.Salt, t.EncryptedSecret)
			if err != nil {
				return Contents{}, err
			}
			f.Secret = secret
		}
		s, err := f.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// openAuthySecret decrypts one token's secret. Authy's format has no MAC:
// a wrong password shows as bad padding or a secret that is not base32,
// and fails the whole file (the password is the same for every token).
func openAuthySecret(pass, salt, encrypted string) (string, error) {
	ct, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encrypted))
	if err != nil {
		return "", errors.New("reading Authy tokens: an encrypted secret is not base64")
	}
	key, err := pbkdf2.Key(sha1.New, pass, []byte(salt), authyIterations, 32)
	if err != nil {
		return "", err
	}
	plain, err := openCBC(key, make([]byte, aes.BlockSize), ct)
	if err != nil {
		return "", ErrWrongPassphrase
	}
	secret := string(plain)
	if _, err := token.NormalizeIssuedSecret(secret); err != nil {
		return "", ErrWrongPassphrase
	}
	return secret, nil
}

// seed makes a FreeOTP token's seed. FreeOTP keeps an HOTP counter one
// below the next code's (it counts up before it makes a code).
func (t freeOTPToken) seed() (token.Seed, error) {
	issuer := t.IssuerExt
	if issuer == "" {
		issuer = t.IssuerInt
	}
	issuer, account := splitName(t.Label, issuer)
	key := make([]byte, len(t.Secret))
	for j, v := range t.Secret {
		if v < -128 || v > 255 {
			return token.Seed{Issuer: issuer, Account: account}, fmt.Errorf("%w: the key holds a value that is no byte", token.ErrSecret)
		}
		key[j] = byte(v)
	}
	counter := t.Counter
	if strings.EqualFold(t.Type, "HOTP") {
		counter++
	}
	return entryFields{Type: t.Type, Issuer: issuer, Account: account, Secret: rawSecret(key), Algorithm: t.Algo,
		Digits: t.Digits, Period: t.Period, Counter: counter}.seed()
}
