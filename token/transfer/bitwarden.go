package transfer

import (
	"bytes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/hkdf"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// Bitwarden exports, from Bitwarden's clients (the export and import
// services). JSON: {"encrypted": false, "items": [{"name", "login":
// {"username", "totp"}}]}; CSV: a header row naming login_totp. The
// password-protected JSON export:
//
//	{"encrypted": true, "passwordProtected": true, "salt", "kdfType" (0 PBKDF2-SHA256, 1 Argon2id),
//	 "kdfIterations", "kdfMemory" (MiB), "kdfParallelism", "encKeyValidation_DO_NOT_EDIT", "data"}
//
// key = PBKDF2-SHA256(password, salt as text, iterations), or
// Argon2id(password, SHA-256(salt), iterations, memory, parallelism);
// then HKDF-Expand-SHA256 with info "enc" and "mac" gives the AES-256-CBC
// and HMAC-SHA256 keys of the EncStrings "2.IV|CIPHERTEXT|MAC" (base64
// each; the MAC is over IV and ciphertext). data decrypts to the plain
// JSON export. An export "encrypted" without passwordProtected is under
// the account's own key and opens only in Bitwarden.
const (
	bitwardenPBKDF2   = 0
	bitwardenArgon2id = 1
)

// ErrAccountKey is a Bitwarden export encrypted with the account's key
// rather than a password of its own.
var ErrAccountKey = errors.New("the Bitwarden export is encrypted with the account's key: export again as a password-protected file")

type bitwardenFile struct {
	Encrypted         bool              `json:"encrypted"`
	PasswordProtected bool              `json:"passwordProtected"`
	Salt              string            `json:"salt"`
	KDFType           int               `json:"kdfType"`
	KDFIterations     int64             `json:"kdfIterations"`
	KDFMemory         uint64            `json:"kdfMemory"`
	KDFParallelism    uint64            `json:"kdfParallelism"`
	Validation        string            `json:"encKeyValidation_DO_NOT_EDIT"`
	Data              string            `json:"data"`
	Items             []json.RawMessage `json:"items"`
}

type bitwardenItem struct {
	Name  string `json:"name"`
	Login *struct {
		Username string `json:"username"`
		TOTP     string `json:"totp"`
	} `json:"login"`
}

// ParseBitwarden reads a Bitwarden export: JSON, password-protected JSON
// or CSV. Items with no TOTP are passwords only and left alone.
func ParseBitwarden(content []byte, passphrase Passphrase) (Contents, error) {
	t := trimJSON(content)
	if len(t) == 0 || t[0] != '{' {
		return parseBitwardenCSV(content)
	}
	var f bitwardenFile
	if err := json.Unmarshal(t, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Bitwarden export: %w", jsonError(err))
	}
	c := Contents{Format: FormatBitwarden}
	if f.Encrypted {
		if !f.PasswordProtected {
			return Contents{}, ErrAccountKey
		}
		plain, err := openBitwarden(f, passphrase)
		if err != nil {
			return Contents{}, err
		}
		inner := bitwardenFile{}
		if err := json.Unmarshal(plain, &inner); err != nil {
			return Contents{}, fmt.Errorf("reading Bitwarden export: data: %w", jsonError(err))
		}
		f, c.Encrypted = inner, true
	}
	for i, raw := range f.Items {
		var it bitwardenItem
		if err := json.Unmarshal(raw, &it); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		if it.Login == nil || strings.TrimSpace(it.Login.TOTP) == "" {
			continue
		}
		s, err := otpValue(it.Login.TOTP, it.Name, it.Login.Username)
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// isBitwardenCSVHeader tells Bitwarden's CSV export by its header row.
func isBitwardenCSVHeader(line []byte) bool {
	return bytes.Contains(line, []byte("login_totp")) && bytes.Contains(line, []byte("name"))
}

func parseBitwardenCSV(content []byte) (Contents, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return Contents{}, errors.New("reading Bitwarden CSV: no header row")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	totpCol, ok := col["login_totp"]
	if !ok {
		return Contents{}, errors.New("reading Bitwarden CSV: no login_totp column")
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	c := Contents{Format: FormatBitwarden}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Contents{}, fmt.Errorf("reading Bitwarden CSV: line %d: %w", pe.StartLine, pe.Err)
			}
			return Contents{}, fmt.Errorf("reading Bitwarden CSV: %w", err)
		}
		line, _ := r.FieldPos(0)
		if totpCol >= len(rec) || strings.TrimSpace(rec[totpCol]) == "" {
			continue
		}
		s, err := otpValue(rec[totpCol], field(rec, "name"), field(rec, "login_username"))
		c.takeSeed(PlaceLine, line, s, err)
	}
	return c, nil
}

// openBitwarden derives the export's keys and decrypts its data, after
// checking the KDF's parameters and the password with the validation
// EncString.
func openBitwarden(f bitwardenFile, passphrase Passphrase) ([]byte, error) {
	var derive func(pass string) []byte
	switch f.KDFType {
	case bitwardenPBKDF2:
		if err := kdf.PBKDF2(f.KDFIterations); err != nil {
			return nil, fmt.Errorf("reading Bitwarden export: %w", err)
		}
		derive = func(pass string) []byte {
			k, _ := pbkdf2Key(pass, f.Salt, int(f.KDFIterations))
			return k
		}
	case bitwardenArgon2id:
		if f.KDFIterations < 0 {
			return nil, fmt.Errorf("reading Bitwarden export: %w", kdf.Argon2(0, 0, 0))
		}
		mem := f.KDFMemory << 10 // MiB to KiB
		if f.KDFMemory > kdf.MaxMemory>>20 {
			mem = kdf.MaxMemory>>10 + 1
		}
		if err := kdf.Argon2(mem, uint64(f.KDFIterations), f.KDFParallelism); err != nil {
			return nil, fmt.Errorf("reading Bitwarden export: %w", err)
		}
		derive = func(pass string) []byte {
			salt := sha256.Sum256([]byte(f.Salt))
			return argon2.IDKey([]byte(pass), salt[:], uint32(f.KDFIterations), uint32(mem), uint8(f.KDFParallelism), 32)
		}
	default:
		return nil, errors.New("reading Bitwarden export: unknown kdfType")
	}
	validation, err1 := parseEncString(f.Validation)
	data, err2 := parseEncString(f.Data)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("reading Bitwarden export: %w", err)
	}
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	encKey, macKey := stretchBitwarden(derive(pass))
	if _, err := validation.open(encKey, macKey); err != nil {
		return nil, ErrWrongPassphrase
	}
	plain, err := data.open(encKey, macKey)
	if err != nil {
		return nil, errors.New("reading Bitwarden export: the data does not decrypt with the export's key (damaged file)")
	}
	return plain, nil
}

// pbkdf2Key is Bitwarden's PBKDF2-SHA256 master key: the salt is used as
// text, as the clients do.
func pbkdf2Key(pass, salt string, iterations int) ([]byte, error) {
	return pbkdf2.Key(sha256.New, pass, []byte(salt), iterations, 32)
}

// stretchBitwarden is Bitwarden's stretchKey: HKDF-Expand-SHA256 of the
// master key with info "enc" and "mac".
func stretchBitwarden(key []byte) (encKey, macKey []byte) {
	encKey, macKey = make([]byte, 32), make([]byte, 32)
	io.ReadFull(hkdf.Expand(sha256.New, key, []byte("enc")), encKey)
	io.ReadFull(hkdf.Expand(sha256.New, key, []byte("mac")), macKey)
	return encKey, macKey
}

// encString is a Bitwarden EncString of type 2 (AES-256-CBC, HMAC-SHA256).
type encString struct{ iv, ciphertext, mac []byte }

func parseEncString(s string) (encString, error) {
	body, ok := strings.CutPrefix(s, "2.")
	if !ok {
		return encString{}, errors.New("an EncString that is not of type 2 (AES-CBC with HMAC)")
	}
	parts := strings.Split(body, "|")
	if len(parts) != 3 {
		return encString{}, errors.New("an EncString that is not IV|CIPHERTEXT|MAC")
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return encString{}, errors.New("an EncString part that is not base64")
		}
		raw[i] = b
	}
	return encString{iv: raw[0], ciphertext: raw[1], mac: raw[2]}, nil
}

func (e encString) open(encKey, macKey []byte) ([]byte, error) {
	m := hmac.New(sha256.New, macKey)
	m.Write(e.iv)
	m.Write(e.ciphertext)
	if !hmac.Equal(m.Sum(nil), e.mac) {
		return nil, errors.New("MAC does not match")
	}
	return openCBC(encKey, e.iv, e.ciphertext)
}
