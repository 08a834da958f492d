//go:build linux || freebsd || openbsd || netbsd

package ui

import "github.com/godbus/dbus/v5"

// trayAvailable reports whether a system tray can work here. On these
// systems the tray is a StatusNotifierItem on the D-Bus session bus; with
// no bus, Fyne's tray cannot show, and on quit it closes a connection it
// never made and panics. So the app has a tray only when a bus answers.
// The connection is the process's shared one, which the tray then uses.
func trayAvailable() bool {
	_, err := dbus.SessionBus()
	return err == nil
}
