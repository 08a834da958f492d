package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/scrypt"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// ErrWrongPassphrase is returned when an encrypted export does not open
// with the passphrase given.
var ErrWrongPassphrase = errors.New("wrong passphrase for this export")

// ErrNoUsableSlot is returned for an encrypted Aegis vault that has no
// password slot: its key is held by the phone (biometrics, raw key).
var ErrNoUsableSlot = errors.New("the Aegis export has no password slot that can be opened here")

// Passphrase asks for the passphrase of an encrypted export; it is called
// only when the content turns out to be encrypted.
type Passphrase func() (string, error)

// Aegis vault file, from the Aegis repository's docs/vault.md.
type aegisFile struct {
	Version int `json:"version"`
	Header  struct {
		Slots  []aegisSlot   `json:"slots"`
		Params *aegisAEADHex `json:"params"`
	} `json:"header"`
	DB json.RawMessage `json:"db"`
}

type aegisAEADHex struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

// aegisSlotPassword is the slot type whose key comes from a password.
const aegisSlotPassword = 1

type aegisSlot struct {
	Type      int          `json:"type"`
	Key       string       `json:"key"`
	KeyParams aegisAEADHex `json:"key_params"`
	N         int          `json:"n"`
	R         int          `json:"r"`
	P         int          `json:"p"`
	Salt      string       `json:"salt"`
}

type aegisEntry struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	Issuer string `json:"issuer"`
	Info   struct {
		Secret  string `json:"secret"`
		Algo    string `json:"algo"`
		Digits  int    `json:"digits"`
		Period  int    `json:"period"`
		Counter uint64 `json:"counter"`
	} `json:"info"`
}

// ParseAegis reads an Aegis JSON export, plain or encrypted. passphrase
// is asked only for an encrypted one. An entry it cannot take (an mOTP
// entry, say) is named in Unread; the others are taken.
func ParseAegis(content []byte, passphrase Passphrase) (Contents, error) {
	var f aegisFile
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Aegis export: %w", jsonError(err))
	}
	if len(f.DB) == 0 {
		return Contents{}, errors.New("reading Aegis export: no db")
	}
	dbJSON := []byte(f.DB)
	c := Contents{Format: FormatAegis}
	if f.Header.Params != nil || f.DB[0] == '"' {
		var err error
		if dbJSON, err = openAegis(f, passphrase); err != nil {
			return Contents{}, err
		}
		c.Encrypted = true
	}
	var db struct {
		Entries []json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(dbJSON, &db); err != nil {
		return Contents{}, fmt.Errorf("reading Aegis entries: %w", jsonError(err))
	}
	for i, raw := range db.Entries {
		var e aegisEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := e.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// seed makes the entry's seed; on failure what it returns holds the
// entry's names only. (Aegis allows an empty name; the issuer then names
// the seed, as Contents.takeSeed does.)
func (e aegisEntry) seed() (token.Seed, error) {
	s := token.Seed{Kind: token.TOTP, Issuer: strings.TrimSpace(e.Issuer), Account: strings.TrimSpace(e.Name),
		Digits: e.Info.Digits, Period: e.Info.Period}
	names := token.Seed{Issuer: s.Issuer, Account: s.Account}
	switch strings.ToLower(e.Type) {
	case "totp":
	case "hotp":
		s.Kind, s.Period, s.Counter = token.HOTP, 0, e.Info.Counter
	case "steam":
		s.Encoder, s.Digits = token.EncoderSteam, token.SteamDigits
	default:
		// Neither the value nor the entry's names are quoted in the
		// error: a file's fields may hold anything, a secret pasted in
		// the wrong place too.
		return names, fmt.Errorf("field type: %w: want totp, hotp or steam", token.ErrKind)
	}
	var err error
	if s.Algorithm, err = token.ParseAlgorithm(e.Info.Algo); err != nil {
		return names, fmt.Errorf("field info.algo: %w", err)
	}
	if s.Secret, err = token.NormalizeIssuedSecret(e.Info.Secret); err != nil {
		return names, fmt.Errorf("field info.secret: %w", err)
	}
	return s, nil
}

// openAegis unwraps the master key with the first password slot that the
// passphrase opens and decrypts the db with it.
func openAegis(f aegisFile, passphrase Passphrase) ([]byte, error) {
	if f.Header.Params == nil {
		return nil, errors.New("reading Aegis export: encrypted db without header params")
	}
	var slots []aegisSlot
	for _, s := range f.Header.Slots {
		if s.Type == aegisSlotPassword {
			slots = append(slots, s)
		}
	}
	if len(slots) == 0 {
		return nil, ErrNoUsableSlot
	}
	var ciphertext []byte
	var dbString string
	if err := json.Unmarshal(f.DB, &dbString); err != nil {
		return nil, fmt.Errorf("reading Aegis export: db: %w", jsonError(err))
	}
	ciphertext, err := base64.StdEncoding.DecodeString(dbString)
	if err != nil {
		return nil, errors.New("reading Aegis export: db is not base64")
	}
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	for i, slot := range slots {
		// Aegis writes N=2^15, r=8, p=1; kdf refuses what would take the
		// machine's memory or minutes, before any derivation.
		if err := kdf.Scrypt(slot.N, slot.R, slot.P); err != nil {
			return nil, fmt.Errorf("reading Aegis export: password slot %d: %w", i+1, err)
		}
		salt, err := hex.DecodeString(slot.Salt)
		if err != nil {
			return nil, fmt.Errorf("reading Aegis export: password slot %d: salt is not hex", i+1)
		}
		wrapped, err := hexSealed(slot.Key, slot.KeyParams)
		if err != nil {
			return nil, fmt.Errorf("reading Aegis export: password slot %d: %w", i+1, err)
		}
		kek, err := scrypt.Key([]byte(pass), salt, slot.N, slot.R, slot.P, 32)
		if err != nil {
			return nil, fmt.Errorf("reading Aegis export: password slot %d: %w", i+1, err)
		}
		master, err := openGCM(kek, wrapped.nonce, wrapped.sealed)
		if err != nil {
			continue // another slot may take this passphrase
		}
		params, err := hexSealed("", *f.Header.Params)
		if err != nil {
			return nil, fmt.Errorf("reading Aegis export: header params: %w", err)
		}
		db, err := openGCM(master, params.nonce, append(ciphertext, params.tag...))
		if err != nil {
			return nil, errors.New("reading Aegis export: the db does not decrypt with its master key (damaged file)")
		}
		return db, nil
	}
	return nil, ErrWrongPassphrase
}

type sealed struct{ nonce, tag, sealed []byte }

// hexSealed decodes a hex ciphertext with its hex nonce and tag; sealed
// holds ciphertext and tag together, as crypto/cipher wants them.
func hexSealed(ciphertext string, p aegisAEADHex) (sealed, error) {
	c, err1 := hex.DecodeString(ciphertext)
	n, err2 := hex.DecodeString(p.Nonce)
	t, err3 := hex.DecodeString(p.Tag)
	if err := errors.Join(err1, err2, err3); err != nil {
		return sealed{}, errors.New("key, nonce or tag is not hex")
	}
	return sealed{nonce: n, tag: t, sealed: append(c, t...)}, nil
}

// openGCM decrypts AES-GCM (any standard nonce length) with the tag at
// the end of sealed.
func openGCM(key, nonce, sealed []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(nonce) == 0 {
		return nil, errors.New("empty nonce")
	}
	aead, err := cipher.NewGCMWithNonceSize(block, len(nonce))
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.Overhead() {
		return nil, errors.New("ciphertext too short")
	}
	return aead.Open(nil, nonce, sealed, nil)
}

// jsonError keeps JSON errors free of content: a syntax error names an
// offset, a type error the field, neither the value.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Errorf("field %s has the wrong type (%s)", typ.Field, typ.Value)
	}
	return errors.New("not valid JSON")
}
