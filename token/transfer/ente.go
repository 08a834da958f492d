package transfer

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/twofoldmfa/twofold/token/kdf"
)

// FormatEnte is Ente Auth's encrypted export, from Ente's export code:
//
//	{"version": 1, "kdfParams": {"memLimit" (bytes), "opsLimit", "salt" (base64)},
//	 "encryptedData" (base64), "encryptionNonce" (base64, the secretstream header)}
//
// key = Argon2id(password, salt, t = opsLimit, m = memLimit/1024 KiB,
// p = 1), libsodium's crypto_pwhash; encryptedData is one secretstream
// message that decrypts to Ente's plain export, otpauth links one a line.
// Ente's plain export is such a list and reads as FormatURIs.
const FormatEnte Format = "ente"

type enteFile struct {
	Version   int `json:"version"`
	KDFParams struct {
		MemLimit uint64 `json:"memLimit"`
		OpsLimit uint64 `json:"opsLimit"`
		Salt     string `json:"salt"`
	} `json:"kdfParams"`
	EncryptedData   string `json:"encryptedData"`
	EncryptionNonce string `json:"encryptionNonce"`
}

// ParseEnte reads Ente Auth's encrypted export.
func ParseEnte(content []byte, passphrase Passphrase) (Contents, error) {
	var f enteFile
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Ente export: %w", jsonError(err))
	}
	p := f.KDFParams
	memKiB := p.MemLimit >> 10
	if p.MemLimit > kdf.MaxMemory {
		memKiB = kdf.MaxMemory>>10 + 1
	}
	if err := kdf.Argon2(memKiB, p.OpsLimit, 1); err != nil {
		return Contents{}, fmt.Errorf("reading Ente export: %w", err)
	}
	salt, err1 := base64.StdEncoding.DecodeString(p.Salt)
	data, err2 := base64.StdEncoding.DecodeString(f.EncryptedData)
	header, err3 := base64.StdEncoding.DecodeString(f.EncryptionNonce)
	if errors.Join(err1, err2, err3) != nil || len(salt) == 0 {
		return Contents{}, errors.New("reading Ente export: salt, data or nonce is not base64")
	}
	if len(header) != secretstreamHeaderBytes || len(data) < secretstreamABytes {
		return Contents{}, errors.New("reading Ente export: nonce or data too short (damaged file)")
	}
	pass, err := passphrase()
	if err != nil {
		return Contents{}, err
	}
	key := argon2.IDKey([]byte(pass), salt, uint32(p.OpsLimit), uint32(memKiB), 1, 32)
	plain, err := openSecretstream(key, header, data, len(data))
	if err != nil {
		return Contents{}, ErrWrongPassphrase
	}
	c, err := readURIList(plain, nil)
	if err != nil {
		return Contents{}, fmt.Errorf("reading Ente export: %w", err)
	}
	c.Format, c.Encrypted = FormatEnte, true
	return c, nil
}

// Note is what an app kept beside a seed that the seed itself has no
// field for: Ente's codeDisplay note and tags. It goes with the seed at
// Seeds[Seed] of the same Contents.
type Note struct {
	Seed    int      `json:"seed"`
	Text    string   `json:"note,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Pinned  bool     `json:"pinned,omitempty"`
	Trashed bool     `json:"trashed,omitempty"` // in Ente's trash when exported
}

// enteCodeDisplay reads the codeDisplay parameter Ente adds to its links
// (a JSON object); ok is false when the link has none.
func enteCodeDisplay(link string) (n Note, ok bool) {
	u, err := url.Parse(link)
	if err != nil {
		return Note{}, false
	}
	v := u.Query().Get("codeDisplay")
	if v == "" {
		return Note{}, false
	}
	var d struct {
		Pinned  bool     `json:"pinned"`
		Trashed bool     `json:"trashed"`
		Note    string   `json:"note"`
		Tags    []string `json:"tags"`
	}
	if json.Unmarshal([]byte(v), &d) != nil {
		return Note{}, false
	}
	n = Note{Text: strings.TrimSpace(d.Note), Pinned: d.Pinned, Trashed: d.Trashed}
	for _, t := range d.Tags {
		if t = strings.TrimSpace(t); t != "" {
			n.Tags = append(n.Tags, t)
		}
	}
	return n, n.Text != "" || len(n.Tags) > 0 || n.Pinned || n.Trashed
}
