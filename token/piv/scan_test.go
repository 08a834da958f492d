package piv

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// fakeHardware answers Readers with fixed results and opens nothing.
type fakeHardware struct {
	readers []ReaderStatus
	err     error
}

func (f fakeHardware) Readers() ([]ReaderStatus, error) { return f.readers, f.err }
func (f fakeHardware) Open(string) (Device, error) {
	return nil, &smartcard.Error{Op: "SCardConnect", Code: smartcard.CodeNoSmartcard}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name string
		hw   fakeHardware
		want error
	}{
		{"no service", fakeHardware{err: &smartcard.Error{Op: "SCardEstablishContext", Code: smartcard.CodeNoService}}, ErrNoService},
		{"no reader", fakeHardware{}, ErrNoReader},
		{"empty reader", fakeHardware{readers: []ReaderStatus{{Name: "r"}}}, ErrNoKey},
		{"removed before open", fakeHardware{readers: []ReaderStatus{{Name: "r", Present: true}}}, ErrRemoved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewScanner(WithHardware(tt.hw)).One(context.Background(), 0)
			if !errors.Is(err, tt.want) {
				t.Errorf("One = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseMetadata(t *testing.T) {
	m, err := parseMetadata([]byte{0x01, 0x01, 0xff, 0x05, 0x01, 0x01, 0x06, 0x02, 0x05, 0x02})
	if err != nil || !m.Default || m.MaxRetries != 5 || m.Retries != 2 || m.Algorithm != 0xff {
		t.Errorf("parseMetadata = %+v, %v", m, err)
	}
	if _, err := parseMetadata([]byte{0x06, 0x05, 0x01}); err == nil {
		t.Error("truncated metadata accepted")
	}
}

// countingHardware counts calls; its one reader always holds a key that
// cannot be opened.
type countingHardware struct {
	mu           sync.Mutex
	polls, opens int
}

func (h *countingHardware) Readers() ([]ReaderStatus, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.polls++
	return []ReaderStatus{{Name: "r", Present: true, Events: 1}}, nil
}

func (h *countingHardware) Open(string) (Device, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.opens++
	return nil, &smartcard.Error{Op: "SCardConnect", Code: smartcard.CodeRemovedCard}
}

func (h *countingHardware) counts() (int, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.polls, h.opens
}

func TestWatchCheapWhenNothingChanges(t *testing.T) {
	hw := &countingHardware{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	snaps := NewScanner(WithHardware(hw)).Watch(ctx, time.Millisecond)
	if s := <-snaps; !errors.Is(s.Err, ErrRemoved) {
		t.Fatalf("first snapshot: %+v", s)
	}
	deadline := time.Now().Add(10 * time.Second)
	for polls, _ := hw.counts(); polls < 50; polls, _ = hw.counts() {
		if time.Now().After(deadline) {
			t.Fatal("watcher stopped polling")
		}
		runtime.Gosched()
	}
	if _, opens := hw.counts(); opens != 1 {
		t.Errorf("key opened %d times while nothing changed", opens)
	}
	select {
	case s := <-snaps:
		t.Errorf("snapshot without a change: %+v", s)
	default:
	}
}
