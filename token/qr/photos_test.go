package qr

import (
	"bytes"
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// photo is one image of the generated set (testdata/photos.py).
type photo struct {
	File     string `json:"file"`
	Payload  string `json:"payload"`
	Kind     string `json:"kind"`
	Inverted bool   `json:"inverted"`
}

// photoSet writes the mangled images with qrencode and ImageMagick into
// dir and returns their manifest.
func photoSet(t testing.TB, dir string) []photo {
	t.Helper()
	testtool.Require(t, "qrencode")
	testtool.Require(t, "convert")
	python := testtool.Require(t, "python3")
	if out, err := exec.Command(python, filepath.Join("testdata", "photos.py"), dir).CombinedOutput(); err != nil {
		t.Fatalf("photos.py: %v: %s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set []photo
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if len(set) < 30 {
		t.Fatalf("the photo set holds %d images, want a few dozen", len(set))
	}
	return set
}

// zbarRead is what zbarimg reads in the image at path, one text per line.
func zbarRead(t testing.TB, zbarimg, path string) []string {
	t.Helper()
	out, err := exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path).Output()
	if err != nil {
		// zbarimg exits 4 when it finds nothing.
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 4 {
			return nil
		}
		t.Fatalf("zbarimg %s: %v", filepath.Base(path), err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// negated writes the image at path with its colours inverted, for the
// reference readers, which do not look for light codes on dark.
func negated(t testing.TB, path string) string {
	t.Helper()
	out := filepath.Join(filepath.Dir(path), "negated-"+filepath.Base(path))
	if msg, err := exec.Command("convert", path, "-negate", out).CombinedOutput(); err != nil {
		t.Fatalf("convert -negate: %v: %s", err, msg)
	}
	return out
}

// zxingReads has zxing-cpp read every image of the set and its negated
// copies, by path. It returns nil where no Python with zxing-cpp is found
// (Debian's python3-zxing-cpp); zbarimg alone is then the reference.
func zxingReads(t testing.TB, paths []string) map[string][]string {
	t.Helper()
	var python string
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import numpy, zxingcpp").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv(testtool.RequireEnv) != "" {
			t.Fatal("zxing-cpp for Python (Debian python3-zxing-cpp, python3-numpy) is required here")
		}
		return nil
	}
	out, err := exec.Command(python, append([]string{filepath.Join("testdata", "zxingcpp_read.py")}, paths...)...).Output()
	if err != nil {
		t.Fatalf("zxingcpp_read.py: %v", err)
	}
	reads := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		var r struct {
			File  string   `json:"file"`
			Texts []string `json:"texts"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("zxingcpp_read.py: %v", err)
		}
		reads[r.File] = r.Texts
	}
	return reads
}

// TestDecodePhotoSet reads every image of the generated set. Where zbarimg
// or zxing-cpp reads an image, Twofold must read it too; a light code on
// dark, which neither looks for, Twofold must read wherever they read the
// same image with its colours turned back. Whatever Twofold reads must be
// exactly the text qrencode was given.
func TestDecodePhotoSet(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	dir := t.TempDir()
	set := photoSet(t, dir)
	var paths []string
	refPaths := map[string][]string{} // an image's path and the copies the references read
	for _, p := range set {
		path := filepath.Join(dir, p.File)
		refPaths[p.File] = []string{path}
		if p.Inverted {
			refPaths[p.File] = append(refPaths[p.File], negated(t, path))
		}
		paths = append(paths, refPaths[p.File]...)
	}
	zx := zxingReads(t, paths)
	if zx == nil {
		t.Log("zxing-cpp for Python is not installed: zbarimg alone is the reference")
	}
	var ours, zbar, either int
	for _, p := range set {
		byZbar, byZxing := false, false
		for _, path := range refPaths[p.File] {
			byZbar = byZbar || slices.Contains(zbarRead(t, zbarimg, path), p.Payload)
			byZxing = byZxing || slices.Contains(zx[path], p.Payload)
		}
		if p.Kind == "plain" && !byZbar {
			t.Fatalf("%s: zbarimg cannot read the plain code; the reference is broken", p.File)
		}
		f, err := os.Open(refPaths[p.File][0])
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeAll(f)
		f.Close()
		read := err == nil
		if read && !slices.Equal(got, []string{p.Payload}) {
			t.Errorf("%s: read %q, want only %q", p.File, got, p.Payload)
		}
		if !read && (byZbar || byZxing) {
			t.Errorf("%s: zbarimg %v, zxing-cpp %v, Twofold: %v", p.File, byZbar, byZxing, err)
		}
		if read {
			ours++
		}
		if testing.Verbose() {
			t.Logf("%-26s zbarimg %-5v zxing-cpp %-5v Twofold %-5v %s", p.File, byZbar, byZxing, read, how(t, refPaths[p.File][0]))
		}
		if byZbar && !p.Inverted {
			zbar++
		}
		if byZbar || byZxing {
			either++
		}
	}
	t.Logf("%d images: Twofold read %d, zbarimg %d as they are, a reference %d (inverted ones turned back)",
		len(set), ours, zbar, either)
}

// how names the view and reading that found the code in the image at path.
func how(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	_, found := search(luminance(img))
	return found
}

// BenchmarkDecodePhotoSet decodes every image of the photo set in
// TWOFOLD_BENCH_QR_PHOTOS (written there by testdata/photos.py) once per
// run, from the files, and reports the images read with the right text.
// scripts/bench-qr.sh runs it next to zbarimg on the same set.
func BenchmarkDecodePhotoSet(b *testing.B) {
	dir := os.Getenv("TWOFOLD_BENCH_QR_PHOTOS")
	if dir == "" {
		b.Skip("TWOFOLD_BENCH_QR_PHOTOS names no photo set")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		b.Fatal(err)
	}
	var set []photo
	if err := json.Unmarshal(raw, &set); err != nil {
		b.Fatal(err)
	}
	files := make([][]byte, len(set))
	for i, p := range set {
		if files[i], err = os.ReadFile(filepath.Join(dir, p.File)); err != nil {
			b.Fatal(err)
		}
	}
	read := 0
	for b.Loop() {
		read = 0
		for i, p := range set {
			if got, err := DecodeAll(bytes.NewReader(files[i])); err == nil && slices.Equal(got, []string{p.Payload}) {
				read++
			}
		}
	}
	b.ReportMetric(float64(read), "read")
	b.ReportMetric(float64(len(set)), "images")
}
