// Package qrsheet draws several QR codes side by side on one white PNG,
// as a screenshot of a page that shows them, for tests of the readers
// that must find every code in an image.
package qrsheet

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/twofoldmfa/twofold/token/qr"
)

// The layout: each code is side pixels square, with margin pixels of
// white around and between the codes (the quiet zone a decoder needs).
const (
	side   = 480
	margin = 60
)

// PNG draws the QR codes of texts in a row, left to right.
func PNG(texts ...string) ([]byte, error) {
	sheet := image.NewRGBA(image.Rect(0, 0, margin+len(texts)*(side+margin), side+2*margin))
	draw.Draw(sheet, sheet.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, text := range texts {
		img, err := qr.Image(text, side)
		if err != nil {
			return nil, fmt.Errorf("code %d: %w", i+1, err)
		}
		at := image.Pt(margin+i*(side+margin), margin)
		draw.Draw(sheet, img.Bounds().Add(at), img, img.Bounds().Min, draw.Src)
	}
	var out bytes.Buffer
	if err := png.Encode(&out, sheet); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
