package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// seedURIs are distinct links, as a screen of several backup codes shows.
func seedURIs(n int) []string {
	uris := make([]string, n)
	for i := range uris {
		uris[i] = fmt.Sprintf("otpauth://totp/Example%d:user%d@example.com?secret=JBSWY3DPEHPK3PX%c&issuer=Example%d", i, i, 'A'+i, i)
	}
	return uris
}

// desktop draws the codes on a grey w×h screen, each on its own white
// window, at spread-out places.
func desktop(w, h int, codes []image.Image) *image.RGBA {
	shot := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(shot, shot.Bounds(), &image.Uniform{color.RGBA{60, 63, 65, 255}}, image.Point{}, draw.Src)
	places := []image.Point{{40, 40}, {w - 460, 60}, {w/2 - 150, h/2 - 100}, {80, h - 420}, {w - 520, h - 430}}
	for i, code := range codes {
		at := places[i%len(places)]
		win := image.Rectangle{at, at.Add(code.Bounds().Size()).Add(image.Pt(40, 40))}
		draw.Draw(shot, win, &image.Uniform{color.White}, image.Point{}, draw.Src)
		draw.Draw(shot, code.Bounds().Add(at.Add(image.Pt(20, 20))), code, code.Bounds().Min, draw.Src)
	}
	return shot
}

func ourCodes(t testing.TB, uris []string, size int) []image.Image {
	t.Helper()
	var codes []image.Image
	for _, u := range uris {
		img, err := Image(u, size)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, img)
	}
	return codes
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkAll(t *testing.T, got, want []string) {
	t.Helper()
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("decoded %d codes %q, want %d %q", len(got), got, len(want), want)
	}
}

func TestDecodeAllSeveralCodesFullHD(t *testing.T) {
	uris := seedURIs(5)
	shot := desktop(1920, 1080, ourCodes(t, uris, 300))
	got, err := DecodeAll(bytes.NewReader(encodePNG(t, shot)))
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, got, uris)
}

// TestDecodeAllQrencode reads codes made by Debian's qrencode, an encoder
// this project did not write, at its default module size and margin.
func TestDecodeAllQrencode(t *testing.T) {
	qrencode := testtool.Require(t, "qrencode")
	uris := seedURIs(4)
	var codes []image.Image
	for i, u := range uris {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("code%d.png", i))
		if out, err := exec.Command(qrencode, "-s", "6", "-o", path, u).CombinedOutput(); err != nil {
			t.Fatalf("qrencode: %v: %s", err, out)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, img)
	}
	got, err := DecodeAll(bytes.NewReader(encodePNG(t, desktop(1920, 1080, codes))))
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, got, uris)
}

// TestZbarimgAgreesOnDesktop has zbarimg read the same screen, so the
// test image itself is known to hold what DecodeAll is asked to find.
func TestZbarimgAgreesOnDesktop(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	uris := seedURIs(5)
	path := filepath.Join(t.TempDir(), "desktop.png")
	os.WriteFile(path, encodePNG(t, desktop(1920, 1080, ourCodes(t, uris, 300))), 0o600)
	out, err := exec.Command(zbarimg, "--quiet", "--raw", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	checkAll(t, strings.Fields(string(out)), uris)
}

func TestImageBombRefusedFromHeader(t *testing.T) {
	bomb := testtool.PNGHeader(20000, 20000)
	if cfg, err := png.DecodeConfig(bytes.NewReader(bomb)); err != nil || cfg.Width != 20000 {
		t.Fatalf("the test bomb is not a valid PNG header: %v", err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := DecodeAll(bytes.NewReader(bomb))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("20000×20000 PNG: got %v, want ErrImageTooLarge", err)
	}
	if !strings.Contains(err.Error(), "20000×20000") {
		t.Errorf("error does not give the size: %v", err)
	}
	// 20000×20000 RGBA would be 1.6 GB; refusing it must cost next to nothing.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", grew)
	}
}

func TestImageJustUnderLimitHeaderPasses(t *testing.T) {
	// 5000×5000 8-bit RGBA is 25 megapixels, 175 MiB with the search:
	// past the size checks, then the missing pixel data is a plain image
	// error, not ErrImageTooLarge.
	_, err := DecodeAll(bytes.NewReader(testtool.PNGHeader(5000, 5000)))
	if err == nil || errors.Is(err, ErrImageTooLarge) {
		t.Errorf("25-megapixel header: got %v, want an image error", err)
	}
}

func TestDecodeImageRefusesHugeImage(t *testing.T) {
	// An image.Image whose bounds are huge but which stores nothing.
	huge := image.NewUniform(color.White)
	if _, err := DecodeImage(huge); !errors.Is(err, ErrImageTooLarge) {
		t.Errorf("unbounded image: got %v, want ErrImageTooLarge", err)
	}
}

func TestFileSizeBounded(t *testing.T) {
	endless := &countingReader{}
	_, err := DecodeAll(endless)
	if !errors.Is(err, ErrImageTooLarge) {
		t.Fatalf("endless file: got %v, want ErrImageTooLarge", err)
	}
	if endless.n > MaxFileBytes+1 {
		t.Errorf("read %d bytes, beyond the %d limit", endless.n, MaxFileBytes)
	}
}

// countingReader is an endless stream of zero bytes that counts what was read.
type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	clear(p)
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Reader = (*countingReader)(nil)

// BenchmarkDecodeAllFullHD decodes a 1920×1080 screenshot holding five QR
// codes, from the PNG file. scripts/bench-qr.sh runs it next to zbarimg
// on the same image.
func BenchmarkDecodeAllFullHD(b *testing.B) {
	uris := seedURIs(5)
	raw := encodePNG(b, desktop(1920, 1080, ourCodes(b, uris, 300)))
	if out := os.Getenv("TWOFOLD_BENCH_QR_MULTI_PNG"); out != "" {
		if err := os.WriteFile(out, raw, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		got, err := DecodeAll(bytes.NewReader(raw))
		if err != nil || len(got) != len(uris) {
			b.Fatalf("decoded %d codes of %d: %v", len(got), len(uris), err)
		}
	}
}

// TestDecodeImageKinds reads the same screen held in each image type the
// luminance conversion treats apart, and in a paletted one it does not.
func TestDecodeImageKinds(t *testing.T) {
	uris := seedURIs(3)
	shot := desktop(1280, 720, ourCodes(t, uris, 260))
	b := shot.Bounds()
	kinds := map[string]draw.Image{
		"gray":     image.NewGray(b),
		"nrgba":    image.NewNRGBA(b),
		"paletted": image.NewPaletted(b, []color.Color{color.White, color.Black, color.RGBA{60, 63, 65, 255}}),
	}
	for name, img := range kinds {
		draw.Draw(img, b, shot, b.Min, draw.Src)
		got, err := DecodeImage(img)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkAll(t, got, uris)
	}
	// A sub-image keeps its own origin: the codes in it are still found.
	sub := shot.SubImage(image.Rect(0, 0, 700, 720))
	got, err := DecodeImage(sub)
	if err != nil || len(got) == 0 {
		t.Errorf("sub-image: %q, %v", got, err)
	}
}

// BenchmarkDecodeNoCodeFullHD decodes a 1920×1080 screenshot holding no
// code: the costliest case, where every view is tried.
func BenchmarkDecodeNoCodeFullHD(b *testing.B) {
	raw := encodePNG(b, desktop(1920, 1080, nil))
	for b.Loop() {
		if _, err := DecodeAll(bytes.NewReader(raw)); !errors.Is(err, ErrNoCode) {
			b.Fatalf("empty screen: %v", err)
		}
	}
}

// TestDecodeAllDarkModeScreen reads five light-on-dark codes on a dark
// screen, as a dark theme shows them: the whole desktop inverted.
func TestDecodeAllDarkModeScreen(t *testing.T) {
	uris := seedURIs(5)
	shot := desktop(1920, 1080, ourCodes(t, uris, 300))
	for i := 0; i < len(shot.Pix); i += 4 {
		shot.Pix[i], shot.Pix[i+1], shot.Pix[i+2] = 255-shot.Pix[i], 255-shot.Pix[i+1], 255-shot.Pix[i+2]
	}
	got, err := DecodeAll(bytes.NewReader(encodePNG(t, shot)))
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, got, uris)
}
