// Package screen captures what the monitors show, so that QR codes on
// screen (a web page enrolling a seed, a transfer code) can be read
// without a phone or a saved file.
//
// A capture holds whatever the screen showed, secrets included: it stays
// in memory, is never written anywhere by this package, and is dropped by
// the caller once decoded.
//
// On X11, Windows and macOS every monitor is captured directly
// (github.com/kbinani/screenshot); macOS asks once for the
// screen-recording permission. A Wayland session does not let programs
// read the screen: there the desktop's Screenshot portal
// (org.freedesktop.portal.Screenshot, through github.com/rymdport/portal)
// asks the user, and the file it saves is read and removed.
package screen

import (
	"errors"
	"fmt"
	"image"

	"github.com/kbinani/screenshot"
)

var (
	// ErrNoDisplay is returned when there is no monitor to capture.
	ErrNoDisplay = errors.New("no display to capture")
	// ErrCancelled is returned when the user declined the desktop's
	// screenshot request.
	ErrCancelled = errors.New("screen capture cancelled")
)

// Capture returns one image per monitor.
func Capture() ([]image.Image, error) {
	if usePortal() {
		img, err := capturePortal()
		if err != nil {
			return nil, err
		}
		return []image.Image{img}, nil
	}
	return captureDisplays()
}

// captureDisplays reads every active display directly.
func captureDisplays() (shots []image.Image, err error) {
	defer func() {
		// The X11 back end can panic when the connection drops midway.
		if r := recover(); r != nil {
			shots, err = nil, fmt.Errorf("capturing the screen: %v", r)
		}
	}()
	quietX11()
	n := screenshot.NumActiveDisplays()
	if n == 0 {
		return nil, ErrNoDisplay
	}
	for i := range n {
		img, err := screenshot.CaptureDisplay(i)
		if err != nil {
			return nil, fmt.Errorf("capturing display %d of %d: %w", i+1, n, err)
		}
		shots = append(shots, img)
	}
	return shots, nil
}
