package vault

import (
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// YubiKey ways in: a P-256 key in a retired PIV slot of a YubiKey wraps
// the vault's identity as age-plugin-yubikey's piv-p256 stanza wraps a
// file key. The slot's line is
//
//	-> piv-p256 TAG EPHEMERAL SERIAL SLOT
//
// TAG is the first 4 bytes of SHA-256 of the slot's compressed public
// key, EPHEMERAL a compressed P-256 point made for this slot (both
// unpadded base64), SERIAL the key's serial number and SLOT the PIV slot
// in hex (82 to 95), both in the clear so that the app can say which key
// to plug in. The wrapping key is HKDF-SHA256 over the ECDH shared secret
// (the x coordinate), with the two compressed points, ephemeral first, as
// salt and "piv-p256" as info; the body is the identity sealed with
// ChaCha20-Poly1305 under it, with a zero nonce (the key is used once).

const pivStanza = "piv-p256"

// ErrNoAgreement is returned by AddYubiKey for a public key that is not
// a P-256 key.
var ErrNoAgreement = errors.New("not a P-256 key")

// YubiKeyWay names a YubiKey way: the key's serial, its retired PIV slot
// (0x82 to 0x95) and the public key of that slot.
type YubiKeyWay struct {
	Serial uint32
	Slot   byte
	Public *ecdh.PublicKey
}

// compressed is p as a compressed point (SEC 1): crypto/ecdh gives the
// uncompressed 04 || X || Y of 32 bytes each.
func compressed(p *ecdh.PublicKey) []byte {
	b := p.Bytes()
	return append([]byte{2 | b[64]&1}, b[1:33]...)
}

// decompressed is the crypto/ecdh key of a compressed point.
func decompressed(point []byte) (*ecdh.PublicKey, error) {
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), point)
	if x == nil {
		return nil, errors.New("not a compressed P-256 point")
	}
	b := make([]byte, 65)
	b[0] = 4
	x.FillBytes(b[1:33])
	y.FillBytes(b[33:])
	return ecdh.P256().NewPublicKey(b)
}

// YubiKeyTag is the tag a YubiKey way names its slot's public key by
// (Way.Tag): a front end compares it with the key plugged in before it
// asks for a PIN.
func YubiKeyTag(p *ecdh.PublicKey) string { return pivTag(p) }

// pivTag is the slot's tag: SHA-256 of the compressed public key, 4 bytes.
func pivTag(p *ecdh.PublicKey) string {
	sum := sha256.Sum256(compressed(p))
	return base64.RawStdEncoding.EncodeToString(sum[:4])
}

// pivWrapKey derives the wrapping key from the shared secret.
func pivWrapKey(shared []byte, ephemeral, recipient *ecdh.PublicKey) ([]byte, error) {
	salt := append(compressed(ephemeral), compressed(recipient)...)
	return hkdf.Key(sha256.New, shared, salt, pivStanza, chacha20poly1305.KeySize)
}

// AddYubiKey adds a way in for the YubiKey slot w, in place of any way
// the vault had for the same key (serial). It needs only the public key:
// the card is not used. A vault that is still a plain passphrase file
// gets its slots here (see AddKeyring).
func (v *Vault) AddYubiKey(w YubiKeyWay) error {
	if w.Public == nil || w.Public.Curve() != ecdh.P256() {
		return ErrNoAgreement
	}
	if w.Slot < 0x82 || w.Slot > 0x95 {
		return fmt.Errorf("slot %02x is not a retired key-management slot (82 to 95)", w.Slot)
	}
	if err := v.ensureSlots(); err != nil {
		return err
	}
	eph, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	shared, err := eph.ECDH(w.Public)
	if err != nil {
		return err
	}
	key, err := pivWrapKey(shared, eph.PublicKey(), w.Public)
	if err != nil {
		return err
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return err
	}
	body := aead.Seal(nil, make([]byte, aead.NonceSize()), []byte(v.identity.String()), nil)
	v.removeYubiKey(w.Serial)
	v.slots.stanzas = append(v.slots.stanzas, stanza{
		args: []string{pivStanza, pivTag(w.Public), base64.RawStdEncoding.EncodeToString(compressed(eph.PublicKey())),
			strconv.FormatUint(uint64(w.Serial), 10), fmt.Sprintf("%02x", w.Slot)},
		body: body,
	})
	return nil
}

// RemoveYubiKey removes the way in of the YubiKey serial; the next save
// writes the vault without it and replaces PATH.bak too (see
// RemoveKeyring).
func (v *Vault) RemoveYubiKey(serial uint32) error {
	if !v.removeYubiKey(serial) {
		return ErrNoSuchWay
	}
	v.rekeyBackup = true
	return nil
}

func (v *Vault) removeYubiKey(serial uint32) bool {
	if v.slots == nil {
		return false
	}
	f := *v.slots
	f.stanzas = nil
	removed := false
	for _, s := range v.slots.stanzas {
		if s.args[0] == pivStanza && len(s.args) == 5 && s.args[3] == strconv.FormatUint(uint64(serial), 10) {
			removed = true
			continue
		}
		f.stanzas = append(f.stanzas, s)
	}
	v.slots = &f
	return removed
}

type yubiKeyKey struct {
	public *ecdh.PublicKey
	agree  func(peer *ecdh.PublicKey) ([]byte, error)
}

// YubiKeyKey is the key of a YubiKey way whose slot holds public: agree
// does ECDH on the card between the slot's key and peer and returns the
// shared secret (token/piv's Key.SharedKey, after the PIN). agree is
// called only when the vault has a way for this very public key, so no
// PIN is spent on a key the vault does not know.
func YubiKeyKey(public *ecdh.PublicKey, agree func(peer *ecdh.PublicKey) ([]byte, error)) Key {
	return yubiKeyKey{public, agree}
}

func (k yubiKeyKey) passphrase() string { return "" }

func (k yubiKeyKey) unwrap(f *slotFile) (*age.X25519Identity, error) {
	i := f.find(pivStanza, pivTag(k.public))
	if i < 0 {
		return nil, fmt.Errorf("%w: this YubiKey slot", ErrNoSuchWay)
	}
	s := f.stanzas[i]
	if len(s.args) != 5 {
		return nil, fmt.Errorf("%w: a YubiKey slot's line", ErrCorrupt)
	}
	point, err := base64.RawStdEncoding.Strict().DecodeString(s.args[2])
	if err != nil {
		return nil, fmt.Errorf("%w: a YubiKey slot's point", ErrCorrupt)
	}
	eph, err := decompressed(point)
	if err != nil {
		return nil, fmt.Errorf("%w: a YubiKey slot's point", ErrCorrupt)
	}
	shared, err := k.agree(eph)
	if err != nil {
		return nil, err
	}
	key, err := pivWrapKey(shared, eph, k.public)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	text, err := aead.Open(nil, make([]byte, aead.NonceSize()), s.body, nil)
	defer clear(text)
	if err != nil {
		return nil, ErrWrongKey
	}
	return parseIdentity(text)
}
