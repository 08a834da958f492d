package qr

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

const uri = "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services&algorithm=SHA1&digits=6&period=30"

func TestPNGRoundTrip(t *testing.T) {
	b, err := PNG(uri, 400)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got != uri {
		t.Errorf("decoded %q", got)
	}
}

func TestJPEGPhotoOfScreen(t *testing.T) {
	// A QR shown in a window of a larger, grey screenshot, saved as JPEG.
	shot := screenshot(t, 1920, 1080, 480)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, shot, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got != uri {
		t.Errorf("decoded %q", got)
	}
}

func TestNoCode(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	var buf bytes.Buffer
	if err := png.Encode(&buf, blank); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(&buf); !errors.Is(err, ErrNoCode) {
		t.Errorf("blank image: got %v, want ErrNoCode", err)
	}
	if _, err := Decode(strings.NewReader("not an image")); err == nil || errors.Is(err, ErrNoCode) {
		t.Errorf("garbage: got %v, want an image error", err)
	}
}

func TestTerminalIsDarkOnLight(t *testing.T) {
	text, err := Terminal(uri)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	// The first row is the light quiet zone: full blocks on a terminal
	// that draws text light on dark.
	if len(lines) < 20 || !strings.HasPrefix(lines[0], "████") {
		t.Errorf("unexpected terminal QR:\n%s", text)
	}
}

// TestZbarimgReadsOurPNG has an independent decoder read the backup QR.
func TestZbarimgReadsOurPNG(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	b, err := PNG(uri, 512)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--quiet", "--raw", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != uri {
		t.Errorf("zbarimg read %q", got)
	}
}

// screenshot draws a w×h grey desktop with a white window holding a QR of
// the given size, as a screenshot of the app would look.
func screenshot(t testing.TB, w, h, size int) image.Image {
	t.Helper()
	code, err := Image(uri, size)
	if err != nil {
		t.Fatal(err)
	}
	shot := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(shot, shot.Bounds(), &image.Uniform{color.RGBA{60, 63, 65, 255}}, image.Point{}, draw.Src)
	win := image.Rect(w/3, h/6, w/3+size+80, h/6+size+160)
	draw.Draw(shot, win, &image.Uniform{color.White}, image.Point{}, draw.Src)
	at := image.Pt(win.Min.X+40, win.Min.Y+120)
	draw.Draw(shot, image.Rectangle{at, at.Add(code.Bounds().Size())}, code, image.Point{}, draw.Src)
	return shot
}

// BenchmarkDecodeFullHD decodes a 1920×1080 screenshot holding a QR, the
// image a user would hand to 'twofold add --qr'. scripts/bench-qr.sh runs
// it next to zbarimg on the same image.
func BenchmarkDecodeFullHD(b *testing.B) {
	shot := screenshot(b, 1920, 1080, 480)
	if out := os.Getenv("TWOFOLD_BENCH_QR_PNG"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := png.Encode(f, shot); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, shot); err != nil {
		b.Fatal(err)
	}
	raw := buf.Bytes()
	for b.Loop() {
		got, err := Decode(bytes.NewReader(raw))
		if err != nil || got != uri {
			b.Fatalf("decode: %q, %v", got, err)
		}
	}
}
