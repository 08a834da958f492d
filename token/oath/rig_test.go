package oath

// Tests on the real stack: this package through libpcsclite to a private
// pcscd, whose vpcd driver talks to virtual YubiKeys run here.
// scripts/test-hardware.sh starts the rig and runs them; without the rig
// they skip, saying so.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token/smartcard"
)

func presentCount() int {
	sc, err := smartcard.Establish()
	if err != nil {
		return -1
	}
	defer sc.Close()
	names, err := sc.Readers()
	if err != nil {
		return -1
	}
	states, err := sc.Status(names)
	if err != nil {
		return -1
	}
	n := 0
	for _, s := range states {
		if s.Present {
			n++
		}
	}
	return n
}

func TestRigNoKeyAndTwoKeys(t *testing.T) {
	vyubikey.RigPort(t)
	vyubikey.WaitFor(t, "empty readers", func() bool { return presentCount() == 0 })
	if _, err := Open(context.Background(), 0); !errors.Is(err, ErrNoKey) {
		t.Errorf("no key: %v, want ErrNoKey", err)
	}
	vyubikey.PlugIn(t, presentCount, vyubikey.Config{Serial: 5550101}, vyubikey.Config{Serial: 5550102, Version: "4.3.7"})
	if _, err := Open(context.Background(), 0); !errors.Is(err, ErrMultipleKeys) {
		t.Errorf("two keys, none named: %v, want ErrMultipleKeys", err)
	}
	if _, err := Open(context.Background(), 5550103); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "5550103") {
		t.Errorf("a serial not plugged in: %v, want ErrNoKey naming it", err)
	}
	// Firmware 4 has no PIV GET SERIAL: the OTP application tells it.
	for _, serial := range []uint32{5550101, 5550102} {
		k, err := Open(context.Background(), serial)
		if err != nil {
			t.Fatalf("open %d: %v", serial, err)
		}
		if k.Serial != serial {
			t.Errorf("opened %d, want %d", k.Serial, serial)
		}
		k.Close()
	}
}

// A full key (64 credentials from firmware 5.7) is refused with the
// count, and keeps what it held.
func TestRigFullKey(t *testing.T) {
	vyubikey.PlugIn(t, presentCount, vyubikey.Config{Serial: 5550105, Version: "5.7.1"})
	k, err := Open(context.Background(), 5550105)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	for i := range 64 {
		if err := k.Put(totpSeed("Fill", fmt.Sprint(i)), false, false); err != nil {
			t.Fatalf("credential %d: %v", i, err)
		}
	}
	err = k.Store(totpSeed("Fill", "one too many"), false, false, time.Now())
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), "64 of 64") {
		t.Errorf("store on a full key: %v, want ErrFull, 64 of 64", err)
	}
	if creds, _ := k.List(); len(creds) != 64 {
		t.Errorf("the full key now lists %d", len(creds))
	}
}

// It runs last: after a key vanishes mid-command, vpcd's reader slot
// does not take a card again in this rig.
// A key pulled out in the middle of PUT holds nothing of the credential.
func TestRigPulledOutMidWrite(t *testing.T) {
	socks := vyubikey.PlugIn(t, presentCount, vyubikey.Config{Serial: 5550104})
	k, err := Open(context.Background(), 5550104)
	if err != nil {
		t.Fatal(err)
	}
	seed := totpSeed("Pulled", "out")
	socks[0].RemoveAfter(2) // Store's LIST, then its PUT vanishes
	err = k.Store(seed, false, false, time.Now())
	k.Close()
	if !errors.Is(err, ErrRemoved) {
		t.Fatalf("store while pulled out: %v, want ErrRemoved", err)
	}
	vyubikey.WaitFor(t, "the key out", func() bool { return socks[0].Removed() && presentCount() == 0 })
	// What the key holds now, read from the card itself as it sits out
	// of the reader.
	s, err := Select(vyubikey.Direct{Card: socks[0].Card()})
	if err != nil {
		t.Fatal(err)
	}
	if creds, err := s.List(); err != nil || len(creds) != 0 {
		t.Errorf("after a removal during PUT the key lists %v (%v), want nothing", creds, err)
	}
}
