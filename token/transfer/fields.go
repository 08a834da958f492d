package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
)

// entryFields is what most apps keep per entry, before it is checked:
// the readers of andOTP, LastPass, FreeOTP+, Authenticator Pro and the
// password managers fill it from their own field names.
type entryFields struct {
	Type            string // totp, hotp or steam in any case; "" is totp
	Issuer, Account string
	Secret          string // base32 as the app stored it
	Algorithm       string // "" is SHA1
	Digits, Period  int    // 0 is the default
	Counter         uint64
}

// seed makes the entry's seed; on failure what it returns holds the
// entry's names only. The type is never quoted in the error: it is a
// field's value.
func (f entryFields) seed() (token.Seed, error) {
	s := token.Seed{Kind: token.TOTP, Issuer: strings.TrimSpace(f.Issuer), Account: strings.TrimSpace(f.Account),
		Digits: f.Digits, Period: f.Period, Algorithm: token.SHA1}
	names := token.Seed{Issuer: s.Issuer, Account: s.Account}
	if s.Digits == 0 {
		s.Digits = token.DefaultDigits
	}
	if s.Period == 0 {
		s.Period = token.DefaultPeriod
	}
	switch strings.ToLower(strings.TrimSpace(f.Type)) {
	case "", "totp":
	case "hotp":
		s.Kind, s.Period, s.Counter = token.HOTP, 0, f.Counter
	case "steam":
		s.Encoder, s.Digits = token.EncoderSteam, token.SteamDigits
	default:
		return names, fmt.Errorf("%w: want TOTP, HOTP or Steam", token.ErrKind)
	}
	if f.Algorithm != "" {
		var err error
		if s.Algorithm, err = token.ParseAlgorithm(strings.ReplaceAll(f.Algorithm, "-", "")); err != nil {
			return names, err
		}
	}
	var err error
	if s.Secret, err = token.NormalizeIssuedSecret(f.Secret); err != nil {
		return names, err
	}
	return s, nil
}

// rawSecret writes a secret held as bytes in canonical base32.
func rawSecret(b []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// otpValue reads the TOTP field of a password manager's entry: an
// otpauth:// link, steam://SECRET, or a bare base32 secret. name and user
// are the entry's own names, used where the value has none.
func otpValue(value, name, user string) (token.Seed, error) {
	value = strings.TrimSpace(value)
	names := token.Seed{Issuer: strings.TrimSpace(name), Account: strings.TrimSpace(user)}
	lower := strings.ToLower(value)
	switch {
	case strings.HasPrefix(lower, "otpauth://"):
		s, err := token.ParseURI(value)
		if errors.Is(err, token.ErrAccount) {
			// A link with no label: the entry names it.
			if s2, err2 := token.ParseURI(withLabel(value, names)); err2 == nil {
				return s2, nil
			}
		}
		if err != nil {
			return names, err
		}
		if s.Issuer == "" {
			s.Issuer = names.Issuer
		}
		return s, nil
	case strings.HasPrefix(lower, "steam://"):
		if names.Account == "" {
			// The entry's one name names the account.
			names.Issuer, names.Account = "", names.Issuer
		}
		return entryFields{Type: "steam", Issuer: names.Issuer, Account: names.Account, Secret: value[len("steam://"):]}.seed()
	case strings.Contains(value, "://"):
		return names, errNotOTP
	}
	return entryFields{Issuer: names.Issuer, Account: names.Account, Secret: value}.seed()
}

// withLabel puts the entry's names into an otpauth:// link whose label
// is empty.
func withLabel(link string, names token.Seed) string {
	scheme, rest, ok := strings.Cut(link, "://")
	if !ok {
		return link
	}
	kind, query, _ := strings.Cut(rest, "?")
	kind = strings.TrimSuffix(kind, "/")
	label := names.Account
	if label == "" {
		label = names.Issuer
	}
	return scheme + "://" + kind + "/" + strings.ReplaceAll(label, ":", "%3A") + "?" + query
}

// AES-GCM as the exports use it: a 12-byte nonce, a 16-byte tag after
// the ciphertext.
const (
	gcmNonceBytes = 12
	gcmTagBytes   = 16
)

// openCBC decrypts AES-CBC with PKCS#7 padding. Callers authenticate
// first where the format has a MAC; without one (Authenticator Pro's
// legacy backup) a wrong key shows as bad padding or bad JSON.
func openCBC(key, iv, ciphertext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize || len(ciphertext) == 0 || len(ciphertext)%aes.BlockSize != 0 {
		return nil, errors.New("not whole AES blocks")
	}
	plain := make([]byte, len(ciphertext))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ciphertext)
	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, errors.New("bad padding")
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, errors.New("bad padding")
		}
	}
	return plain[:len(plain)-pad], nil
}

// firstOf is the first of values that is not empty after trimming.
func firstOf(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
