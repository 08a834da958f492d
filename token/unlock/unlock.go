// Package unlock finds the ways into a vault that this machine offers
// now, for the front ends: the key the desktop keyring keeps for the
// vault, and an enrolled YubiKey plugged in. It returns vault.Keys and
// typed errors; the command line and the app word them, ask for the PIN
// and announce a touch.
package unlock

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"errors"
	"fmt"
	"strconv"

	"github.com/twofoldmfa/twofold/token/keyring"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/smartcard"
	"github.com/twofoldmfa/twofold/token/vault"
)

// ErrNoWay is returned when the vault has no way of the kind asked for.
var ErrNoWay = errors.New("the vault has no such way in")

// Keyring returns the key of the vault's keyring way, read from store
// and checked against the vault at path (its slot unwrapped, the contents
// not decrypted). Errors: ErrNoWay, keyring.ErrNotFound (the entry was
// deleted), keyring.ErrNotAKey, keyring.ErrUnavailable, vault.ErrWrongKey
// (the entry holds another key).
func Keyring(store keyring.Store, path string, ways []vault.Way) (vault.Key, error) {
	for _, w := range ways {
		if w.Kind != vault.WayKeyring {
			continue
		}
		secret, err := store.Get(w.Item)
		if err != nil {
			return nil, err
		}
		key := vault.KeyringKey(w.Item, secret)
		if err := vault.CheckKey(path, key); err != nil {
			return nil, err
		}
		return key, nil
	}
	return nil, ErrNoWay
}

// YubiKey is an enrolled YubiKey, plugged in, whose slot holds the key
// the vault's way names. It holds the key open until Close.
type YubiKey struct {
	Serial uint32
	Slot   piv.RetiredSlot
	// Touch is set when the slot asks for a touch on each use.
	Touch bool
	key   *piv.Key
	ak    piv.AgreementKey
	pub   *ecdh.PublicKey
	// peer and secret keep the last agreement, so that a check and the
	// open after it ask the card once.
	peer, secret []byte
}

// NotPlugged tells the errors of a key that is simply not there (or no
// smart card service at all).
func NotPlugged(err error) bool {
	var none *smartcard.NoSuchKeyError
	return errors.As(err, &none) || errors.Is(err, piv.ErrNoReader) || errors.Is(err, piv.ErrNoKey) || errors.Is(err, piv.ErrNoService)
}

// OpenYubiKey opens the key of the YubiKey way w. Without asking for a
// PIN it checks that the slot holds the enrolled key: otherwise the error
// is piv.ErrSlotMismatch (a key with the same serial, or a slot made
// again). A key not plugged in is an error NotPlugged tells.
func OpenYubiKey(ctx context.Context, w vault.Way) (*YubiKey, error) {
	if w.Kind != vault.WayYubiKey {
		return nil, ErrNoWay
	}
	n, err := strconv.ParseUint(w.Slot, 16, 8)
	if err != nil || !piv.RetiredSlot(n).Valid() {
		return nil, fmt.Errorf("slot %q: %w", w.Slot, piv.ErrNotRetiredSlot)
	}
	k, err := piv.OpenKey(ctx, w.Serial)
	if err != nil {
		return nil, err
	}
	ak, err := k.Agreement(piv.RetiredSlot(n))
	if err != nil {
		k.Close()
		return nil, err
	}
	y, err := Enrolling(k, ak)
	if err != nil {
		k.Close()
		return nil, err
	}
	if vault.YubiKeyTag(y.pub) != w.Tag {
		k.Close()
		return nil, fmt.Errorf("YubiKey %d slot %s: %w", w.Serial, ak.Slot, piv.ErrSlotMismatch)
	}
	return y, nil
}

// Enrolling is the YubiKey of a slot being enrolled: k is open, ak its
// slot's key. Close closes k.
func Enrolling(k *piv.Key, ak piv.AgreementKey) (*YubiKey, error) {
	pub, err := ak.PublicKey.ECDH()
	if err != nil {
		return nil, err
	}
	return &YubiKey{Serial: k.Serial, Slot: ak.Slot, Touch: ak.TouchPolicy != "never", key: k, ak: ak, pub: pub}, nil
}

// Way is what the vault records of this key (vault.AddYubiKey).
func (y *YubiKey) Way() vault.YubiKeyWay {
	return vault.YubiKeyWay{Serial: y.Serial, Slot: byte(y.Slot), Public: y.pub}
}

// PINRetries are the PIN's tries left and most, from the key's metadata
// (nothing is spent).
func (y *YubiKey) PINRetries() (left, most int, err error) { return y.key.PINRetries() }

// Key is the vault.Key of this YubiKey: pin is called with the tries left
// when the slot asks for the PIN, touch (when not nil) before an
// agreement the slot wants a touch for. A wrong PIN is a
// *piv.WrongPINError with the tries left after it; piv.ErrPINBlocked
// when none is left (no PIN is sent).
func (y *YubiKey) Key(pin func(triesLeft int) (string, error), touch func()) vault.Key {
	return vault.YubiKeyKey(y.pub, func(peer *ecdh.PublicKey) ([]byte, error) {
		if y.secret != nil && bytes.Equal(peer.Bytes(), y.peer) {
			return y.secret, nil
		}
		if y.Touch && touch != nil {
			touch()
		}
		s, err := y.key.SharedKey(y.ak, peer, pin)
		if err != nil {
			return nil, err
		}
		y.peer, y.secret = peer.Bytes(), s
		return s, nil
	})
}

// Close ends the connection to the key. The Keys made by Key keep the
// last shared secret, so that a key checked (vault.CheckKey) and closed
// still opens the same file; the secret opens that one slot only, as the
// vault's identity, also in memory, does.
func (y *YubiKey) Close() error { return y.key.Close() }
