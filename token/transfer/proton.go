package transfer

import (
	"archive/zip"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/twofoldmfa/twofold/token"
)

// Proton Authenticator's export, from its sources: plain
// {"version": 1, "entries": [{"id", "content": {"uri", "entry_type",
// "name"}, "note"}]}; encrypted {"version": 1, "salt" (base64), "content"
// (base64 of a 12-byte nonce, the AES-256-GCM ciphertext and tag)}, the
// key Argon2id(t=2, m=19 MiB, p=1) and the additional data
// "proton.authenticator.export.v1". The work factors are the format's.
//
// Proton Pass exports a zip whose "Proton Pass/data.json" holds
// {"vaults": {ID: {"items": [{"data": {"metadata": {"name"}, "content":
// {"itemEmail", "itemUsername", "totpUri"}, "extraFields": [{"type":
// "totp", "data": {"totpUri"}}]}}]}}}.
const (
	protonAAD          = "proton.authenticator.export.v1"
	protonArgonTime    = 2
	protonArgonMemory  = 19 << 10 // KiB
	protonArgonThreads = 1
	protonPassDataJSON = "Proton Pass/data.json"
)

type protonEntry struct {
	Content struct {
		URI       string `json:"uri"`
		EntryType string `json:"entry_type"`
		Name      string `json:"name"`
	} `json:"content"`
}

// ParseProton reads a Proton Authenticator export (plain or encrypted)
// or a Proton Pass export zip.
func ParseProton(content []byte, passphrase Passphrase) (Contents, error) {
	if bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		return parseProtonPass(content)
	}
	var f struct {
		Entries []json.RawMessage `json:"entries"`
		Salt    string            `json:"salt"`
		Content string            `json:"content"`
	}
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Proton Authenticator export: %w", jsonError(err))
	}
	c := Contents{Format: FormatProton}
	if f.Entries == nil && f.Content != "" {
		plain, err := openProton(f.Salt, f.Content, passphrase)
		if err != nil {
			return Contents{}, err
		}
		if err := json.Unmarshal(plain, &f); err != nil {
			return Contents{}, fmt.Errorf("reading Proton Authenticator export: %w", jsonError(err))
		}
		c.Encrypted = true
	}
	for i, raw := range f.Entries {
		var e protonEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := otpValue(e.Content.URI, e.Content.Name, "")
		if err == nil && strings.EqualFold(e.Content.EntryType, "steam") && !s.Steam() {
			s.Encoder, s.Digits = token.EncoderSteam, token.SteamDigits
		}
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

func openProton(saltText, contentText string, passphrase Passphrase) ([]byte, error) {
	salt, err1 := base64.StdEncoding.DecodeString(saltText)
	sealed, err2 := base64.StdEncoding.DecodeString(contentText)
	if errors.Join(err1, err2) != nil || len(salt) == 0 {
		return nil, errors.New("reading Proton Authenticator export: salt or content is not base64")
	}
	if len(sealed) < gcmNonceBytes+gcmTagBytes {
		return nil, errors.New("reading Proton Authenticator export: content too short (damaged file)")
	}
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	key := argon2.IDKey([]byte(pass), salt, protonArgonTime, protonArgonMemory, protonArgonThreads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, sealed[:gcmNonceBytes], sealed[gcmNonceBytes:], []byte(protonAAD))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return plain, nil
}

type protonPassItem struct {
	Data struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		ExtraFields []struct {
			Type string `json:"type"`
			Data struct {
				TOTPURI string `json:"totpUri"`
			} `json:"data"`
		} `json:"extraFields"`
		Content struct {
			ItemEmail    string `json:"itemEmail"`
			ItemUsername string `json:"itemUsername"`
			Username     string `json:"username"`
			TOTPURI      string `json:"totpUri"`
		} `json:"content"`
	} `json:"data"`
}

// parseProtonPass reads the logins with a TOTP of a Proton Pass export.
// Entries count across vaults in the file's order.
func parseProtonPass(content []byte) (Contents, error) {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return Contents{}, fmt.Errorf("reading Proton Pass export: %w", err)
	}
	var data []byte
	for _, f := range zr.File {
		if f.Name != protonPassDataJSON {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return Contents{}, fmt.Errorf("reading Proton Pass export: %w", err)
		}
		data, err = io.ReadAll(io.LimitReader(rc, MaxFileSize+1))
		rc.Close()
		if err != nil {
			return Contents{}, fmt.Errorf("reading Proton Pass export: %w", err)
		}
		if len(data) > MaxFileSize {
			return Contents{}, fmt.Errorf("reading Proton Pass export: %w", ErrTooLarge)
		}
	}
	if data == nil {
		return Contents{}, fmt.Errorf("%w: a zip without %s", ErrUnknownFormat, protonPassDataJSON)
	}
	var f struct {
		Vaults orderedVaults `json:"vaults"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Proton Pass export: %w", jsonError(err))
	}
	c := Contents{Format: FormatProton}
	pos := 0
	for _, items := range f.Vaults {
		for _, raw := range items {
			pos++
			var it protonPassItem
			if err := json.Unmarshal(raw, &it); err != nil {
				c.takeSeed(PlaceEntry, pos, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
				continue
			}
			ct := it.Data.Content
			// The login's TOTP, then any custom TOTP fields.
			uris := []string{ct.TOTPURI}
			for _, f := range it.Data.ExtraFields {
				if strings.EqualFold(f.Type, "totp") {
					uris = append(uris, f.Data.TOTPURI)
				}
			}
			for _, uri := range uris {
				if strings.TrimSpace(uri) == "" {
					continue
				}
				s, err := otpValue(uri, it.Data.Metadata.Name, firstOf(ct.ItemEmail, ct.ItemUsername, ct.Username))
				c.takeSeed(PlaceEntry, pos, s, err)
			}
		}
	}
	return c, nil
}

// orderedVaults keeps the vaults of a Proton Pass export in the file's
// order (a Go map would not), each as its raw items.
type orderedVaults [][]json.RawMessage

func (v *orderedVaults) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("vaults is not an object")
	}
	for dec.More() {
		if _, err := dec.Token(); err != nil { // the vault's ID
			return err
		}
		var vault struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := dec.Decode(&vault); err != nil {
			return err
		}
		*v = append(*v, vault.Items)
	}
	return nil
}
