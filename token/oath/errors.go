package oath

import (
	"errors"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// The errors of a key as a whole live in token/smartcard, shared with
// token/piv; these are the same values, for callers of this package.
var (
	// ErrNoKey means no YubiKey (or none with the serial asked for) is
	// plugged in.
	ErrNoKey = smartcard.ErrNoKey
	// ErrMultipleKeys means several keys are plugged in and none was
	// named; the error is a *smartcard.MultipleKeysError with their serials.
	ErrMultipleKeys = smartcard.ErrMultipleKeys
	// ErrRemoved means the key was pulled out while it was in use.
	ErrRemoved = smartcard.ErrRemoved
)

// Errors callers tell apart.
var (
	ErrNoOATH           = errors.New("the card has no OATH application")
	ErrFull             = errors.New("the YubiKey has no room for another credential")
	ErrNameTaken        = errors.New("the YubiKey already holds a credential with this name")
	ErrWrongPassword    = errors.New("wrong OATH access password")
	ErrPasswordRequired = errors.New("the YubiKey's OATH application is protected by a password")
	ErrTouchTimeout     = errors.New("the YubiKey was not touched in time")
	ErrUnsupported      = errors.New("the YubiKey's OATH application cannot hold this seed")
	ErrNotFound         = errors.New("no such credential on the YubiKey")
	// ErrMismatch means the credential read back after writing is not the
	// one written; Store has deleted it again.
	ErrMismatch = errors.New("the YubiKey did not keep the credential as written")
)

// StatusError is a status word the card answered that has no sentinel.
type StatusError = smartcard.StatusError

// statusErr maps a status word to a sentinel where one fits.
func statusErr(ins byte, sw uint16) error {
	switch sw {
	case swNoSpace:
		return ErrFull
	case swAuthRequired:
		return ErrPasswordRequired
	case swConditionsNotMet:
		return ErrTouchTimeout
	case swNoSuchObject:
		if ins == insValidate {
			return ErrWrongPassword
		}
		return ErrNotFound
	}
	if ins == insValidate && sw == swWrongData {
		return ErrWrongPassword
	}
	return &StatusError{Ins: ins, SW: sw}
}
