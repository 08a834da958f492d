package transfer

import (
	"bytes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"

	"github.com/twofoldmfa/twofold/token"
)

// Authenticator Pro (Stratum) backups, from its Backup and BackupEncryption
// classes. Plain: {"Authenticators": [{"Type", "Issuer", "Username",
// "Secret", "Algorithm", "Digits", "Period", "Counter"}], "Categories", ...}.
// Encrypted, current: "AUTHENTICATORPRO" (16 bytes), a 16-byte salt, a
// 12-byte IV, then AES-256-GCM (tag at the end) under Argon2id(t=3, m=64
// MiB, p=4). Legacy: "AuthenticatorPro", a 20-byte salt, a 16-byte IV,
// then AES-256-CBC under PBKDF2-SHA1 (64,000 iterations). The work
// factors are the format's, not the file's, so a file cannot raise them.
const (
	authProMagic        = "AUTHENTICATORPRO"
	authProLegacyMagic  = "AuthenticatorPro"
	authProSaltBytes    = 16
	authProLegacySalt   = 20
	authProLegacyIV     = 16
	authProLegacyRounds = 64000
	authProArgonTime    = 3
	authProArgonMemory  = 64 << 10 // KiB
	authProArgonThreads = 4
	authProKeyBytes     = 32
	authProTypeHOTP     = 1
	authProTypeTOTP     = 2
	authProTypeSteam    = 4
	authProAlgoSHA1     = 0
	authProAlgoSHA256   = 1
	authProAlgoSHA512   = 2
)

type authProEntry struct {
	Type      int    `json:"Type"`
	Issuer    string `json:"Issuer"`
	Username  string `json:"Username"`
	Secret    string `json:"Secret"`
	Algorithm int    `json:"Algorithm"`
	Digits    int    `json:"Digits"`
	Period    int    `json:"Period"`
	Counter   uint64 `json:"Counter"`
}

// ParseAuthPro reads an Authenticator Pro backup, plain or encrypted.
func ParseAuthPro(content []byte, passphrase Passphrase) (Contents, error) {
	c := Contents{Format: FormatAuthPro}
	plain := content
	if bytes.HasPrefix(content, []byte(authProMagic)) || bytes.HasPrefix(content, []byte(authProLegacyMagic)) {
		var err error
		if plain, err = openAuthPro(content, passphrase); err != nil {
			return Contents{}, err
		}
		c.Encrypted = true
	}
	var f struct {
		Authenticators []json.RawMessage `json:"Authenticators"`
	}
	if err := json.Unmarshal(plain, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Authenticator Pro backup: %w", jsonError(err))
	}
	for i, raw := range f.Authenticators {
		var e authProEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		fields := entryFields{Issuer: e.Issuer, Account: e.Username, Secret: e.Secret, Digits: e.Digits, Period: e.Period, Counter: e.Counter}
		switch e.Type {
		case authProTypeHOTP:
			fields.Type = "hotp"
		case authProTypeTOTP:
		case authProTypeSteam:
			fields.Type = "steam"
		default:
			fields.Type = "other" // mOTP, Yandex: no codes Twofold makes
		}
		switch e.Algorithm {
		case authProAlgoSHA1:
		case authProAlgoSHA256:
			fields.Algorithm = "SHA256"
		case authProAlgoSHA512:
			fields.Algorithm = "SHA512"
		default:
			fields.Algorithm = "other"
		}
		s, err := fields.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

func openAuthPro(content []byte, passphrase Passphrase) ([]byte, error) {
	legacy := bytes.HasPrefix(content, []byte(authProLegacyMagic))
	body := content[len(authProMagic):]
	saltLen, ivLen := authProSaltBytes, gcmNonceBytes
	if legacy {
		saltLen, ivLen = authProLegacySalt, authProLegacyIV
	}
	if len(body) < saltLen+ivLen+gcmTagBytes {
		return nil, errors.New("reading Authenticator Pro backup: too short (damaged file)")
	}
	salt, iv, sealed := body[:saltLen], body[saltLen:saltLen+ivLen], body[saltLen+ivLen:]
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	var plain []byte
	if legacy {
		key, err := pbkdf2.Key(sha1.New, pass, salt, authProLegacyRounds, authProKeyBytes)
		if err != nil {
			return nil, fmt.Errorf("reading Authenticator Pro backup: %w", err)
		}
		plain, err = openCBC(key, iv, sealed)
		if err != nil || !json.Valid(plain) {
			// No MAC in this format: a wrong key shows as bad padding or
			// as bytes that are not the JSON.
			return nil, ErrWrongPassphrase
		}
		return plain, nil
	}
	key := argon2.IDKey([]byte(pass), salt, authProArgonTime, authProArgonMemory, authProArgonThreads, authProKeyBytes)
	if plain, err = openGCM(key, iv, sealed); err != nil {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}
