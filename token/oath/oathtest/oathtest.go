// Package oathtest has virtual YubiKeys (internal/vyubikey) for the tests
// of both front ends: Keys is an oath.Opener that opens their OATH
// applications in process, through token/oath's own protocol code, as
// oath.PCSC opens real keys through pcscd. It keeps to what a real key
// does: one connection to a key at a time, several keys and no serial an
// error naming them, a fresh session on every connection.
package oathtest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/smartcard"
)

// Keys is a set of plugged-in virtual keys.
type Keys struct {
	mu    sync.Mutex
	cards map[uint32]*key
}

type key struct {
	card *vyubikey.Card
	held sync.Mutex // a connection holds the key, as a PC/SC transaction does
}

// New plugs in a virtual key for each config (firmware 5.4.3 unless the
// config says otherwise).
func New(t testing.TB, cfgs ...vyubikey.Config) *Keys {
	t.Helper()
	k := &Keys{cards: map[uint32]*key{}}
	for _, cfg := range cfgs {
		card, err := vyubikey.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		k.cards[cfg.Serial] = &key{card: card}
	}
	return k
}

// Card is the virtual key with serial, to read or change it behind
// Twofold's back as Yubico's tools would; nil if none.
func (k *Keys) Card(serial uint32) *vyubikey.Card {
	k.mu.Lock()
	defer k.mu.Unlock()
	if c := k.cards[serial]; c != nil {
		return c.card
	}
	return nil
}

// Pull unplugs the key with serial.
func (k *Keys) Pull(serial uint32) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.cards, serial)
}

// busyWait is how long Open waits for another connection to the key, as
// oath.Open does.
const busyWait = 3 * time.Second

// Open implements oath.Opener.
func (k *Keys) Open(ctx context.Context, serial uint32) (*oath.Key, error) {
	c, sn, err := k.pick(serial)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(busyWait)
	for !c.held.TryLock() {
		if time.Now().After(deadline) {
			return nil, &smartcard.Error{Op: "SCardConnect", Code: smartcard.CodeSharingViolation}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	c.card.Reset() // a new connection starts a new session
	ok, err := oath.NewKey(vyubikey.Direct{Card: c.card}, sn, func() error {
		c.card.Reset() // oath.Open's keys reset the card on close
		c.held.Unlock()
		return nil
	})
	if err != nil {
		c.held.Unlock()
		return nil, err
	}
	return ok, nil
}

func (k *Keys) pick(serial uint32) (*key, uint32, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if serial != 0 {
		c := k.cards[serial]
		if c == nil {
			return nil, 0, &smartcard.NoSuchKeyError{Serial: serial}
		}
		return c, serial, nil
	}
	switch len(k.cards) {
	case 0:
		return nil, 0, smartcard.ErrNoKey
	case 1:
		for sn, c := range k.cards {
			return c, sn, nil
		}
	}
	many := &smartcard.MultipleKeysError{}
	for sn := range k.cards {
		many.Serials = append(many.Serials, sn)
	}
	slices.Sort(many.Serials)
	return nil, 0, many
}

var _ oath.Opener = (*Keys)(nil)
