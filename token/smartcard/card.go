package smartcard

import (
	"errors"
	"fmt"
)

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
