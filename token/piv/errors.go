package piv

import (
	"errors"
	"fmt"
	"runtime"
)

// Errors a caller can act on; choose a message with errors.Is.
var (
	// ErrNoService means the PC/SC service (pcscd on Linux) is not running.
	ErrNoService = errors.New("the smart card service is not running (start pcscd)")
	// ErrNoReader means the service runs but sees no reader: no YubiKey
	// plugged in, or its smart card interface (CCID) is turned off.
	ErrNoReader = errors.New("no smart card reader found: plug in a YubiKey")
	// ErrNoKey means readers exist but none holds a YubiKey.
	ErrNoKey = errors.New("no YubiKey found: plug one in")
	// ErrMultipleKeys means one key was asked for and several are present.
	ErrMultipleKeys = errors.New("more than one YubiKey is plugged in: unplug all but one, or choose one by serial")
	// ErrRemoved means the key went away while it was being read.
	ErrRemoved = errors.New("the YubiKey was removed while it was being read: plug it back in and try again")
	// ErrNotYubiKey means the card answers but is not a YubiKey's PIV applet.
	ErrNotYubiKey = errors.New("the card is not a YubiKey")
	// ErrBusy means another program holds the key exclusively.
	ErrBusy = errors.New("the YubiKey is in use by another program")
)

// PC/SC return codes this package tells apart, from pcsc-lite's pcsclite.h
// (the same values as Windows' winerror.h, SCARD_*).
const (
	scardENoSmartcard       = 0x8010000C
	scardESharingViolation  = 0x8010000B
	scardEReaderUnavailable = 0x80100017
	scardENoService         = 0x8010001D
	scardEServiceStopped    = 0x8010001E
	scardENoReaders         = 0x8010002E
	scardEUnknownReader     = 0x80100009
	scardWUnresponsiveCard  = 0x80100066
	scardWResetCard         = 0x80100068
	scardWRemovedCard       = 0x80100069
)

// PCSCError is a failed PC/SC call with its return code.
type PCSCError struct {
	Op   string // the call, e.g. "SCardConnect"
	Code uint32
}

func (e *PCSCError) Error() string {
	if known := e.Unwrap(); known != nil {
		return fmt.Sprintf("%v (%s: 0x%08X)", known, e.Op, e.Code)
	}
	return fmt.Sprintf("%s: PC/SC error 0x%08X", e.Op, e.Code)
}

// Unwrap maps the return code to this package's sentinel errors.
func (e *PCSCError) Unwrap() error {
	switch e.Code {
	case scardENoService, scardEServiceStopped:
		if runtime.GOOS == "windows" {
			// Windows starts its Smart Card service when a reader is
			// plugged in and stops it when the last one goes: there,
			// "no service" means no reader.
			return ErrNoReader
		}
		return ErrNoService
	case scardENoReaders:
		return ErrNoReader
	case scardENoSmartcard, scardWRemovedCard, scardEReaderUnavailable, scardEUnknownReader, scardWResetCard, scardWUnresponsiveCard:
		return ErrRemoved
	case scardESharingViolation:
		return ErrBusy
	}
	return nil
}

// StatusError is a card's answer other than success (ISO/IEC 7816-4 status
// word), for an instruction.
type StatusError struct {
	Ins byte
	SW  uint16
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("card answered %04X to instruction %02X", e.SW, e.Ins)
}

// KeyError says which reader (and key, when its serial was read) an error
// came from.
type KeyError struct {
	Reader string
	Serial uint32 // 0 when not read yet
	Err    error
}

func (e *KeyError) Error() string {
	if e.Serial != 0 {
		return fmt.Sprintf("YubiKey %d: %v", e.Serial, e.Err)
	}
	return fmt.Sprintf("reader %q: %v", e.Reader, e.Err)
}

func (e *KeyError) Unwrap() error { return e.Err }
