package oath

import (
	"context"
	"errors"
	"fmt"

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

// Open finds the key with serial (0: the only key plugged in) the way
// token/piv scans for keys, connects and selects OATH.
func Open(ctx context.Context, serial uint32) (*Key, error) {
	st, err := piv.NewScanner().One(ctx, serial)
	switch {
	case errors.Is(err, piv.ErrMultipleKeys):
		return nil, ErrMultipleKeys
	case err != nil:
		return nil, err
	}
	sc, err := smartcard.Establish()
	if err != nil {
		return nil, err
	}
	card, err := sc.Connect(st.Reader)
	if err != nil {
		sc.Close()
		return nil, fmt.Errorf("YubiKey %d: %w", st.Serial, err)
	}
	// Leaving the card unlocked for the next program is not wanted.
	card.ResetOnClose()
	s, err := Select(card)
	if err != nil {
		card.Close()
		sc.Close()
		return nil, fmt.Errorf("YubiKey %d: %w", st.Serial, err)
	}
	return &Key{Session: s, Serial: st.Serial, ctx: sc, card: card}, nil
}

// Close ends the transaction, resets the card and releases the context.
func (k *Key) Close() error {
	err := k.card.Close()
	return errors.Join(err, k.ctx.Close())
}
