//go:build cgo && (linux || darwin || freebsd)

package piv

// A small binding to the PC/SC API, for what piv-go does not offer: telling
// an empty reader from a present key without opening it, reading the
// reader's event counter cheaply, and sending the few APDUs piv-go has no
// call for (PIN, PUK and management key metadata). See the PC/SC workgroup
// specification part 5 and pcsc-lite's winscard.h.

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

func scCheck(op string, rc C.LONG) error {
	if rc == C.SCARD_S_SUCCESS {
		return nil
	}
	return &PCSCError{Op: op, Code: uint32(rc)}
}

type scContext struct{ h C.SCARDCONTEXT }

func newContext() (*scContext, error) {
	var h C.SCARDCONTEXT
	if err := scCheck("SCardEstablishContext", C.SCardEstablishContext(C.SCARD_SCOPE_SYSTEM, nil, nil, &h)); err != nil {
		return nil, err
	}
	return &scContext{h: h}, nil
}

func (c *scContext) Close() error {
	return scCheck("SCardReleaseContext", C.SCardReleaseContext(c.h))
}

// readers lists reader names; none is not an error here.
func (c *scContext) readers() ([]string, error) {
	var n C.DWORD
	rc := C.SCardListReaders(c.h, nil, nil, &n)
	if uint32(rc) == scardENoReaders {
		return nil, nil
	}
	if err := scCheck("SCardListReaders", rc); err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	rc = C.SCardListReaders(c.h, nil, (*C.char)(unsafe.Pointer(&buf[0])), &n)
	if uint32(rc) == scardENoReaders {
		return nil, nil
	}
	if err := scCheck("SCardListReaders", rc); err != nil {
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

// status reads each reader's state without waiting.
func (c *scContext) status(names []string) ([]ReaderStatus, error) {
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
	if err := scCheck("SCardGetStatusChange", rc); err != nil {
		return nil, err
	}
	out := make([]ReaderStatus, len(names))
	for i, s := range states {
		ev := uint32(s.dwEventState)
		out[i] = ReaderStatus{
			Name:    names[i],
			Present: ev&C.SCARD_STATE_PRESENT != 0 && ev&C.SCARD_STATE_MUTE == 0,
			Events:  ev >> 16, // pcsc-lite keeps an event counter in the high word
			ATR:     C.GoBytes(unsafe.Pointer(&s.rgbAtr[0]), C.int(s.cbAtr)),
		}
	}
	return out, nil
}

type scCard struct {
	h C.SCARDHANDLE
	// reset asks Close to reset the card, dropping any authentication
	// this connection left behind.
	reset bool
}

// connect opens a shared T=1 connection and starts a transaction, so no
// other program interleaves APDUs with ours.
func (c *scContext) connect(reader string) (*scCard, error) {
	name := C.CString(reader)
	defer C.free(unsafe.Pointer(name))
	var h C.SCARDHANDLE
	var proto C.DWORD
	if err := scCheck("SCardConnect", C.SCardConnect(c.h, name, C.SCARD_SHARE_SHARED, C.SCARD_PROTOCOL_T1, &h, &proto)); err != nil {
		return nil, err
	}
	if err := scCheck("SCardBeginTransaction", C.SCardBeginTransaction(h)); err != nil {
		C.SCardDisconnect(h, C.SCARD_LEAVE_CARD)
		return nil, err
	}
	return &scCard{h: h}, nil
}

func (k *scCard) Close() error {
	disposition := C.DWORD(C.SCARD_LEAVE_CARD)
	if k.reset {
		disposition = C.SCARD_RESET_CARD
	}
	C.SCardEndTransaction(k.h, C.SCARD_LEAVE_CARD)
	return scCheck("SCardDisconnect", C.SCardDisconnect(k.h, disposition))
}

// transmit sends one short APDU and returns the data and status word.
func (k *scCard) transmit(apdu []byte) ([]byte, uint16, error) {
	var resp [C.MAX_BUFFER_SIZE_EXTENDED]byte
	n := C.DWORD(len(resp))
	rc := C.SCardTransmit(k.h, C.SCARD_PCI_T1, (*C.BYTE)(&apdu[0]), C.DWORD(len(apdu)), nil, (*C.BYTE)(&resp[0]), &n)
	if err := scCheck("SCardTransmit", rc); err != nil {
		return nil, 0, err
	}
	if n < 2 {
		return nil, 0, &StatusError{Ins: apdu[1]}
	}
	return append([]byte(nil), resp[:n-2]...), uint16(resp[n-2])<<8 | uint16(resp[n-1]), nil
}
