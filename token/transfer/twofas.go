package transfer

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// 2FAS encrypted backups: "servicesEncrypted" is "CIPHERTEXT:SALT:IV",
// each base64; the key is PBKDF2-HMAC-SHA256 of the password over the
// salt, 10,000 iterations, 256 bits; AES-GCM with the tag at the end of
// the ciphertext.
const (
	twoFASIterations = 10000
	twoFASKeyBytes   = 32
)

type twoFASFile struct {
	Services          *[]json.RawMessage `json:"services"`
	ServicesEncrypted string             `json:"servicesEncrypted"`
	SchemaVersion     int                `json:"schemaVersion"`
}

type twoFASService struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
	OTP    struct {
		Account   string `json:"account"`
		Label     string `json:"label"`
		Issuer    string `json:"issuer"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
		Algorithm string `json:"algorithm"`
		TokenType string `json:"tokenType"`
		Counter   uint64 `json:"counter"`
	} `json:"otp"`
}

// ParseTwoFAS reads a 2FAS backup (.2fas), plain or encrypted. passphrase
// is asked only for an encrypted one. A service it cannot take is named
// in Unread; the others are taken.
func ParseTwoFAS(content []byte, passphrase Passphrase) (Contents, error) {
	var f twoFASFile
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading 2FAS backup: %w", jsonError(err))
	}
	c := Contents{Format: FormatTwoFAS}
	var services []json.RawMessage
	switch {
	case f.ServicesEncrypted != "":
		plain, err := openTwoFAS(f.ServicesEncrypted, passphrase)
		if err != nil {
			return Contents{}, err
		}
		if err := json.Unmarshal(plain, &services); err != nil {
			return Contents{}, fmt.Errorf("reading 2FAS services: %w", jsonError(err))
		}
		c.Encrypted = true
	case f.Services != nil:
		services = *f.Services
	default:
		return Contents{}, errors.New("reading 2FAS backup: no services")
	}
	for i, raw := range services {
		var svc twoFASService
		if err := json.Unmarshal(raw, &svc); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := svc.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

func (svc twoFASService) seed() (token.Seed, error) {
	o := svc.OTP
	s := token.Seed{Kind: token.TOTP, Issuer: strings.TrimSpace(o.Issuer), Account: strings.TrimSpace(o.Account),
		Digits: o.Digits, Period: o.Period}
	if s.Issuer == "" {
		s.Issuer = strings.TrimSpace(svc.Name)
	}
	if s.Account == "" {
		s.Account = strings.TrimSpace(o.Label)
	}
	if s.Digits == 0 {
		s.Digits = token.DefaultDigits
	}
	if s.Period == 0 {
		s.Period = token.DefaultPeriod
	}
	names := token.Seed{Issuer: s.Issuer, Account: s.Account}
	switch strings.ToUpper(o.TokenType) {
	case "", "TOTP":
	case "HOTP":
		s.Kind, s.Period, s.Counter = token.HOTP, 0, o.Counter
	case "STEAM":
		s.Encoder, s.Digits = token.EncoderSteam, token.SteamDigits
	default:
		// Neither the value nor the service's names are quoted in the
		// error: a file's fields may hold anything, a secret pasted in the
		// wrong place too.
		return names, fmt.Errorf("field otp.tokenType: %w: want TOTP, HOTP or STEAM", token.ErrKind)
	}
	algo := o.Algorithm
	if algo == "" {
		algo = "SHA1"
	}
	var err error
	if s.Algorithm, err = token.ParseAlgorithm(algo); err != nil {
		return names, fmt.Errorf("field otp.algorithm: %w", err)
	}
	if s.Secret, err = token.NormalizeIssuedSecret(svc.Secret); err != nil {
		return names, fmt.Errorf("field secret: %w", err)
	}
	return s, nil
}

func openTwoFAS(field string, passphrase Passphrase) ([]byte, error) {
	parts := strings.Split(field, ":")
	if len(parts) != 3 {
		return nil, errors.New("reading 2FAS backup: servicesEncrypted is not CIPHERTEXT:SALT:IV")
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("reading 2FAS backup: servicesEncrypted part %d is not base64", i+1)
		}
		raw[i] = b
	}
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	// 2FAS's count is fixed by the format, not read from the file; it is
	// held to kdf's bound all the same, as every derivation is.
	if err := kdf.PBKDF2(twoFASIterations); err != nil {
		return nil, fmt.Errorf("reading 2FAS backup: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, pass, raw[1], twoFASIterations, twoFASKeyBytes)
	if err != nil {
		return nil, fmt.Errorf("reading 2FAS backup: %w", err)
	}
	plain, err := openGCM(key, raw[2], raw[0])
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}
