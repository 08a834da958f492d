package vyubikey

import (
	"net"
	"os"
	"strconv"
	"testing"
	"time"
)

// Test support for the PC/SC rig (scripts/pcsc-rig.sh): a private pcscd
// whose vpcd driver listens on TWOFOLD_VPCD_PORT and the ports after it,
// one reader slot each. scripts/test-hardware.sh starts the rig and runs
// the rig tests inside its network namespace.

// RigPort is the rig's first vpcd port; without the rig the test skips,
// saying so.
func RigPort(t testing.TB) int {
	t.Helper()
	if os.Getenv("TWOFOLD_PCSC_RIG") != "1" {
		t.Skip("PC/SC rig not running: use scripts/test-hardware.sh")
	}
	port, err := strconv.Atoi(os.Getenv("TWOFOLD_VPCD_PORT"))
	if err != nil {
		t.Fatalf("TWOFOLD_VPCD_PORT: %v", err)
	}
	return port
}

// WaitFor polls cond until it holds, failing the test after a while.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !waitUntil(cond, 15*time.Second) {
		t.Fatalf("timed out waiting for %s", what)
	}
}

// PlugIn connects virtual keys made from cfgs to the rig's reader slots
// 0, 1, ... and waits until pcscd sees them all (present counts the
// readers with a card, as the package under test sees them); cleanup
// pulls them out again.
func PlugIn(t testing.TB, present func() int, cfgs ...Config) []*Socket {
	t.Helper()
	port := RigPort(t)
	WaitFor(t, "empty readers", func() bool { return present() == 0 })
	var socks []*Socket
	for i, cfg := range cfgs {
		card, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Dial(net.JoinHostPort("127.0.0.1", strconv.Itoa(port+i)), card)
		if err != nil {
			t.Fatal(err)
		}
		socks = append(socks, s)
	}
	t.Cleanup(func() {
		for _, s := range socks {
			s.Close()
		}
		WaitFor(t, "keys out", func() bool { return present() == 0 })
	})
	in := func() bool { return present() == len(cfgs) }
	if !waitUntil(in, 5*time.Second) {
		// vpcd can be slow to take a reader's new connection right after
		// a card was pulled out mid-exchange (the oath rig tests do, just
		// before this process): plug the keys in again, as a person would.
		for _, s := range socks {
			s.Remove()
		}
		WaitFor(t, "keys out before plugging in again", func() bool { return present() == 0 })
		for _, s := range socks {
			if err := s.Insert(); err != nil {
				t.Fatal(err)
			}
		}
	}
	WaitFor(t, "keys in", in)
	return socks
}

// waitUntil polls cond until it holds or d has passed, and says which.
func waitUntil(cond func() bool, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
