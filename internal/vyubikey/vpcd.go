package vyubikey

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// vpcd control messages, vsmartcard's vpcd.h (VPCD_CTRL_*).
const (
	vpcdPowerOff = 0x00
	vpcdPowerOn  = 0x01
	vpcdReset    = 0x02
	vpcdATR      = 0x04
)

// Socket connects a Card to one vpcd reader slot. The card is present while
// the socket holds a connection to vpcd; Remove and Insert pull the card out
// and put it back.
type Socket struct {
	card *Card
	addr string

	mu      sync.Mutex
	conn    net.Conn
	removed bool
	out     bool // Remove has finished
	closed  bool
	wg      sync.WaitGroup
	stop    context.CancelFunc
}

// Dial connects the card to vpcd listening on addr (DEVICENAME
// /dev/null:PORT), and connects again whenever vpcd drops the connection,
// until Remove or Close.
func Dial(addr string, card *Card) (*Socket, error) {
	s := &Socket{card: card, addr: addr}
	return s, s.Insert()
}

// Card returns the card behind the socket.
func (s *Socket) Card() *Card { return s.card }

// Insert puts the card (back) in the reader.
func (s *Socket) Insert() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return net.ErrClosed
	}
	if s.stop != nil {
		return nil // already in
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.removed, s.out = false, false
	s.wg.Add(1)
	go s.run(ctx)
	return nil
}

// Remove pulls the card out: the connection to vpcd closes, and pcscd sees
// the reader empty at its next poll.
func (s *Socket) Remove() {
	s.mu.Lock()
	if s.stop == nil {
		s.mu.Unlock()
		return
	}
	s.stop()
	s.stop = nil
	s.removed = true
	if s.conn != nil {
		s.conn.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.card.Reset()
	s.mu.Lock()
	s.out = true
	s.mu.Unlock()
}

// Removed reports whether the card is out of the reader, after Remove or
// once RemoveAfter's count has run out and the removal has finished.
func (s *Socket) Removed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out
}

// Close removes the card for good.
func (s *Socket) Close() error {
	s.Remove()
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

// RemoveAfter pulls the card out once it has answered n more APDUs, in the
// middle of whatever the host is doing.
func (s *Socket) RemoveAfter(n int) {
	s.card.RemoveAfter(n, s.Remove)
}

func (s *Socket) run(ctx context.Context) {
	defer s.wg.Done()
	backoff := 10 * time.Millisecond
	for ctx.Err() == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", s.addr)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// vpcd not up yet, or restarting: try again shortly.
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 500*time.Millisecond)
			continue
		}
		backoff = 10 * time.Millisecond
		s.mu.Lock()
		if s.removed {
			s.mu.Unlock()
			conn.Close()
			return
		}
		s.conn = conn
		s.mu.Unlock()
		s.card.Reset()
		serve(conn, s.card)
		conn.Close()
		s.mu.Lock()
		s.conn = nil
		s.mu.Unlock()
	}
}

// serve answers vpcd on conn until it or the card goes away.
func serve(conn net.Conn, card *Card) {
	for {
		quickAck(conn)
		msg, err := readFrame(conn)
		if err != nil {
			return
		}
		var resp []byte
		switch {
		case len(msg) == 1 && msg[0] == vpcdATR:
			resp = card.ATR()
		case len(msg) == 1 && (msg[0] == vpcdPowerOff || msg[0] == vpcdPowerOn || msg[0] == vpcdReset):
			card.Reset()
			continue
		case len(msg) == 1:
			continue // unknown control message: vpcd expects no answer
		default:
			var removed bool
			resp, removed = card.Transmit(msg)
			if removed {
				return
			}
		}
		if err := writeFrame(conn, resp); err != nil {
			return
		}
	}
}

func readFrame(r io.Reader) ([]byte, error) {
	var n [2]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, binary.BigEndian.Uint16(n[:]))
	if _, err := io.ReadFull(r, msg); err != nil {
		return nil, err
	}
	return msg, nil
}

func writeFrame(w io.Writer, msg []byte) error {
	if len(msg) > 0xffff {
		return errors.New("vpcd frame too long")
	}
	_, err := w.Write(append(binary.BigEndian.AppendUint16(nil, uint16(len(msg))), msg...))
	return err
}
