package piv

// The PC/SC calls piv-go does not offer: telling an empty reader from a
// present key without opening it, reading the reader's event counter
// cheaply, and sending the few APDUs piv-go has no call for (serial, PIN,
// PUK and management key metadata). They go through package smartcard,
// which works on Linux, macOS and Windows; its errors unwrap to the
// sentinels callers test for.

import "github.com/twofoldmfa/twofold/token/smartcard"

type scContext struct{ c *smartcard.Context }

func newContext() (*scContext, error) {
	c, err := smartcard.Establish()
	if err != nil {
		return nil, err
	}
	return &scContext{c: c}, nil
}

func (c *scContext) Close() error { return c.c.Close() }

// readers lists reader names; none is not an error here.
func (c *scContext) readers() ([]string, error) { return c.c.Readers() }

// status reads each reader's state without waiting.
func (c *scContext) status(names []string) ([]ReaderStatus, error) {
	states, err := c.c.Status(names)
	if err != nil {
		return nil, err
	}
	out := make([]ReaderStatus, len(states))
	for i, s := range states {
		out[i] = ReaderStatus{Name: s.Name, Present: s.Present, Events: s.Events, ATR: s.ATR}
	}
	return out, nil
}

type scCard struct {
	k *smartcard.Card
	// reset asks Close to reset the card, dropping any authentication
	// this connection left behind.
	reset bool
}

// connect opens a shared T=1 connection holding a transaction.
func (c *scContext) connect(reader string) (*scCard, error) {
	k, err := c.c.Connect(reader)
	if err != nil {
		return nil, err
	}
	return &scCard{k: k}, nil
}

func (k *scCard) Close() error {
	if k.reset {
		k.k.ResetOnClose()
	}
	return k.k.Close()
}

// transmit sends one short APDU and returns the data and status word.
func (k *scCard) transmit(apdu []byte) ([]byte, uint16, error) { return k.k.Transmit(apdu) }
