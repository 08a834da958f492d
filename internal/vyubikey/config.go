package vyubikey

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Factory credentials of a YubiKey's PIV applet (Yubico PIV documentation,
// "Default values").
const (
	DefaultPIN = "123456"
	DefaultPUK = "12345678"
	// DefaultManagementKey is 010203040506070801020304050607080102030405060708.
	DefaultManagementKey = "010203040506070801020304050607080102030405060708"
)

// Config describes a card's state when it is created. The zero value is a
// factory-fresh YubiKey 5 (firmware 5.4.3) with serial 0.
type Config struct {
	Serial     uint32 `json:"serial"`
	Version    string `json:"version"`     // "5.4.3"
	FormFactor byte   `json:"form_factor"` // 1 = USB-A keychain

	PIN           string `json:"pin"` // empty means the default
	PUK           string `json:"puk"`
	PINRetries    int    `json:"pin_retries"` // retries left; 0 means the maximum
	PINMaxRetries int    `json:"pin_max_retries"`
	PUKRetries    int    `json:"puk_retries"`
	PUKMaxRetries int    `json:"puk_max_retries"`
	PINBlocked    bool   `json:"pin_blocked"` // overrides PINRetries
	PUKBlocked    bool   `json:"puk_blocked"`

	ManagementKey          string `json:"management_key"`           // hex; empty means the default
	ManagementKeyAlgorithm string `json:"management_key_algorithm"` // 3des, aes128, aes192, aes256

	Slots []SlotConfig `json:"slots"`

	// NotYubiKey makes a card that knows no YubiKey applet, like a bank
	// card in the reader.
	NotYubiKey bool `json:"not_yubikey"`

	// CA signs the card's attestation certificate (slot f9). Nil means a
	// fresh test CA made for this card alone.
	CA *CA `json:"-"`
}

// SlotConfig puts a key, and unless NoCertificate a certificate, in a slot.
type SlotConfig struct {
	Slot          string    `json:"slot"`         // 9a, 9c, 9d, 9e, or a retired one, 82 to 95
	Algorithm     string    `json:"algorithm"`    // eccp256 (default), eccp384
	PINPolicy     string    `json:"pin_policy"`   // never, once, always; empty means the slot's default
	TouchPolicy   string    `json:"touch_policy"` // never, always, cached
	Origin        string    `json:"origin"`       // generated (default), imported
	Subject       string    `json:"subject"`      // certificate subject CN
	NotAfter      time.Time `json:"not_after"`    // zero means a year from now
	NoCertificate bool      `json:"no_certificate"`
}

// PIV key references and algorithm identifiers, NIST SP 800-78-4 table 6-2
// and 5-1, plus Yubico's PIN and touch policy values.
const (
	refPIN    = 0x80
	refPUK    = 0x81
	refMgmt   = 0x9b
	refAttest = 0xf9
	// The retired key-management slots, NIST SP 800-73-4 part 1 table 4b.
	refRetiredFirst = 0x82
	refRetiredLast  = 0x95
	algTDES         = 0x03
	algAES128       = 0x08
	algAES192       = 0x0a
	algAES256       = 0x0c
	algRSA2048      = 0x07
	algECCP256      = 0x11
	algECCP384      = 0x14
	pinNever        = 0x01
	pinOnce         = 0x02
	pinAlways       = 0x03
	touchNever      = 0x01
	touchAlways     = 0x02
	touchCached     = 0x03
	originGen       = 0x01
	originImport    = 0x02
)

func parseVersion(s string) ([3]byte, error) {
	if s == "" {
		return [3]byte{5, 4, 3}, nil
	}
	var v [3]byte
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, fmt.Errorf("version %q: want MAJOR.MINOR.PATCH", s)
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 8)
		if err != nil {
			return v, fmt.Errorf("version %q: %w", s, err)
		}
		v[i] = byte(n)
	}
	return v, nil
}

func parseMgmtAlg(s string) (byte, error) {
	switch strings.ToLower(s) {
	case "", "3des", "tdes":
		return algTDES, nil
	case "aes128":
		return algAES128, nil
	case "aes192":
		return algAES192, nil
	case "aes256":
		return algAES256, nil
	}
	return 0, fmt.Errorf("management key algorithm %q unknown", s)
}

func parseSlotRef(s string) (byte, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 8)
	if err != nil {
		return 0, fmt.Errorf("slot %q: %w", s, err)
	}
	switch {
	case n == 0x9a, n == 0x9c, n == 0x9d, n == 0x9e, retired(byte(n)):
		return byte(n), nil
	}
	return 0, fmt.Errorf("slot %q: want 9a, 9c, 9d, 9e or 82 to 95", s)
}

func parsePolicy(s string, names map[string]byte, def byte) (byte, error) {
	if s == "" {
		return def, nil
	}
	if v, ok := names[strings.ToLower(s)]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("policy %q unknown", s)
}

var (
	pinPolicyNames   = map[string]byte{"never": pinNever, "once": pinOnce, "always": pinAlways}
	touchPolicyNames = map[string]byte{"never": touchNever, "always": touchAlways, "cached": touchCached}
	originNames      = map[string]byte{"generated": originGen, "imported": originImport}
)

// defaultPINPolicy is what a YubiKey applies when a key is generated with
// the default policy (Yubico PIV documentation, "Certificate slots").
func defaultPINPolicy(slot byte) byte {
	switch slot {
	case 0x9c:
		return pinAlways
	case 0x9e:
		return pinNever
	}
	return pinOnce
}

func decodeKey(s string) ([]byte, error) {
	if s == "" {
		s = DefaultManagementKey
	}
	k, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("management key: not hex")
	}
	return k, nil
}
