package screen

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token/qr"
)

// TestCaptureFindsQROnXvfb shows a QR with ImageMagick's display on a
// private X server, captures the screen and reads the code back.
func TestCaptureFindsQROnXvfb(t *testing.T) {
	display := testtool.Require(t, "display")
	testtool.StartXvfb(t, "1280x800")
	const link = "otpauth://totp/Example:screen@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
	png, err := qr.PNG(link, 300)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "code.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	viewer := exec.Command(display, "-geometry", "+420+250", path)
	if err := viewer.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { viewer.Process.Kill(); viewer.Wait() })

	// Poll until the window is mapped and painted; the bound only stops a
	// broken run from hanging.
	var last []string
	var captureErr error
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		shots, err := Capture()
		if err != nil {
			// Seen once in a few runs: Xvfb resets the connection while
			// the viewer maps its window. Try again; report it at the end.
			captureErr = err
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if len(shots) != 1 || shots[0].Bounds().Dx() != 1280 || shots[0].Bounds().Dy() != 800 {
			// Not our 1280×800 server: on a shared machine another X server
			// can take the display number between Xvfb's report and here.
			captureErr = fmt.Errorf("captured %d images, want one of 1280×800", len(shots))
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if last, err = qr.DecodeImage(shots[0]); err == nil && slices.Contains(last, link) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the code shown on screen was not found in the capture (read %d codes; last capture error: %v)", len(last), captureErr)
}

func TestCaptureWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", ":4711")
	t.Setenv("XDG_SESSION_TYPE", "x11")
	t.Setenv("WAYLAND_DISPLAY", "")
	if shots, err := Capture(); err == nil {
		t.Errorf("capture without an X server gave %d images and no error", len(shots))
	}
}
