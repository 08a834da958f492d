package oath

import (
	"errors"
	"fmt"

	"github.com/twofoldmfa/twofold/token/piv"
)

// ErrNoKey means no YubiKey is plugged in (the same error as token/piv's).
var ErrNoKey = piv.ErrNoKey

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
	ErrRemoved          = errors.New("the YubiKey was pulled out")
	// ErrMismatch means the credential read back after writing is not the
	// one written; Store has deleted it again.
	ErrMismatch = errors.New("the YubiKey did not keep the credential as written")
)

// StatusError is a status word the card answered that has no sentinel.
type StatusError struct {
	Ins byte
	SW  uint16
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("OATH instruction %02x: status %04x", e.Ins, e.SW)
}

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
