package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"unsafe"

	"github.com/twofoldmfa/twofold/token"
)

// ErrWiped is returned by Save on a Vault that was wiped (locked).
var ErrWiped = errors.New("vault was locked; unlock it again")

// Wipe zeroes the memory the Vault holds its secrets in and forgets its
// data: the passphrase, and the secret of every seed read from the file.
// Those live in buffers the Vault owns, and the seeds' Secret strings
// (and every copy of a Seed made since, such as the app's screens) point
// into them, so after Wipe they read as zero bytes. Call it when the
// vault locks; the Vault cannot be saved afterwards. See the package doc
// for what Go leaves elsewhere.
func (v *Vault) Wipe() {
	for _, b := range v.owned {
		clear(b)
	}
	v.owned = nil
	v.passphrase = ""
	v.identity, v.slots = nil, nil // age keeps no buffer of it that can be zeroed
	v.Data.wipeRecoveryCodes()
	v.Data = Data{}
	v.saved = nil
	v.wiped = true
}

// Wiped reports whether Wipe ran and every buffer it cleared still reads
// zero.
func (v *Vault) Wiped() bool {
	return v.wiped && len(v.owned) == 0 && v.passphrase == "" && len(v.Data.Seeds) == 0
}

// own copies s into a buffer the Vault owns and returns a string that
// shares its bytes, for Wipe to zero. Go strings are immutable by
// contract; the only change to these bytes is Wipe's, after which the
// Vault's data is gone and its strings are read by no one who needs
// their value.
func (v *Vault) own(s string) string {
	if s == "" {
		return ""
	}
	b := []byte(s)
	v.owned = append(v.owned, b)
	return unsafe.String(&b[0], len(b))
}

// shareSecrets moves the decoded secrets (raw JSON strings, from
// diskSeed) into one buffer, points the seeds' Secret at it, zeroes the
// raw copies and returns the buffer, for its owner to wipe.
func shareSecrets(seeds []token.Seed, raw []json.RawMessage) []byte {
	total := 0
	for _, r := range raw {
		total += len(r)
	}
	if total == 0 {
		return nil
	}
	buf := make([]byte, 0, total)
	for i, r := range raw {
		secret := bytes.Trim(r, `"`)
		if len(secret) > 0 && !bytes.ContainsAny(secret, `\"`) {
			start := len(buf)
			buf = append(buf, secret...)
			seeds[i].Secret = unsafe.String(&buf[start], len(secret))
		} else {
			// Not a plain base32 string (never written by Twofold):
			// decode it normally, in an ordinary string.
			var s string
			_ = json.Unmarshal(r, &s)
			seeds[i].Secret = s
		}
		clear(r)
	}
	return buf[:total]
}

// diskData decodes a vault's JSON with each seed's secret kept as the
// raw bytes of the JSON string, so that no Go string (which cannot be
// zeroed) ever holds it: the shallower Seeds and Secret fields take the
// place of the embedded ones.
type diskData struct {
	Data
	Seeds []diskSeed `json:"seeds"`
}

type diskSeed struct {
	token.Seed
	Secret json.RawMessage `json:"secret"`
}

// decodeData unmarshals plain into data, returning the raw secrets in
// seed order (Secret left empty, for shareSecrets to fill).
func decodeData(plain []byte) (Data, []json.RawMessage, error) {
	var d diskData
	if err := json.Unmarshal(plain, &d); err != nil {
		return Data{}, nil, err
	}
	data := d.Data
	data.Seeds = make([]token.Seed, len(d.Seeds))
	raw := make([]json.RawMessage, len(d.Seeds))
	for i, s := range d.Seeds {
		data.Seeds[i], raw[i] = s.Seed, s.Secret
	}
	if d.Seeds == nil {
		data.Seeds = nil
	}
	return data, raw, nil
}
