package screen

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"net/url"
	"os"

	"github.com/jezek/xgb"
	"github.com/rymdport/portal/screenshot"
)

// quietX11 stops the X11 library from logging its connection attempts
// (a missing ~/.Xauthority is normal under Xvfb) to the terminal.
func quietX11() { xgb.Logger = log.New(io.Discard, "", 0) }

// maxPortalFile bounds what is read of the portal's saved screenshot.
const maxPortalFile = 256 << 20

// usePortal says whether the session is Wayland, where only the desktop
// portal can read the screen (X11 calls through Xwayland see only X11
// windows).
func usePortal() bool {
	return os.Getenv("XDG_SESSION_TYPE") == "wayland" || (os.Getenv("WAYLAND_DISPLAY") != "" && os.Getenv("DISPLAY") == "")
}

// capturePortal asks the desktop for a screenshot of the whole screen,
// reads the file it saved and removes it, since it may show secrets.
func capturePortal() (image.Image, error) {
	uri, err := screenshot.Screenshot("", &screenshot.ScreenshotOptions{})
	if err != nil {
		return nil, fmt.Errorf("asking the desktop for a screenshot: %w", err)
	}
	if uri == "" {
		return nil, ErrCancelled
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("the desktop's screenshot is not a local file: %q", uri)
	}
	f, err := os.Open(u.Path)
	if err != nil {
		return nil, fmt.Errorf("reading the desktop's screenshot: %w", err)
	}
	defer os.Remove(u.Path)
	defer f.Close()
	img, err := png.Decode(io.LimitReader(f, maxPortalFile))
	if err != nil {
		return nil, fmt.Errorf("reading the desktop's screenshot: %w", err)
	}
	return img, nil
}
