package qr

import (
	"image"
	"image/color"
	"testing"

	"github.com/skip2/go-qrcode"
)

// moduleImage draws data as a picture of dark and light modules, one bit
// each, in rows of width modules, each module 3 pixels turned by a shear
// of skew pixels a row: patterns close enough to codes to reach the
// steep reading's pairing and sampling.
func moduleImage(width, skew int, data []byte) *image.Gray {
	rows := len(data) * 8 / width
	const px = 3
	img := image.NewGray(image.Rect(0, 0, width*px+rows*px*skew/8+16, rows*px+16))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for r := range rows {
		for c := range width {
			bit := r*width + c
			if data[bit/8]&(1<<(bit%8)) == 0 {
				continue
			}
			for dy := range px {
				y := 8 + r*px + dy
				x0 := 8 + c*px + y*skew/8
				for dx := range px {
					img.SetGray(x0+dx, y, color.Gray{})
				}
			}
		}
	}
	return img
}

// FuzzDecodeImage decodes pictures of modules: every view and reading
// must come back with texts or ErrNoCode, never a panic, whatever the
// finder patterns and grids the picture makes.
func FuzzDecodeImage(f *testing.F) {
	q, err := qrcode.New("otpauth://totp/Fuzz:a?secret=JBSWY3DPEHPK3PXP", qrcode.Medium)
	if err != nil {
		f.Fatal(err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	var seed []byte
	for i := 0; i < len(bm)*len(bm); i++ {
		if i%8 == 0 {
			seed = append(seed, 0)
		}
		if bm[i/len(bm)][i%len(bm)] {
			seed[len(seed)-1] |= 1 << (i % 8)
		}
	}
	// The seed is the code itself, flat and sheared: both read back.
	for _, skew := range []int{0, 3} {
		if got, err := DecodeImage(moduleImage(len(bm), skew, seed)); err != nil || got[0] != q.Content {
			f.Fatalf("the seed code, sheared %d: %q, %v", skew, got, err)
		}
	}
	f.Add(uint8(len(bm)), uint8(0), seed)
	f.Add(uint8(len(bm)), uint8(3), seed)
	f.Add(uint8(40), uint8(1), []byte("\xff\x81\xbd\xbd\xbd\x81\xff\x00"))
	f.Fuzz(func(t *testing.T, width, skew uint8, data []byte) {
		w := int(width)
		if w < 8 || len(data) > 600 || len(data)*8 < w {
			return
		}
		texts, err := DecodeImage(moduleImage(w, int(skew%8), data))
		if err != nil && err != ErrNoCode {
			t.Fatalf("%v", err)
		}
		if err == nil && len(texts) == 0 {
			t.Fatal("no error and no text")
		}
	})
}
