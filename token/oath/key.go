package oath

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// Key is the OATH application of one plugged-in YubiKey, held (on PC/SC,
// in a transaction) until Close.
type Key struct {
	*Session
	Serial uint32
	close  func() error
}

// Opener opens the OATH application of a plugged-in key by serial (0:
// the only key plugged in). PCSC is the real one; package oathtest has
// virtual keys for tests.
type Opener interface {
	Open(ctx context.Context, serial uint32) (*Key, error)
}

// PCSC opens keys on the real smart card stack.
type PCSC struct{}

// Open is the package's Open.
func (PCSC) Open(ctx context.Context, serial uint32) (*Key, error) { return Open(ctx, serial) }

// NewKey selects the OATH application over t, a connection to the key
// with serial; close, when not nil, ends the connection when the Key is
// closed. Open does this on PC/SC; other transports (a test's virtual key)
// use it too.
func NewKey(t Transport, serial uint32, close func() error) (*Key, error) {
	s, err := Select(t)
	if err != nil {
		return nil, fmt.Errorf("YubiKey %d: %w", serial, err)
	}
	return &Key{Session: s, Serial: serial, close: close}, nil
}

// busyWait is how long Open waits for a key another program (or the key
// watcher of the app, through piv-go's exclusive connection) holds.
const busyWait = 3 * time.Second

// Open connects to the key with serial (0: the only key plugged in) and
// selects its OATH application. It reads each reader's serial over a
// shared connection of its own (smartcard.ReadSerial), so it needs no
// full reading of the keys; a key held by another connection is waited
// for, up to busyWait. Several keys and no serial is a
// *smartcard.MultipleKeysError naming them.
func Open(ctx context.Context, serial uint32) (*Key, error) {
	sc, err := smartcard.Establish()
	if err != nil {
		return nil, err
	}
	k, err := open(ctx, sc, serial)
	if err != nil {
		sc.Close()
		return nil, err
	}
	return k, nil
}

func open(ctx context.Context, sc *smartcard.Context, serial uint32) (*Key, error) {
	names, err := sc.Readers()
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, smartcard.ErrNoReader
	}
	states, err := sc.Status(names)
	if err != nil {
		return nil, err
	}
	var found *smartcard.Card
	var foundSerial uint32
	var serials []uint32
	var errs []error
	for _, r := range states {
		if !r.Present {
			continue
		}
		card, sn, err := connect(ctx, sc, r.Name)
		if err != nil {
			errs = append(errs, &smartcard.KeyError{Reader: r.Name, Err: err})
			continue
		}
		if serial != 0 && sn != serial {
			card.Close()
			continue
		}
		serials = append(serials, sn)
		if found != nil {
			card.Close() // only counted: several keys are an error
			continue
		}
		found, foundSerial = card, sn
		if serial != 0 {
			break
		}
	}
	switch {
	case len(serials) > 1:
		found.Close()
		slices.Sort(serials)
		return nil, &smartcard.MultipleKeysError{Serials: serials}
	case found != nil:
		// Leaving the application unlocked for the next program is not
		// wanted: Close resets the card.
		found.ResetOnClose()
		k, err := NewKey(found, foundSerial, func() error { return errors.Join(found.Close(), sc.Close()) })
		if err != nil {
			found.Close()
			return nil, err
		}
		return k, nil
	case len(errs) > 0:
		return nil, errors.Join(errs...)
	case serial != 0:
		return nil, &smartcard.NoSuchKeyError{Serial: serial}
	}
	return nil, smartcard.ErrNoKey
}

// connect opens reader, waiting while another connection holds it, and
// reads the key's serial.
func connect(ctx context.Context, sc *smartcard.Context, reader string) (*smartcard.Card, uint32, error) {
	deadline := time.Now().Add(busyWait)
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, 250*time.Millisecond) {
		card, err := sc.Connect(reader)
		if err == nil {
			sn, err := smartcard.ReadSerial(card)
			if err != nil {
				card.Close()
				return nil, 0, err
			}
			return card, sn, nil
		}
		if !errors.Is(err, smartcard.ErrBusy) || time.Now().After(deadline) {
			return nil, 0, err
		}
		select {
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		case <-time.After(pause):
		}
	}
}

// Close ends the connection (on PC/SC: ends the transaction, resets the
// card and releases the context).
func (k *Key) Close() error {
	if k.close == nil {
		return nil
	}
	return k.close()
}
