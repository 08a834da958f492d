package smartcard

import (
	"errors"
	"fmt"
)

// PC/SC return codes the callers tell apart (winscard.h, SCARD_E_* and SCARD_W_*).
const (
	CodeNoSmartcard       = 0x8010000C
	CodeSharingViolation  = 0x8010000B
	CodeReaderUnavailable = 0x80100017
	CodeNoService         = 0x8010001D
	CodeServiceStopped    = 0x8010001E
	CodeNoReaders         = 0x8010002E
	CodeUnknownReader     = 0x80100009
	CodeUnresponsiveCard  = 0x80100066
	CodeResetCard         = 0x80100068
	CodeRemovedCard       = 0x80100069
)

// ErrMute means the card answered less than a status word: it went
// away in the middle of a command (a key pulled out, as vpcd reports it).
var ErrMute = errors.New("the card gave no answer (pulled out?)")

// ErrUnsupported is returned on platforms without a PC/SC binding.
var ErrUnsupported = errors.New("smart cards are not supported on this platform")

// Error is a failed PC/SC call with its return code.
type Error struct {
	Op   string
	Code uint32
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: PC/SC error 0x%08x", e.Op, e.Code)
}

// Removed reports whether the code means the card went away or was reset
// under us (pulled out, or another program reset it).
func (e *Error) Removed() bool {
	switch e.Code {
	case CodeNoSmartcard, CodeRemovedCard, CodeResetCard, CodeReaderUnavailable, CodeUnknownReader, CodeUnresponsiveCard:
		return true
	}
	return false
}

// ReaderState is a reader as PC/SC reports it, without opening the card.
type ReaderState struct {
	Name    string
	Present bool   // a card is in the reader and answers
	Events  uint32 // the reader's event counter (high word of the event state)
	ATR     []byte
}

// Status words of ISO/IEC 7816-4 used for chaining.
const (
	swMoreData      = 0x61 // high byte: more response data, low byte says how much
	insGetResponse  = 0xC0
	maxChainedParts = 256
)

// Transmitter sends one APDU; *Card is one, tests may use a fake.
type Transmitter interface {
	Transmit(apdu []byte) ([]byte, uint16, error)
}

// Exchange sends apdu and, while the card answers 61xx, sends more (with its
// Le set to the announced length) to collect the rest of the response. A nil
// more means ISO GET RESPONSE; OATH uses its own SEND REMAINING. It returns
// the whole response data and the last status word; a status other than
// 9000 is not an error here.
func Exchange(k Transmitter, apdu, more []byte) ([]byte, uint16, error) {
	if more == nil {
		more = []byte{0x00, insGetResponse, 0x00, 0x00, 0x00}
	}
	data, sw, err := k.Transmit(apdu)
	if err != nil {
		return nil, 0, err
	}
	for i := 0; sw>>8 == swMoreData; i++ {
		if i == maxChainedParts {
			return nil, 0, fmt.Errorf("response chaining did not end after %d parts", maxChainedParts)
		}
		next := append([]byte(nil), more...)
		next[len(next)-1] = byte(sw)
		var part []byte
		part, sw, err = k.Transmit(next)
		if err != nil {
			return nil, 0, err
		}
		data = append(data, part...)
	}
	return data, sw, nil
}

var errEmptyAPDU = errors.New("empty APDU")
