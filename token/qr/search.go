package qr

import (
	"github.com/makiuchi-d/gozxing"
	zxingmulti "github.com/makiuchi-d/gozxing/multi/qrcode"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Sizes, as the longest side in pixels, past which an image is also
// looked at shrunk or grown.
const (
	// shrinkAbove: a photo of several megapixels is also read at about
	// shrinkTo pixels a side, where the detector's fixed-size windows see
	// whole modules and the averaging smooths sensor noise.
	shrinkAbove, shrinkTo = 2000, 1000
	// growBelow: a code of one or two pixels a module is also read drawn
	// up to about growTo pixels a side.
	growBelow, growTo, growMost = 400, 800, 8
	// padMost bounds the pixels of an image given a quiet zone of its
	// own: a code that fills a screenshot is small; a large photo with no
	// quiet zone is read shrunk, and padded at that size.
	padMost = 2_000_000
)

// view is one form of the image the codes are looked for in: the image
// itself, or one shrunk, grown or padded from it. Each view is read as
// it is and with its colours inverted.
type view struct {
	name string
	make func(*plane) *plane // nil for the image itself
	// global adds a read through one threshold for the whole image
	// (gozxing's GlobalHistogramBinarizer) after the local one (its
	// HybridBinarizer), which low contrast can defeat.
	global bool
	// multi looks for several codes first; the single reader copes
	// better with one distorted code.
	multi bool
	// pure adds a read assuming the image is nothing but the code, level
	// and square, as an exported code file is.
	pure bool
	// steep adds readSteep, for one code photographed at a steep angle.
	steep bool
}

// views lists, cheapest and likeliest first, the forms an image of w×h is
// read in. Only one other form is held at a time besides the image's own
// brightness plane; for an image of more than padMost pixels it holds at
// most half as many pixels, one byte each, which the three bytes a pixel
// that decodedBytes counts for the search leave room for (the plane and
// its bit matrix take less than one and a quarter). A smaller image's
// forms take a few megabytes at most.
func views(w, h int) []view {
	long := max(w, h)
	vs := []view{{name: "as is", global: true, multi: true, pure: true, steep: true}}
	work := func(p *plane) *plane { return p }
	switch {
	case long > shrinkAbove:
		// A camera photo: at full size only the local threshold is tried,
		// each further reading on the shrunk form, a quarter or less of
		// the pixels, so that a photo of no code takes a second, not several.
		vs[0] = view{name: "as is", multi: true}
		k := long / shrinkTo // at least 2
		work = func(p *plane) *plane { return p.shrink(k) }
		vs = append(vs, view{name: "shrunk", make: work, global: true, pure: true, steep: true})
	case long < growBelow:
		k := min(growMost, (growTo+long-1)/long)
		work = func(p *plane) *plane { return p.grow(k) }
		vs = append(vs, view{name: "grown", make: work, global: true, steep: true})
	}
	if long > shrinkAbove || w*h <= padMost {
		vs = append(vs, view{name: "padded", make: func(p *plane) *plane {
			p = work(p)
			return p.pad(max(p.w, p.h)/8 + 8)
		}})
	}
	return vs
}

// search reads the codes in lum, trying each view until one yields a
// code; it returns the texts, each once, and the name of the view and
// reading that found them. lum is inverted and restored on the way.
func search(lum *plane) ([]string, string) {
	for _, v := range views(lum.w, lum.h) {
		p := lum
		if v.make != nil {
			p = v.make(lum)
		}
		for _, inverted := range []bool{false, true} {
			if inverted {
				p.invert()
			}
			texts, how := read(p, v)
			if inverted && p == lum {
				p.invert()
			}
			if len(texts) > 0 {
				if inverted {
					how = "inverted, " + how
				}
				return texts, v.name + ", " + how
			}
		}
	}
	return nil, ""
}

// read looks for codes in p the ways v says.
func read(p *plane, v view) ([]string, string) {
	hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	binarizers := []func(gozxing.LuminanceSource) gozxing.Binarizer{gozxing.NewHybridBinarizer}
	if v.global {
		binarizers = append(binarizers, gozxing.NewGlobalHistgramBinarizer)
	}
	for i, binarizer := range binarizers {
		how := "local threshold"
		if i > 0 {
			how = "global threshold"
		}
		bmp, err := gozxing.NewBinaryBitmap(binarizer(p.source()))
		if err != nil {
			continue
		}
		if v.multi {
			results, _ := zxingmulti.NewQRCodeMultiReader().DecodeMultiple(bmp, hard)
			if texts := distinct(results); len(texts) > 0 {
				return texts, how + ", several codes"
			}
		}
		if res, err := zxingqr.NewQRCodeReader().Decode(bmp, hard); err == nil {
			return []string{res.GetText()}, how
		}
		if v.pure {
			pure := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
			if res, err := zxingqr.NewQRCodeReader().Decode(bmp, pure); err == nil {
				return []string{res.GetText()}, how + ", pure code"
			}
		}
		if v.steep && i == 0 {
			if text, ok := readSteep(bmp); ok {
				return []string{text}, how + ", steep angle"
			}
		}
	}
	return nil, ""
}

// distinct is the results' texts, each once, in order.
func distinct(results []*gozxing.Result) []string {
	var texts []string
	seen := map[string]bool{}
	for _, res := range results {
		if t := res.GetText(); !seen[t] {
			seen[t] = true
			texts = append(texts, t)
		}
	}
	return texts
}
