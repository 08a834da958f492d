package smartcard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// Errors a caller can act on, for every application on the key (PIV,
// OATH); choose a message with errors.Is. Their text is the command
// line's default wording; the app words them itself.
var (
	// ErrNoService means the PC/SC service (pcscd on Linux) is not running.
	ErrNoService = errors.New("the smart card service is not running (start pcscd)")
	// ErrNoReader means the service runs but sees no reader: no YubiKey
	// plugged in, or its smart card interface (CCID) is turned off.
	ErrNoReader = errors.New("no smart card reader found: plug in a YubiKey")
	// ErrNoKey means readers exist but none holds a YubiKey (or none with
	// the serial asked for).
	ErrNoKey = errors.New("no YubiKey found: plug one in")
	// ErrMultipleKeys means one key was wanted and several are present;
	// the error is a *MultipleKeysError, which names them.
	ErrMultipleKeys = errors.New("more than one YubiKey is plugged in")
	// ErrRemoved means the key went away, or was reset by another
	// program, while it was in use.
	ErrRemoved = errors.New("the YubiKey was removed while it was in use")
	// ErrNotYubiKey means the card answers but is not a YubiKey.
	ErrNotYubiKey = errors.New("the card is not a YubiKey")
	// ErrBusy means another program holds the key exclusively.
	ErrBusy = errors.New("the YubiKey is in use by another program")
	// ErrUnsupported is returned on platforms without a PC/SC binding.
	ErrUnsupported = errors.New("smart cards are not supported on this platform")
)

// ErrMute means the card answered less than a status word: it went away
// in the middle of a command (a key pulled out, as vpcd reports it). It
// is an ErrRemoved.
var ErrMute = fmt.Errorf("the card gave no answer: %w", ErrRemoved)

// PC/SC return codes the callers tell apart, from pcsc-lite's pcsclite.h
// (the same values as Windows' winerror.h, SCARD_E_* and SCARD_W_*).
const (
	CodeUnknownReader     = 0x80100009
	CodeSharingViolation  = 0x8010000B
	CodeNoSmartcard       = 0x8010000C
	CodeReaderUnavailable = 0x80100017
	CodeNoService         = 0x8010001D
	CodeServiceStopped    = 0x8010001E
	CodeNoReaders         = 0x8010002E
	CodeUnresponsiveCard  = 0x80100066
	CodeResetCard         = 0x80100068
	CodeRemovedCard       = 0x80100069
)

// Error is a failed PC/SC call with its return code. It unwraps to the
// sentinel the code means, if any.
type Error struct {
	Op   string // the call, e.g. "SCardConnect"
	Code uint32
}

func (e *Error) Error() string {
	if known := e.Unwrap(); known != nil {
		return fmt.Sprintf("%v (%s: 0x%08X)", known, e.Op, e.Code)
	}
	return fmt.Sprintf("%s: PC/SC error 0x%08X", e.Op, e.Code)
}

// Unwrap maps the return code to a sentinel error.
func (e *Error) Unwrap() error {
	switch e.Code {
	case CodeNoService, CodeServiceStopped:
		if runtime.GOOS == "windows" {
			// Windows starts its Smart Card service when a reader is
			// plugged in and stops it when the last one goes: there,
			// "no service" means no reader.
			return ErrNoReader
		}
		return ErrNoService
	case CodeNoReaders:
		return ErrNoReader
	case CodeNoSmartcard, CodeRemovedCard, CodeReaderUnavailable, CodeUnknownReader, CodeResetCard, CodeUnresponsiveCard:
		return ErrRemoved
	case CodeSharingViolation:
		return ErrBusy
	}
	return nil
}

// StatusError is a card's answer other than success (an ISO/IEC 7816-4
// status word) to an instruction, where no sentinel fits.
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

// MultipleKeysError is ErrMultipleKeys with the serials of the keys
// present, so that a front end can offer them.
type MultipleKeysError struct {
	Serials []uint32 // ascending
}

func (e *MultipleKeysError) Error() string {
	s := make([]string, len(e.Serials))
	for i, n := range e.Serials {
		s[i] = strconv.FormatUint(uint64(n), 10)
	}
	return fmt.Sprintf("%v (%s)", ErrMultipleKeys, strings.Join(s, ", "))
}

// Is makes errors.Is(err, ErrMultipleKeys) hold.
func (e *MultipleKeysError) Is(target error) bool { return target == ErrMultipleKeys }

// NoSuchKeyError is ErrNoKey for a key asked for by serial.
type NoSuchKeyError struct{ Serial uint32 }

func (e *NoSuchKeyError) Error() string { return fmt.Sprintf("YubiKey %d: %v", e.Serial, ErrNoKey) }

// Is makes errors.Is(err, ErrNoKey) hold.
func (e *NoSuchKeyError) Is(target error) bool { return target == ErrNoKey }

// Serial reading, without a PIN (Yubico's PIV extensions: GET SERIAL on
// firmware 5; the OTP application's serial before that, as ykman reads
// it).
var (
	aidPIV        = []byte{0xA0, 0x00, 0x00, 0x03, 0x08}
	aidOTP        = []byte{0xA0, 0x00, 0x00, 0x05, 0x27, 0x20, 0x01, 0x01}
	apduSerial    = []byte{0x00, 0xF8, 0x00, 0x00}
	apduOTPSerial = []byte{0x00, 0x01, 0x10, 0x00}
)

const (
	insSelect = 0xA4
	swOK      = 0x9000
)

// ReadSerial reads a YubiKey's serial: PIV's GET SERIAL, else the OTP
// application's. It leaves whichever application it selected last
// selected. A card that answers neither is ErrNotYubiKey.
func ReadSerial(k Transmitter) (uint32, error) {
	try := func(aid, apdu []byte) (uint32, bool, error) {
		sel := append([]byte{0x00, insSelect, 0x04, 0x00, byte(len(aid))}, aid...)
		if _, sw, err := Exchange(k, sel, nil); err != nil || sw != swOK {
			return 0, false, err
		}
		b, sw, err := Exchange(k, apdu, nil)
		if err != nil || sw != swOK || len(b) != 4 {
			return 0, false, err
		}
		return binary.BigEndian.Uint32(b), true, nil
	}
	if sn, ok, err := try(aidPIV, apduSerial); ok || err != nil {
		return sn, err
	}
	if sn, ok, err := try(aidOTP, apduOTPSerial); ok || err != nil {
		return sn, err
	}
	return 0, ErrNotYubiKey
}
