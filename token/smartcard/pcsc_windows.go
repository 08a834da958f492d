//go:build windows

package smartcard

// winscard.dll called without cgo. Every handle and DWORD argument is passed
// as a uintptr; DWORD is 32 bits on Windows, SCARDCONTEXT and SCARDHANDLE
// are pointer-sized. The wide-character (W) entry points take UTF-16 names.

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	winscard             = windows.NewLazySystemDLL("winscard.dll")
	procEstablishContext = winscard.NewProc("SCardEstablishContext")
	procReleaseContext   = winscard.NewProc("SCardReleaseContext")
	procListReaders      = winscard.NewProc("SCardListReadersW")
	procGetStatusChange  = winscard.NewProc("SCardGetStatusChangeW")
	procConnect          = winscard.NewProc("SCardConnectW")
	procDisconnect       = winscard.NewProc("SCardDisconnect")
	procBeginTransaction = winscard.NewProc("SCardBeginTransaction")
	procEndTransaction   = winscard.NewProc("SCardEndTransaction")
	procTransmit         = winscard.NewProc("SCardTransmit")
)

// Constants from Microsoft's winscard.h / winsmcrd.h.
const (
	scopeSystem       = 2
	shareShared       = 2
	protocolT1        = 2
	leaveCard         = 0
	resetCard         = 1
	stateUnaware      = 0x0000
	statePresent      = 0x0020
	stateMute         = 0x0200
	maxATR            = 36
	maxExtendedBuffer = 4 + 3 + (1 << 16) + 3 + 2
)

// readerStateW is SCARD_READERSTATEW.
type readerStateW struct {
	reader       *uint16
	userData     uintptr
	currentState uint32
	eventState   uint32
	atrLen       uint32
	atr          [maxATR]byte
}

// ioRequest is SCARD_IO_REQUEST.
type ioRequest struct {
	protocol uint32
	length   uint32
}

var pciT1 = ioRequest{protocol: protocolT1, length: uint32(unsafe.Sizeof(ioRequest{}))}

// call calls p and turns a return code other than SCARD_S_SUCCESS into an
// *Error. Callers convert pointers to uintptr in the call expression;
// go:uintptrescapes (as on LazyProc.Call itself) then moves what they
// point to onto the heap and keeps it alive until the call returns, which
// a plain wrapper would not: a stack that grows meanwhile would leave the
// DLL writing through a stale address.
//
//go:uintptrescapes
func call(op string, p *windows.LazyProc, args ...uintptr) error {
	if err := p.Find(); err != nil {
		return fmt.Errorf("%s: winscard.dll: %w", op, err)
	}
	rc, _, _ := p.Call(args...)
	if uint32(rc) == 0 {
		return nil
	}
	return &Error{Op: op, Code: uint32(rc)}
}

// Context is an open PC/SC context.
type Context struct{ h uintptr }

// Establish opens a PC/SC context.
func Establish() (*Context, error) {
	var h uintptr
	if err := call("SCardEstablishContext", procEstablishContext, scopeSystem, 0, 0, uintptr(unsafe.Pointer(&h))); err != nil {
		return nil, err
	}
	return &Context{h: h}, nil
}

// Close releases the context.
func (c *Context) Close() error {
	return call("SCardReleaseContext", procReleaseContext, c.h)
}

// Readers lists reader names; none is not an error.
func (c *Context) Readers() ([]string, error) {
	var n uint32
	err := call("SCardListReadersW", procListReaders, c.h, 0, 0, uintptr(unsafe.Pointer(&n)))
	if noReaders(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	buf := make([]uint16, n)
	err = call("SCardListReadersW", procListReaders, c.h, 0, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)))
	if noReaders(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	start := 0
	for i := 0; i < int(n) && i < len(buf); i++ {
		if buf[i] != 0 {
			continue
		}
		if i > start {
			names = append(names, windows.UTF16ToString(buf[start:i]))
		}
		start = i + 1
	}
	return names, nil
}

func noReaders(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Code == CodeNoReaders
}

// Status reads each reader's state without waiting.
func (c *Context) Status(names []string) ([]ReaderState, error) {
	if len(names) == 0 {
		return nil, nil
	}
	states := make([]readerStateW, len(names))
	for i, name := range names {
		p, err := windows.UTF16PtrFromString(name)
		if err != nil {
			return nil, &Error{Op: "SCardGetStatusChangeW", Code: CodeUnknownReader}
		}
		states[i].reader = p
		states[i].currentState = stateUnaware
	}
	if err := call("SCardGetStatusChangeW", procGetStatusChange, c.h, 0, uintptr(unsafe.Pointer(&states[0])), uintptr(len(states))); err != nil {
		return nil, err
	}
	out := make([]ReaderState, len(names))
	for i, s := range states {
		atrLen := min(int(s.atrLen), maxATR)
		out[i] = ReaderState{
			Name:    names[i],
			Present: s.eventState&statePresent != 0 && s.eventState&stateMute == 0,
			Events:  s.eventState >> 16,
			ATR:     append([]byte(nil), s.atr[:atrLen]...),
		}
	}
	return out, nil
}

// Card is a shared T=1 connection holding a transaction.
type Card struct {
	h     uintptr
	reset bool
}

// Connect opens a shared T=1 connection and starts a transaction, so no
// other program interleaves APDUs with ours.
func (c *Context) Connect(reader string) (*Card, error) {
	name, err := windows.UTF16PtrFromString(reader)
	if err != nil {
		return nil, &Error{Op: "SCardConnectW", Code: CodeUnknownReader}
	}
	var h uintptr
	var proto uint32
	if err := call("SCardConnectW", procConnect, c.h, uintptr(unsafe.Pointer(name)), shareShared, protocolT1, uintptr(unsafe.Pointer(&h)), uintptr(unsafe.Pointer(&proto))); err != nil {
		return nil, err
	}
	if err := call("SCardBeginTransaction", procBeginTransaction, h); err != nil {
		_ = call("SCardDisconnect", procDisconnect, h, leaveCard)
		return nil, err
	}
	return &Card{h: h}, nil
}

// ResetOnClose asks Close to reset the card, dropping any authentication
// this connection left behind.
func (k *Card) ResetOnClose() { k.reset = true }

// Close ends the transaction and disconnects.
func (k *Card) Close() error {
	disposition := uintptr(leaveCard)
	if k.reset {
		disposition = resetCard
	}
	_ = call("SCardEndTransaction", procEndTransaction, k.h, leaveCard)
	return call("SCardDisconnect", procDisconnect, k.h, disposition)
}

// Transmit sends one APDU and returns the response data and status word.
func (k *Card) Transmit(apdu []byte) ([]byte, uint16, error) {
	if len(apdu) == 0 {
		return nil, 0, errEmptyAPDU
	}
	resp := make([]byte, maxExtendedBuffer)
	n := uint32(len(resp))
	if err := call("SCardTransmit", procTransmit, k.h, uintptr(unsafe.Pointer(&pciT1)),
		uintptr(unsafe.Pointer(&apdu[0])), uintptr(len(apdu)), 0,
		uintptr(unsafe.Pointer(&resp[0])), uintptr(unsafe.Pointer(&n))); err != nil {
		return nil, 0, err
	}
	if n < 2 {
		return nil, 0, ErrMute
	}
	return append([]byte(nil), resp[:n-2]...), uint16(resp[n-2])<<8 | uint16(resp[n-1]), nil
}
