package vyubikey

import "github.com/twofoldmfa/twofold/token/smartcard"

// Direct reaches a card in the same process, without PC/SC: it satisfies
// smartcard.Transmitter, so code written for a real key (token/oath's
// Session) runs against the virtual one in unit tests. A simulated
// removal (RemoveAfter) comes back as PC/SC's "card removed" error.
type Direct struct{ Card *Card }

// Transmit sends one APDU and splits off the status word.
func (d Direct) Transmit(apdu []byte) ([]byte, uint16, error) {
	resp, removed := d.Card.Transmit(apdu)
	if removed {
		d.Card.Reset() // plugged back in, it starts a fresh session
		return nil, 0, &smartcard.Error{Op: "SCardTransmit", Code: smartcard.CodeRemovedCard}
	}
	n := len(resp)
	return resp[:n-2], uint16(resp[n-2])<<8 | uint16(resp[n-1]), nil
}
