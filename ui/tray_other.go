//go:build !(linux || freebsd || openbsd || netbsd)

package ui

// trayAvailable reports whether a system tray can work here: macOS and
// Windows always have one.
func trayAvailable() bool { return true }
