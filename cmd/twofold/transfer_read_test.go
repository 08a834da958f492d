package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// sideBySide draws the QR codes of texts next to each other on white.
func sideBySide(t *testing.T, texts ...string) []byte {
	t.Helper()
	canvas := image.NewRGBA(image.Rect(0, 0, 40+560*len(texts), 600))
	draw.Draw(canvas, canvas.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, text := range texts {
		img, err := qr.Image(text, 480)
		if err != nil {
			t.Fatal(err)
		}
		at := image.Pt(40+i*560, 60)
		draw.Draw(canvas, img.Bounds().Add(at), img, img.Bounds().Min, draw.Src)
	}
	var out bytes.Buffer
	if err := png.Encode(&out, canvas); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestImportImageWithSeveralCodes imports a screenshot holding an
// otpauth link and code 1 of a Google export, and a link list holding
// code 2: every QR code of the image is read, and the export's two codes
// are gathered across the two files.
func TestImportImageWithSeveralCodes(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	var seeds []token.Seed
	for i := range 12 {
		s, err := token.ParseURI(fmt.Sprintf("otpauth://totp/Example:user%02d?secret=AAAAAAAAAAAAAA%c%c", i, 'A'+i/6, '2'+i%6))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, s)
	}
	links, _ := transfer.EncodeMigration(seeds, 7)
	if len(links) != 2 {
		t.Fatalf("%d links", len(links))
	}
	shot := tc.writeFile("shot.png", string(sideBySide(t, strings.TrimSpace(awsLink), links[0])))
	rest := tc.writeFile("rest.txt", links[1]+"\n")
	tc.fails("transfer codes missing: code 2 of 2 (nothing imported)", "import", shot)
	out := tc.ok("import", shot, rest)
	if !strings.Contains(out, "13 added, 0 skipped.") || !strings.Contains(out, "Added Amazon Web Services") || !strings.Contains(out, "Added Example (user11)") {
		t.Errorf("import said:\n%s", out)
	}
}
