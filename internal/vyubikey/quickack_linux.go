package vyubikey

import (
	"net"
	"syscall"
)

// quickAck asks Linux to acknowledge at once. vpcd writes a frame's length
// and body in two sends; with Nagle on its side and delayed ACKs on ours,
// every APDU would otherwise wait some 40 ms. The flag does not stick, so
// it is set again before each read.
func quickAck(conn net.Conn) {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return
	}
	raw.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
