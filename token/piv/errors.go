package piv

import "github.com/twofoldmfa/twofold/token/smartcard"

// The errors of a key as a whole (no service, no key, pulled out, ...)
// live in token/smartcard, shared with token/oath. These are the same
// values, so that callers of this package need not import it; choose a
// message with errors.Is and errors.As.
var (
	ErrNoService    = smartcard.ErrNoService
	ErrNoReader     = smartcard.ErrNoReader
	ErrNoKey        = smartcard.ErrNoKey
	ErrMultipleKeys = smartcard.ErrMultipleKeys
	ErrRemoved      = smartcard.ErrRemoved
	ErrNotYubiKey   = smartcard.ErrNotYubiKey
	ErrBusy         = smartcard.ErrBusy
)

type (
	// KeyError says which reader and key an error came from.
	KeyError = smartcard.KeyError
	// StatusError is a status word the card answered.
	StatusError = smartcard.StatusError
	// MultipleKeysError names the keys present when one was wanted.
	MultipleKeysError = smartcard.MultipleKeysError
)
