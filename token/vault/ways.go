package vault

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strconv"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// A Key is what opens a vault: its passphrase (Passphrase), a key kept
// in the desktop keyring (KeyringKey), or a YubiKey (YubiKeyKey).
type Key interface {
	// unwrap returns the identity f's slot for this key holds.
	unwrap(f *slotFile) (*age.X25519Identity, error)
	// passphrase is the passphrase, or "" for a key that is not one.
	passphrase() string
}

type passphraseKey string

// Passphrase is the key of a vault's passphrase.
func Passphrase(p string) Key { return passphraseKey(p) }

func (p passphraseKey) passphrase() string { return string(p) }

func (p passphraseKey) unwrap(f *slotFile) (*age.X25519Identity, error) {
	return f.openPassphraseSlot(string(p))
}

// Way kinds, as Way.Kind.
const (
	WayPassphrase = "passphrase"
	WayKeyring    = "keyring"
	WayYubiKey    = "yubikey"
)

// Way is one way into a vault, as the file says it in the clear.
type Way struct {
	Kind string `json:"kind"`
	// Item names the keyring entry of a keyring way.
	Item string `json:"item,omitempty"`
	// Serial, Slot (hex, "82") and Tag (of the slot's public key) name
	// the key of a YubiKey way.
	Serial uint32 `json:"serial,omitempty"`
	Slot   string `json:"slot,omitempty"`
	Tag    string `json:"tag,omitempty"`
}

// Ways are the ways into the vault: the passphrase first.
func (v *Vault) Ways() []Way { return waysOf(v.slots) }

func waysOf(f *slotFile) []Way {
	ways := []Way{{Kind: WayPassphrase}}
	if f == nil {
		return ways
	}
	for _, s := range f.stanzas {
		switch s.args[0] {
		case WayKeyring:
			ways = append(ways, Way{Kind: WayKeyring, Item: s.args[1]})
		case pivStanza:
			if len(s.args) == 5 {
				serial, _ := strconv.ParseUint(s.args[3], 10, 32)
				ways = append(ways, Way{Kind: WayYubiKey, Serial: uint32(serial), Slot: s.args[4], Tag: s.args[1]})
			}
		}
	}
	return ways
}

// ReadWays reads the ways into the vault at path without opening it, so
// that a front end can offer them before asking for anything.
func ReadWays(path string) ([]Way, error) {
	raw, err := readVault(resolveSymlinks(path))
	if err != nil {
		return nil, err
	}
	if !hasSlots(raw) {
		if _, err := checkedWorkFactor(raw); err != nil {
			return nil, err
		}
		return waysOf(nil), nil
	}
	f, _, err := parseSlots(raw)
	if err != nil {
		return nil, err
	}
	return waysOf(f), nil
}

// CheckKey reports whether key opens the vault at path, unwrapping its
// slot without decrypting the contents: for a key that may have gone
// stale (a keyring entry replaced), before a command relies on it.
func CheckKey(path string, key Key) error {
	raw, err := readVault(resolveSymlinks(path))
	if err != nil {
		return err
	}
	if !hasSlots(raw) {
		return ErrNoSuchWay
	}
	f, _, err := parseSlots(raw)
	if err != nil {
		return err
	}
	_, err = key.unwrap(f)
	return err
}

// ensureSlots turns a vault that is a plain passphrase file into one with
// slots: a new identity, wrapped under the passphrase at the vault's
// work factor. It needs the passphrase, which a plain vault was opened with.
func (v *Vault) ensureSlots() error {
	if v.slots != nil {
		return nil
	}
	if v.passphrase == "" {
		return ErrPassphraseNeeded
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return fmt.Errorf("making the vault's key: %w", err)
	}
	block, err := newPassphraseSlot(id, v.passphrase, v.workFactor)
	if err != nil {
		return err
	}
	v.slots = &slotFile{passphrase: block, workFactor: v.workFactor}
	v.identity = id
	return nil
}

// KeyringSecretSize is the size of the random key a keyring way keeps in
// the keyring.
const KeyringSecretSize = chacha20poly1305.KeySize

var keyringItem = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

type keyringKey struct {
	item   string
	secret []byte
}

// KeyringKey is the key of the keyring way whose entry is item, holding
// secret (KeyringSecretSize random bytes).
func KeyringKey(item string, secret []byte) Key { return keyringKey{item, secret} }

func (k keyringKey) passphrase() string { return "" }

func (k keyringKey) unwrap(f *slotFile) (*age.X25519Identity, error) {
	i := f.find(WayKeyring, k.item)
	if i < 0 {
		return nil, fmt.Errorf("%w: keyring entry %s", ErrNoSuchWay, k.item)
	}
	aead, err := chacha20poly1305.New(k.secret)
	if err != nil {
		return nil, fmt.Errorf("%w: the keyring holds %d bytes, not a key", ErrWrongKey, len(k.secret))
	}
	body := f.stanzas[i].body
	if len(body) < aead.NonceSize() {
		return nil, fmt.Errorf("%w: keyring slot too short", ErrCorrupt)
	}
	text, err := aead.Open(nil, body[:aead.NonceSize()], body[aead.NonceSize():], []byte(WayKeyring+" "+k.item))
	defer clear(text)
	if err != nil {
		return nil, ErrWrongKey
	}
	return parseIdentity(text)
}

// AddKeyring adds a keyring way whose entry item holds secret, in place
// of any keyring way the vault had; the next save writes it. A vault
// that is still a plain passphrase file gets its slots here, which
// needs the vault opened with its passphrase (ErrPassphraseNeeded).
func (v *Vault) AddKeyring(item string, secret []byte) error {
	if !keyringItem.MatchString(item) {
		return fmt.Errorf("keyring entry name %q: lowercase letters, digits and dashes only", item)
	}
	if len(secret) != KeyringSecretSize {
		return fmt.Errorf("a keyring key is %d bytes, not %d", KeyringSecretSize, len(secret))
	}
	if err := v.ensureSlots(); err != nil {
		return err
	}
	aead, err := chacha20poly1305.New(secret)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	body := aead.Seal(nonce, nonce, []byte(v.identity.String()), []byte(WayKeyring+" "+item))
	v.removeStanzas(WayKeyring)
	v.slots.stanzas = append(v.slots.stanzas, stanza{args: []string{WayKeyring, item}, body: body})
	return nil
}

// RemoveKeyring removes the keyring way and returns its entry's name;
// the next save writes the vault without it, and replaces PATH.bak too,
// so that no file left beside the vault opens with the removed way.
func (v *Vault) RemoveKeyring() (string, error) {
	if v.slots == nil || v.slots.find(WayKeyring, "") < 0 {
		return "", ErrNoSuchWay
	}
	item := v.slots.stanzas[v.slots.find(WayKeyring, "")].args[1]
	v.removeStanzas(WayKeyring)
	v.rekeyBackup = true
	return item, nil
}

// removeStanzas drops the slots of type typ, in a new slotFile so that a
// sealer holding the old one is unaffected.
func (v *Vault) removeStanzas(typ string) {
	f := *v.slots
	f.stanzas = nil
	for _, s := range v.slots.stanzas {
		if s.args[0] != typ {
			f.stanzas = append(f.stanzas, s)
		}
	}
	v.slots = &f
}

// Opens reports whether key opens the vault as it is in memory: a way
// just added, tried before it is saved.
func (v *Vault) Opens(key Key) error {
	if v.slots == nil {
		return ErrNoSuchWay
	}
	id, err := key.unwrap(v.slots)
	if err != nil {
		return err
	}
	if id.String() != v.identity.String() {
		return ErrWrongKey
	}
	return nil
}
