package oath

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// Credential is one entry of the key's OATH application.
type Credential struct {
	Name      string // as stored: [period/]Issuer:account
	Issuer    string
	Account   string
	Kind      token.Kind
	Algorithm token.Algorithm
	Period    int // TOTP only
}

// CredentialName is the name under which seed is stored on a key:
// "[period/]Issuer:account", the period only when it is not 30 seconds,
// as Yubico's tools write it.
func CredentialName(seed token.Seed) string {
	name := seed.Account
	if seed.Issuer != "" {
		name = seed.Issuer + ":" + name
	}
	if seed.Kind == token.TOTP && seed.Period != 0 && seed.Period != defaultPeriod {
		name = strconv.Itoa(seed.Period) + "/" + name
	}
	return name
}

// parseName splits a stored name back into its parts.
func parseName(name string, kind token.Kind) (issuer, account string, period int) {
	period = defaultPeriod
	rest := name
	if kind == token.TOTP {
		if p, after, ok := strings.Cut(rest, "/"); ok {
			if n, err := strconv.Atoi(p); err == nil && n > 0 {
				period, rest = n, after
			}
		}
	} else {
		period = 0
	}
	if i, a, ok := strings.Cut(rest, ":"); ok {
		return i, a, period
	}
	return "", rest, period
}

func algorithmCode(a token.Algorithm) (byte, func() hash.Hash, int, error) {
	switch a {
	case token.SHA1, "":
		return algoSHA1, sha1.New, sha1.BlockSize, nil
	case token.SHA256:
		return algoSHA256, sha256.New, sha256.BlockSize, nil
	case token.SHA512:
		return algoSHA512, sha512.New, sha512.BlockSize, nil
	}
	return 0, nil, 0, fmt.Errorf("%w: algorithm %s", ErrUnsupported, a)
}

func algorithmName(code byte) token.Algorithm {
	switch code & algoMask {
	case algoSHA256:
		return token.SHA256
	case algoSHA512:
		return token.SHA512
	}
	return token.SHA1
}

// keyBytes is the HMAC key as the card wants it: hashed when longer than
// the hash's block size (as HMAC itself would), padded with zeros to 14
// bytes when shorter.
func keyBytes(secret []byte, newHash func() hash.Hash, blockSize int) []byte {
	if len(secret) > blockSize {
		h := newHash()
		h.Write(secret)
		secret = h.Sum(nil)
	}
	if len(secret) < minKeyLength {
		secret = append(bytes.Clone(secret), make([]byte, minKeyLength-len(secret))...)
	}
	return secret
}

func decodeSecret(secret string) ([]byte, error) {
	s, err := token.NormalizeSecret(secret)
	if err != nil {
		return nil, err
	}
	padded := s + strings.Repeat("=", (8-len(s)%8)%8)
	return base32.StdEncoding.DecodeString(padded)
}

// List reads the credentials on the key.
func (s *Session) List() ([]Credential, error) {
	b, err := send(s.t, insList, 0, 0, nil)
	if err != nil {
		return nil, fmt.Errorf("listing credentials: %w", err)
	}
	items, err := parseTLVs(b)
	if err != nil {
		return nil, fmt.Errorf("listing credentials: %w", err)
	}
	var out []Credential
	for _, it := range items {
		if it.tag != tagNameList || len(it.value) < 1 {
			continue
		}
		out = append(out, newCredential(string(it.value[1:]), it.value[0]))
	}
	return out, nil
}

func newCredential(name string, typeAlgo byte) Credential {
	kind := token.TOTP
	if typeAlgo&typeMask == typeHOTP {
		kind = token.HOTP
	}
	issuer, account, period := parseName(name, kind)
	return Credential{Name: name, Issuer: issuer, Account: account, Kind: kind,
		Algorithm: algorithmName(typeAlgo), Period: period}
}

// Put stores seed under CredentialName(seed). The card replaces a
// credential of the same name silently, so unless overwrite is set Put
// lists first and refuses with ErrNameTaken. PUT is one APDU: a key pulled
// out mid-write keeps either the old state or the whole credential.
func (s *Session) Put(seed token.Seed, touch, overwrite bool) error {
	if seed.Steam() {
		return fmt.Errorf("%w: Steam Guard codes", ErrUnsupported)
	}
	if seed.Digits < 6 || seed.Digits > 8 {
		return fmt.Errorf("%w: %d digits", ErrUnsupported, seed.Digits)
	}
	name := CredentialName(seed)
	if len(name) > maxNameLength {
		return fmt.Errorf("%w: name longer than %d bytes", ErrUnsupported, maxNameLength)
	}
	algo, newHash, blockSize, err := algorithmCode(seed.Algorithm)
	if err != nil {
		return err
	}
	kind := byte(typeTOTP)
	if seed.Kind == token.HOTP {
		kind = typeHOTP
	}
	secret, err := decodeSecret(seed.Secret)
	if err != nil {
		return fmt.Errorf("seed %s: %w", seed.Label(), err)
	}
	if !overwrite {
		existing, err := s.List()
		if err != nil {
			return err
		}
		for _, c := range existing {
			if c.Name == name {
				return fmt.Errorf("%w: %s", ErrNameTaken, name)
			}
		}
		if len(existing) >= s.Capacity() {
			return fmt.Errorf("%w (%d of %d credentials)", ErrFull, len(existing), s.Capacity())
		}
	}
	data := appendTLV(nil, tagName, []byte(name))
	key := append([]byte{kind | algo, byte(seed.Digits)}, keyBytes(secret, newHash, blockSize)...)
	data = appendTLV(data, tagKey, key)
	if touch {
		data = append(data, tagProperty, propRequireTouch)
	}
	if seed.Kind == token.HOTP && seed.Counter > 0 {
		imf := binary.BigEndian.AppendUint32(nil, uint32(seed.Counter))
		data = appendTLV(data, tagIMF, imf)
	}
	if _, err := send(s.t, insPut, 0, 0, data); errors.Is(err, ErrRemoved) {
		return fmt.Errorf("storing %s: %w; a key applies a write whole or not at all: plug it back in and list its credentials to see which", name, err)
	} else if err != nil {
		return fmt.Errorf("storing %s: %w", name, err)
	}
	return nil
}

// Delete removes the credential called name.
func (s *Session) Delete(name string) error {
	if _, err := send(s.t, insDelete, 0, 0, appendTLV(nil, tagName, []byte(name))); err != nil {
		return fmt.Errorf("deleting %s: %w", name, err)
	}
	return nil
}

// Calculate asks the key for the code of credential c at time now (TOTP)
// or at its next counter (HOTP, which advances the key's counter).
func (s *Session) Calculate(c Credential, now time.Time) (string, error) {
	var challenge []byte
	if c.Kind == token.TOTP {
		period := c.Period
		if period <= 0 {
			period = defaultPeriod
		}
		challenge = binary.BigEndian.AppendUint64(nil, uint64(now.Unix())/uint64(period))
	}
	data := appendTLV(nil, tagName, []byte(c.Name))
	data = appendTLV(data, tagChallenge, challenge)
	b, err := send(s.t, insCalculate, 0x00, 0x01, data)
	if err != nil {
		return "", fmt.Errorf("calculating %s: %w", c.Name, err)
	}
	items, err := parseTLVs(b)
	if err != nil {
		return "", fmt.Errorf("calculating %s: %w", c.Name, err)
	}
	v, ok := find(items, tagTruncatedResponse)
	if !ok {
		return "", fmt.Errorf("calculating %s: %w", c.Name, errMalformed)
	}
	return formatCode(v)
}

// CalculateAll reads the codes of every 30-second TOTP credential at now.
// Credentials that need a touch, HOTP ones and other periods have no code
// in the map (the key computes them only on request).
func (s *Session) CalculateAll(now time.Time) (map[string]string, error) {
	items, err := s.calculateAll(now)
	if err != nil {
		return nil, err
	}
	codes := make(map[string]string)
	for i := 0; i+1 < len(items); i += 2 {
		name, resp := string(items[i].value), items[i+1]
		if resp.tag == tagHOTP || resp.tag == tagTouch {
			continue // no code without a request of its own
		}
		if resp.tag != tagTruncatedResponse {
			return nil, fmt.Errorf("calculating all: %w", errMalformed)
		}
		if _, _, p := parseName(name, token.TOTP); p != defaultPeriod {
			continue // computed for the wrong period
		}
		code, err := formatCode(resp.value)
		if err != nil {
			return nil, fmt.Errorf("calculating all: %w", err)
		}
		codes[name] = code
	}
	return codes, nil
}

// formatCode turns a truncated response (digits, then 4 bytes) into a code.
func formatCode(v []byte) (string, error) {
	if len(v) != 5 || v[0] < 6 || v[0] > 10 {
		return "", errMalformed
	}
	n := uint64(binary.BigEndian.Uint32(v[1:]) & 0x7FFFFFFF)
	mod := uint64(1)
	for range int(v[0]) {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", int(v[0]), n%mod), nil
}

// calculateAll runs CALCULATE ALL at now and returns its name and
// response items, in pairs.
func (s *Session) calculateAll(now time.Time) ([]tlv, error) {
	challenge := binary.BigEndian.AppendUint64(nil, uint64(now.Unix())/defaultPeriod)
	b, err := send(s.t, insCalculateAll, 0x00, 0x01, appendTLV(nil, tagChallenge, challenge))
	if err != nil {
		return nil, fmt.Errorf("calculating all: %w", err)
	}
	items, err := parseTLVs(b)
	if err != nil || len(items)%2 != 0 {
		return nil, fmt.Errorf("calculating all: %w", errMalformed)
	}
	for i := 0; i < len(items); i += 2 {
		if items[i].tag != tagName {
			return nil, fmt.Errorf("calculating all: %w", errMalformed)
		}
	}
	return items, nil
}

// NeedsTouch tells whether the key asks for a touch before each code of
// c: CALCULATE ALL answers such a credential with the touch tag and no
// code (YKOATH specification; ykman reads it the same way). It computes
// no HOTP code, so it advances no counter.
func (s *Session) NeedsTouch(c Credential, now time.Time) (bool, error) {
	items, err := s.calculateAll(now)
	if err != nil {
		return false, err
	}
	for i := 0; i+1 < len(items); i += 2 {
		if string(items[i].value) == c.Name {
			return items[i+1].tag == tagTouch, nil
		}
	}
	return false, fmt.Errorf("%s: %w", c.Name, ErrNotFound)
}
