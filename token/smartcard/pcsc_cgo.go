//go:build cgo && (linux || darwin || freebsd)

package smartcard

// #cgo linux pkg-config: libpcsclite
// #cgo freebsd CFLAGS: -I/usr/local/include/ -I/usr/local/include/PCSC
// #cgo freebsd LDFLAGS: -L/usr/local/lib/ -lpcsclite
// #cgo darwin LDFLAGS: -framework PCSC
// #include <PCSC/winscard.h>
// #include <PCSC/wintypes.h>
// #include <stdlib.h>
import "C"

import (
	"bytes"
	"unsafe"
)

func check(op string, rc C.LONG) error {
	if rc == C.SCARD_S_SUCCESS {
		return nil
	}
	return &Error{Op: op, Code: uint32(rc)}
}

// Context is an open PC/SC context.
type Context struct{ h C.SCARDCONTEXT }

// Establish opens a PC/SC context.
func Establish() (*Context, error) {
	var h C.SCARDCONTEXT
	if err := check("SCardEstablishContext", C.SCardEstablishContext(C.SCARD_SCOPE_SYSTEM, nil, nil, &h)); err != nil {
		return nil, err
	}
	return &Context{h: h}, nil
}

// Close releases the context.
func (c *Context) Close() error {
	return check("SCardReleaseContext", C.SCardReleaseContext(c.h))
}

// Readers lists reader names; none is not an error.
func (c *Context) Readers() ([]string, error) {
	var n C.DWORD
	rc := C.SCardListReaders(c.h, nil, nil, &n)
	if uint32(rc) == CodeNoReaders {
		return nil, nil
	}
	if err := check("SCardListReaders", rc); err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	rc = C.SCardListReaders(c.h, nil, (*C.char)(unsafe.Pointer(&buf[0])), &n)
	if uint32(rc) == CodeNoReaders {
		return nil, nil
	}
	if err := check("SCardListReaders", rc); err != nil {
		return nil, err
	}
	var names []string
	for _, b := range bytes.Split(buf[:n], []byte{0}) {
		if len(b) > 0 {
			names = append(names, string(b))
		}
	}
	return names, nil
}

// Status reads each reader's state without waiting.
func (c *Context) Status(names []string) ([]ReaderState, error) {
	if len(names) == 0 {
		return nil, nil
	}
	states := make([]C.SCARD_READERSTATE, len(names))
	cnames := make([]*C.char, len(names))
	for i, name := range names {
		cnames[i] = C.CString(name)
		states[i].szReader = cnames[i]
		states[i].dwCurrentState = C.SCARD_STATE_UNAWARE
	}
	defer func() {
		for _, p := range cnames {
			C.free(unsafe.Pointer(p))
		}
	}()
	rc := C.SCardGetStatusChange(c.h, 0, &states[0], C.DWORD(len(states)))
	if err := check("SCardGetStatusChange", rc); err != nil {
		return nil, err
	}
	out := make([]ReaderState, len(names))
	for i, s := range states {
		ev := uint32(s.dwEventState)
		out[i] = ReaderState{
			Name:    names[i],
			Present: ev&C.SCARD_STATE_PRESENT != 0 && ev&C.SCARD_STATE_MUTE == 0,
			Events:  ev >> 16,
			ATR:     C.GoBytes(unsafe.Pointer(&s.rgbAtr[0]), C.int(s.cbAtr)),
		}
	}
	return out, nil
}

// Card is a shared T=1 connection holding a transaction.
type Card struct {
	h     C.SCARDHANDLE
	reset bool
}

// Connect opens a shared T=1 connection and starts a transaction, so no
// other program interleaves APDUs with ours.
func (c *Context) Connect(reader string) (*Card, error) {
	name := C.CString(reader)
	defer C.free(unsafe.Pointer(name))
	var h C.SCARDHANDLE
	var proto C.DWORD
	if err := check("SCardConnect", C.SCardConnect(c.h, name, C.SCARD_SHARE_SHARED, C.SCARD_PROTOCOL_T1, &h, &proto)); err != nil {
		return nil, err
	}
	if err := check("SCardBeginTransaction", C.SCardBeginTransaction(h)); err != nil {
		C.SCardDisconnect(h, C.SCARD_LEAVE_CARD)
		return nil, err
	}
	return &Card{h: h}, nil
}

// ResetOnClose asks Close to reset the card, dropping any authentication
// this connection left behind.
func (k *Card) ResetOnClose() { k.reset = true }

// Close ends the transaction and disconnects.
func (k *Card) Close() error {
	disposition := C.DWORD(C.SCARD_LEAVE_CARD)
	if k.reset {
		disposition = C.SCARD_RESET_CARD
	}
	C.SCardEndTransaction(k.h, C.SCARD_LEAVE_CARD)
	return check("SCardDisconnect", C.SCardDisconnect(k.h, disposition))
}

// Transmit sends one APDU and returns the response data and status word.
func (k *Card) Transmit(apdu []byte) ([]byte, uint16, error) {
	if len(apdu) == 0 {
		return nil, 0, errEmptyAPDU
	}
	var resp [C.MAX_BUFFER_SIZE_EXTENDED]byte
	n := C.DWORD(len(resp))
	rc := C.SCardTransmit(k.h, C.SCARD_PCI_T1, (*C.BYTE)(&apdu[0]), C.DWORD(len(apdu)), nil, (*C.BYTE)(&resp[0]), &n)
	if err := check("SCardTransmit", rc); err != nil {
		return nil, 0, err
	}
	if n < 2 {
		return nil, 0, ErrMute
	}
	return append([]byte(nil), resp[:n-2]...), uint16(resp[n-2])<<8 | uint16(resp[n-1]), nil
}
