//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/godbus/dbus/v5"
)

// With no session bus, the app starts none: the D-Bus library's
// autolaunch (dbus-launch, here a stub that records it ran) is never
// reached, and the connection fails instead.
func TestNoBusAutolaunch(t *testing.T) {
	stub := t.TempDir()
	ran := filepath.Join(stub, "ran")
	launch := "#!/bin/sh\ntouch '" + ran + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(stub, "dbus-launch"), []byte(launch), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", stub+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	noBus := filepath.Join(stub, "no-bus")

	// The library's own behaviour, which the app must not reach. Its
	// lookup of the user's bus socket comes first: where this machine
	// has one, there is nothing to launch.
	if _, err := os.Stat(filepath.Join("/run/user", strconv.Itoa(os.Getuid()), "bus")); err != nil {
		if conn, err := dbus.SessionBusPrivate(); err == nil {
			conn.Close()
			t.Fatal("connected to a session bus with no address and no bus socket")
		}
		if _, err := os.Stat(ran); err != nil {
			t.Fatal("the D-Bus library did not run dbus-launch with no bus address: this test shows nothing")
		}
		os.Remove(ran)
	}

	noBusAutolaunch(noBus)
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != "disabled:" {
		t.Fatalf("DBUS_SESSION_BUS_ADDRESS = %q, want disabled:", got)
	}
	if conn, err := dbus.SessionBusPrivate(); err == nil {
		conn.Close()
		t.Fatal("connected to a session bus that is disabled")
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("dbus-launch ran after noBusAutolaunch")
	}

	// A bus the session has is used as it is.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	noBusAutolaunch(noBus)
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != "unix:path=/nonexistent/bus" {
		t.Errorf("an address the session gave was changed to %q", got)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if err := os.WriteFile(noBus, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	noBusAutolaunch(noBus)
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != "" {
		t.Errorf("with a user bus socket, DBUS_SESSION_BUS_ADDRESS was set to %q", got)
	}
}
