package transfer

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// andOTP backups, from andOTP's Backup and Encryption helpers. Plain: a
// JSON array of entries. Encrypted (andOTP 0.7 on):
//
//	[4-byte big-endian PBKDF2 iterations][12-byte salt][12-byte nonce][ciphertext][16-byte tag]
//
// key = PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits), AES-256-GCM.
// The older format is [nonce][ciphertext][tag] under SHA-256(password).
const (
	andOTPSaltBytes = 12
	andOTPKeyBytes  = 32
	andOTPHeader    = 4 + andOTPSaltBytes + gcmNonceBytes
)

type andOTPEntry struct {
	Secret    string   `json:"secret"`
	Issuer    string   `json:"issuer"`
	Label     string   `json:"label"`
	Digits    int      `json:"digits"`
	Type      string   `json:"type"`
	Algorithm string   `json:"algorithm"`
	Period    int      `json:"period"`
	Counter   uint64   `json:"counter"`
	Tags      []string `json:"tags"`
}

// ParseAndOTP reads an andOTP backup, plain or encrypted (either
// encrypted format); passphrase is asked only for an encrypted one.
func ParseAndOTP(content []byte, passphrase Passphrase) (Contents, error) {
	c := Contents{Format: FormatAndOTP}
	plain := content
	if t := trimJSON(content); len(t) == 0 || t[0] != '[' || !utf8.Valid(t) {
		var err error
		if plain, err = openAndOTP(content, passphrase); err != nil {
			return Contents{}, err
		}
		c.Encrypted = true
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(plain, &entries); err != nil {
		return Contents{}, fmt.Errorf("reading andOTP backup: %w", jsonError(err))
	}
	for i, raw := range entries {
		var e andOTPEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		issuer, account := splitName(e.Label, e.Issuer)
		s, err := entryFields{Type: e.Type, Issuer: issuer, Account: account, Secret: e.Secret, Algorithm: e.Algorithm,
			Digits: e.Digits, Period: e.Period, Counter: e.Counter}.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// openAndOTP decrypts either encrypted format. The old one is tried first:
// its key costs one hash, and the new one's first bytes would otherwise be
// read as an iteration count from a random nonce.
func openAndOTP(content []byte, passphrase Passphrase) ([]byte, error) {
	if len(content) < gcmNonceBytes+gcmTagBytes {
		return nil, errors.New("reading andOTP backup: too short for an encrypted backup (damaged file)")
	}
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	old := sha256.Sum256([]byte(pass))
	if plain, err := openGCM(old[:], content[:gcmNonceBytes], content[gcmNonceBytes:]); err == nil {
		return plain, nil
	}
	if len(content) < andOTPHeader+gcmTagBytes {
		return nil, ErrWrongPassphrase
	}
	iterations := binary.BigEndian.Uint32(content)
	if err := kdf.PBKDF2(int64(iterations)); err != nil {
		// Either format fits the bytes: say both, derive nothing.
		return nil, fmt.Errorf("reading andOTP backup: %w as its old format; as its current format, %w", ErrWrongPassphrase, err)
	}
	salt := content[4 : 4+andOTPSaltBytes]
	key, err := pbkdf2.Key(sha1.New, pass, salt, int(iterations), andOTPKeyBytes)
	if err != nil {
		return nil, fmt.Errorf("reading andOTP backup: %w", err)
	}
	plain, err := openGCM(key, content[4+andOTPSaltBytes:andOTPHeader], content[andOTPHeader:])
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}
