package oath

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/smartcard"
)

// ErrMultipleKeys means several keys are plugged in and none was named.
var ErrMultipleKeys = errors.New("more than one YubiKey is plugged in: name one with --key SERIAL")

// Key is the OATH application of one plugged-in YubiKey, held in a PC/SC
// transaction until Close.
type Key struct {
	*Session
	Serial uint32
	ctx    *smartcard.Context
	card   *smartcard.Card
}

// busyWait is how long Open waits for a key another program (or the key
// watcher of the app, through piv-go's exclusive connection) holds.
const busyWait = 3 * time.Second

// Serial numbers, read without a PIN (Yubico's PIV extensions: GET SERIAL
// on firmware 5; the OTP application's serial slot before that).
var (
	aidPIV        = []byte{0xA0, 0x00, 0x00, 0x03, 0x08}
	aidOTP        = []byte{0xA0, 0x00, 0x00, 0x05, 0x27, 0x20, 0x01, 0x01}
	apduSerial    = []byte{0x00, 0xF8, 0x00, 0x00}
	apduOTPSerial = []byte{0x00, 0x01, 0x10, 0x00}
)

// Open connects to the key with serial (0: the only key plugged in) and
// selects its OATH application. It reads each reader's serial over a
// shared connection of its own (SELECT PIV, GET SERIAL), so it needs no
// full reading of the keys; a key held by another connection is waited
// for, up to busyWait.
func Open(ctx context.Context, serial uint32) (*Key, error) {
	sc, err := smartcard.Establish()
	if err != nil {
		return nil, pcscError(err)
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
		return nil, pcscError(err)
	}
	if len(names) == 0 {
		return nil, piv.ErrNoReader
	}
	states, err := sc.Status(names)
	if err != nil {
		return nil, pcscError(err)
	}
	var found *Key
	var errs []error
	for _, r := range states {
		if !r.Present {
			continue
		}
		card, sn, err := connect(ctx, sc, r.Name)
		if err != nil {
			errs = append(errs, &piv.KeyError{Reader: r.Name, Err: err})
			continue
		}
		if serial != 0 && sn != serial {
			card.Close()
			continue
		}
		if found != nil {
			card.Close()
			found.card.Close()
			return nil, ErrMultipleKeys
		}
		// Leaving the application unlocked for the next program is not
		// wanted: Close resets the card.
		card.ResetOnClose()
		s, err := Select(card)
		if err != nil {
			card.Close()
			return nil, fmt.Errorf("YubiKey %d: %w", sn, err)
		}
		found = &Key{Session: s, Serial: sn, ctx: sc, card: card}
		if serial != 0 {
			break
		}
	}
	switch {
	case found != nil:
		return found, nil
	case len(errs) > 0:
		return nil, errors.Join(errs...)
	case serial != 0:
		return nil, fmt.Errorf("YubiKey %d: %w", serial, piv.ErrNoKey)
	}
	return nil, piv.ErrNoKey
}

// connect opens reader, waiting while another connection holds it, and
// reads the key's serial.
func connect(ctx context.Context, sc *smartcard.Context, reader string) (*smartcard.Card, uint32, error) {
	deadline := time.Now().Add(busyWait)
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, 250*time.Millisecond) {
		card, err := sc.Connect(reader)
		if err == nil {
			sn, err := readSerial(card)
			if err != nil {
				card.Close()
				return nil, 0, err
			}
			return card, sn, nil
		}
		var se *smartcard.Error
		if !errors.As(err, &se) || se.Code != smartcard.CodeSharingViolation || time.Now().After(deadline) {
			return nil, 0, pcscError(err)
		}
		select {
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		case <-time.After(pause):
		}
	}
}

// readSerial asks PIV for the serial, and the OTP application on
// firmware before 5.
func readSerial(card *smartcard.Card) (uint32, error) {
	try := func(aid, apdu []byte) (uint32, bool, error) {
		sel := append([]byte{0x00, insSelect, 0x04, 0x00, byte(len(aid))}, aid...)
		if _, sw, err := smartcard.Exchange(card, sel, nil); err != nil || sw != swOK {
			return 0, false, pcscError(err)
		}
		b, sw, err := smartcard.Exchange(card, apdu, nil)
		if err != nil || sw != swOK || len(b) != 4 {
			return 0, false, pcscError(err)
		}
		return binary.BigEndian.Uint32(b), true, nil
	}
	if sn, ok, err := try(aidPIV, apduSerial); ok || err != nil {
		return sn, err
	}
	if sn, ok, err := try(aidOTP, apduOTPSerial); ok || err != nil {
		return sn, err
	}
	return 0, piv.ErrNotYubiKey
}

// pcscError turns a smartcard error into token/piv's *PCSCError, which
// unwraps to the sentinels callers choose their words by (piv.ErrNoService,
// piv.ErrBusy, ...).
func pcscError(err error) error {
	var se *smartcard.Error
	if errors.As(err, &se) {
		return &piv.PCSCError{Op: se.Op, Code: se.Code}
	}
	return err
}

// Close ends the transaction, resets the card and releases the context.
func (k *Key) Close() error {
	err := k.card.Close()
	return errors.Join(err, k.ctx.Close())
}
