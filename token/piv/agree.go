package piv

// Keys that unlock by key agreement: a P-256 key in one of the twenty
// retired key-management slots (NIST SP 800-73-4 part 1 table 4b), made on
// the key, whose private half never leaves it; a peer's public key and
// GENERAL AUTHENTICATE with tag 85 (part 2 appendix A.5) give the shared
// secret, as age-plugin-yubikey does.

import (
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"slices"

	"github.com/go-piv/piv-go/v2/piv"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// RetiredSlot is a retired key-management slot, 0x82 to 0x95.
type RetiredSlot byte

// The first and last retired slots.
const (
	FirstRetiredSlot RetiredSlot = 0x82
	LastRetiredSlot  RetiredSlot = 0x95
)

// Valid tells whether s is one of the twenty.
func (s RetiredSlot) Valid() bool { return s >= FirstRetiredSlot && s <= LastRetiredSlot }

// String is the slot in hex, as Yubico's tools name it ("82").
func (s RetiredSlot) String() string { return fmt.Sprintf("%02x", byte(s)) }

func (s RetiredSlot) slot() (piv.Slot, error) {
	if sl, ok := piv.RetiredKeyManagementSlot(uint32(s)); ok && s.Valid() {
		return sl, nil
	}
	return piv.Slot{}, fmt.Errorf("slot %02x: %w", byte(s), ErrNotRetiredSlot)
}

// Errors of key agreement and key generation; choose a message with
// errors.Is and errors.As.
var (
	ErrNotRetiredSlot = errors.New("not a retired key-management slot (82 to 95)")
	// ErrEmptySlot means the slot holds no key.
	ErrEmptySlot = errors.New("the slot holds no key")
	// ErrNotP256 means the slot's key is not a P-256 key.
	ErrNotP256 = errors.New("the slot's key is not a P-256 key")
	// ErrNoMetadata means the firmware is older than 5.3 and cannot
	// describe a slot's key or say whether credentials are the defaults.
	ErrNoMetadata = errors.New("the key's firmware cannot describe its slots (5.3 or later is needed)")
	// ErrSlotMismatch means the slot holds another key than the one
	// expected (the slot was generated again, or another key has the
	// serial): no PIN was sent.
	ErrSlotMismatch = errors.New("the slot holds another key than the one enrolled")
	// ErrWrongPIN means the key refused the PIN; the error is a
	// *WrongPINError with the retries left.
	ErrWrongPIN = errors.New("wrong PIN")
	// ErrPINBlocked means no PIN retry is left (the PUK unblocks it).
	ErrPINBlocked = errors.New("the PIN is blocked")
	// ErrWrongManagementKey means the key refused the management key.
	ErrWrongManagementKey = errors.New("wrong management key")
	// ErrNotDefaultManagementKey means the factory management key was
	// asked for, and the key's metadata says it is no longer in place:
	// it was not tried.
	ErrNotDefaultManagementKey = errors.New("the management key is not the factory default")
)

// WrongPINError is ErrWrongPIN with the retries left.
type WrongPINError struct{ Retries int }

func (e *WrongPINError) Error() string {
	return fmt.Sprintf("%v (%d tries left)", ErrWrongPIN, e.Retries)
}

// Is makes errors.Is(err, ErrWrongPIN) hold.
func (e *WrongPINError) Is(target error) bool { return target == ErrWrongPIN }

// AgreementKey is the key in a retired slot as the key describes it
// (GET METADATA).
type AgreementKey struct {
	Serial      uint32
	Slot        RetiredSlot
	PublicKey   *ecdsa.PublicKey
	PINPolicy   string // "never", "once", "always"
	TouchPolicy string // "never", "always", "cached"
	Origin      string // "generated", "imported"
}

// Policies are the PIN and touch policies of a key to generate; empty
// means the key's default (PIN once, touch never).
type Policies struct {
	PIN   string // "never", "once", "always"
	Touch string // "never", "always", "cached"
}

// Management is how Generate authenticates as the key's administrator:
// with the management key the user gave.
type Management struct {
	// Key is the management key the user typed: 24 bytes for 3DES and
	// AES-192, 16 for AES-128, 32 for AES-256.
	Key []byte
	// Default asks for the factory management key. It is sent only when
	// the key's metadata says the default is still in place, so it is
	// never guessed; the user chooses it.
	Default bool
}

// Key is one YubiKey opened for its PIV application, held exclusively
// until Close.
type Key struct {
	Serial uint32
	dev    *pcscDevice
}

// OpenKey opens the key with serial (0: the only key plugged in). It
// reads each present key's serial over a shared connection first, and
// opens only the one asked for.
func OpenKey(ctx context.Context, serial uint32) (*Key, error) {
	readers, err := PCSC{}.Readers()
	if err != nil {
		return nil, err
	}
	if len(readers) == 0 {
		return nil, ErrNoReader
	}
	type found struct {
		reader string
		dev    *pcscDevice
	}
	var keys []found
	var errs []error
	for _, r := range readers {
		if !r.Present {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := &pcscDevice{meta: map[byte]Metadata{}}
		if err := d.readRaw(r.Name); err != nil {
			errs = append(errs, &KeyError{Reader: r.Name, Err: err})
			continue
		}
		if serial == 0 || d.serial == serial {
			keys = append(keys, found{r.Name, d})
		}
	}
	switch {
	case len(keys) > 1:
		many := &MultipleKeysError{}
		for _, k := range keys {
			many.Serials = append(many.Serials, k.dev.serial)
		}
		slices.Sort(many.Serials)
		return nil, many
	case len(keys) == 0 && len(errs) > 0:
		return nil, errors.Join(errs...)
	case len(keys) == 0 && serial != 0:
		return nil, &smartcard.NoSuchKeyError{Serial: serial}
	case len(keys) == 0:
		return nil, ErrNoKey
	}
	d := keys[0].dev
	yk, err := piv.Open(keys[0].reader)
	if err != nil {
		return nil, &KeyError{Reader: keys[0].reader, Serial: d.serial, Err: fmt.Errorf("opening PIV: %w", err)}
	}
	d.YubiKey = yk
	return &Key{Serial: d.serial, dev: d}, nil
}

// Close ends the connection.
func (k *Key) Close() error { return k.dev.Close() }

// PINRetries is the PIN's tries left and most tries, from the key's
// metadata as read when it was opened (nothing is spent).
func (k *Key) PINRetries() (left, most int, err error) {
	m, err := k.metadata(RefPIN)
	return m.Retries, m.MaxRetries, err
}

func (k *Key) metadata(ref byte) (Metadata, error) {
	if k.dev.metaErr != nil {
		return Metadata{}, ErrNoMetadata
	}
	return k.dev.Metadata(ref)
}

// Agreement reads the key in slot: its public key and policies.
func (k *Key) Agreement(slot RetiredSlot) (AgreementKey, error) {
	sl, err := slot.slot()
	if err != nil {
		return AgreementKey{}, err
	}
	if k.dev.metaErr != nil {
		return AgreementKey{}, ErrNoMetadata
	}
	ki, err := k.dev.KeyInfo(sl)
	if errors.Is(err, piv.ErrNotFound) {
		return AgreementKey{}, fmt.Errorf("slot %s: %w", slot, ErrEmptySlot)
	}
	if err != nil {
		return AgreementKey{}, fmt.Errorf("reading slot %s: %w", slot, err)
	}
	pub, ok := ki.PublicKey.(*ecdsa.PublicKey)
	if !ok || ki.Algorithm != piv.AlgorithmEC256 {
		return AgreementKey{}, fmt.Errorf("slot %s: %w", slot, ErrNotP256)
	}
	return AgreementKey{Serial: k.Serial, Slot: slot, PublicKey: pub,
		PINPolicy: pinPolicyName(ki.PINPolicy), TouchPolicy: touchPolicyName(ki.TouchPolicy), Origin: originName(ki.Origin)}, nil
}

// Generate makes a new P-256 key in slot, on the key, replacing any key
// there, and returns it as the key describes it.
func (k *Key) Generate(slot RetiredSlot, p Policies, mk Management) (AgreementKey, error) {
	sl, err := slot.slot()
	if err != nil {
		return AgreementKey{}, err
	}
	pp, tp, err := policies(p)
	if err != nil {
		return AgreementKey{}, err
	}
	key, err := k.managementKey(mk)
	if err != nil {
		return AgreementKey{}, err
	}
	_, err = k.dev.GenerateKey(key, sl, piv.Key{Algorithm: piv.AlgorithmEC256, PINPolicy: pp, TouchPolicy: tp})
	var sw interface{ Status() uint16 }
	if errors.As(err, &sw) && sw.Status() == swSecurityNotSatisfied {
		return AgreementKey{}, ErrWrongManagementKey
	}
	if err != nil {
		return AgreementKey{}, fmt.Errorf("generating a key in slot %s: %w", slot, err)
	}
	return k.Agreement(slot)
}

// swSecurityNotSatisfied is ISO/IEC 7816-4's "security status not
// satisfied", a refused management key's answer.
const swSecurityNotSatisfied = 0x6982

// managementKey is the key Generate sends: the user's, or the default
// when the metadata says it is in place.
func (k *Key) managementKey(mk Management) ([]byte, error) {
	meta, err := k.metadata(RefManagementKey)
	if err != nil {
		return nil, err
	}
	if mk.Default {
		if !meta.Default {
			return nil, ErrNotDefaultManagementKey
		}
		return defaultManagementKey, nil
	}
	want := map[byte]int{algTDES: 24, algAES128: 16, algAES192: 24, algAES256: 32}[meta.Algorithm]
	if want == 0 {
		want = 24
	}
	if len(mk.Key) != want {
		return nil, fmt.Errorf("%w: a %s management key has %d bytes", ErrWrongManagementKey, managementAlgorithm(meta.Algorithm), want)
	}
	return mk.Key, nil
}

func policies(p Policies) (piv.PINPolicy, piv.TouchPolicy, error) {
	pins := map[string]piv.PINPolicy{"": piv.PINPolicyOnce, "never": piv.PINPolicyNever, "once": piv.PINPolicyOnce, "always": piv.PINPolicyAlways}
	touches := map[string]piv.TouchPolicy{"": piv.TouchPolicyNever, "never": piv.TouchPolicyNever, "always": piv.TouchPolicyAlways, "cached": piv.TouchPolicyCached}
	pp, ok := pins[p.PIN]
	if !ok {
		return 0, 0, fmt.Errorf("unknown PIN policy %q", p.PIN)
	}
	tp, ok := touches[p.Touch]
	if !ok {
		return 0, 0, fmt.Errorf("unknown touch policy %q", p.Touch)
	}
	return pp, tp, nil
}

// SharedKey does ECDH on the key between the key in want's slot and
// peer, and returns the shared secret (the x coordinate). The slot must
// still hold want's public key: otherwise it is ErrSlotMismatch, before
// any PIN is asked or sent. When the slot's PIN policy asks for the PIN,
// pin is called with the tries left (from the key's metadata) and what
// it returns is sent once; a wrong one is a *WrongPINError with the tries
// left after it. A touch the slot's policy asks for is the caller's to
// announce (want.TouchPolicy).
func (k *Key) SharedKey(want AgreementKey, peer *ecdh.PublicKey, pin func(triesLeft int) (string, error)) ([]byte, error) {
	have, err := k.Agreement(want.Slot)
	if err != nil {
		return nil, err
	}
	if want.PublicKey == nil || !have.PublicKey.Equal(want.PublicKey) {
		return nil, fmt.Errorf("YubiKey %d slot %s: %w", k.Serial, want.Slot, ErrSlotMismatch)
	}
	if peer.Curve() != ecdh.P256() {
		return nil, fmt.Errorf("peer key: %w", ErrNotP256)
	}
	sl, _ := want.Slot.slot()
	auth := piv.KeyAuth{PINPolicy: piv.PINPolicyNever}
	if have.PINPolicy != "never" {
		left, _, err := k.PINRetries()
		if err != nil {
			return nil, err
		}
		if left == 0 {
			return nil, ErrPINBlocked
		}
		p, err := pin(left)
		if err != nil {
			return nil, err
		}
		// Verified here, once: a wrong PIN costs one try, whatever the
		// slot's policy.
		if err := k.dev.VerifyPIN(p); err != nil {
			return nil, pinError(err)
		}
	}
	priv, err := k.dev.PrivateKey(sl, have.PublicKey, auth)
	if err != nil {
		return nil, fmt.Errorf("slot %s: %w", want.Slot, err)
	}
	ecPriv, ok := priv.(*piv.ECDSAPrivateKey)
	if !ok {
		return nil, fmt.Errorf("slot %s: %w", want.Slot, ErrNotP256)
	}
	secret, err := ecPriv.ECDH(peer)
	if err != nil {
		return nil, fmt.Errorf("key agreement in slot %s: %w", want.Slot, err)
	}
	return secret, nil
}

// pinError maps piv-go's refused VERIFY to ErrWrongPIN or ErrPINBlocked.
func pinError(err error) error {
	var ae piv.AuthErr
	if !errors.As(err, &ae) {
		return fmt.Errorf("verifying the PIN: %w", err)
	}
	if ae.Retries == 0 {
		return ErrPINBlocked
	}
	return &WrongPINError{Retries: ae.Retries}
}
