package qr

import "image"

// luminance returns img as one byte of brightness per pixel, the form the
// QR detector works on. gozxing's own conversion calls img.At for every
// pixel, which for a full-HD screenshot costs more than finding the codes;
// the common image types are read here straight from their pixel arrays.
// Transparent pixels count as white, as on a light background.
func luminance(img image.Image) *plane {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	lum := make([]byte, w*h)
	switch m := img.(type) {
	case *image.YCbCr:
		for y := range h {
			copy(lum[y*w:(y+1)*w], m.Y[m.YOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.Gray:
		for y := range h {
			copy(lum[y*w:(y+1)*w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.RGBA:
		rgbaRows(lum, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), w, h, true)
	case *image.NRGBA:
		rgbaRows(lum, m.Pix, m.Stride, m.PixOffset(b.Min.X, b.Min.Y), w, h, false)
	default:
		i := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, a := img.At(x, y).RGBA()
				// Premultiplied: composite onto white.
				r, g, bl = r+0xffff-a, g+0xffff-a, bl+0xffff-a
				lum[i] = byte((r + 2*g + bl) / 4 >> 8)
				i++
			}
		}
	}
	return &plane{pix: lum, w: w, h: h}
}

// rgbaRows converts 8-bit RGBA rows (premultiplied or not) to brightness
// over a white background, weighting green twice as the eye does.
func rgbaRows(lum, pix []byte, stride, start, w, h int, premultiplied bool) {
	for y := range h {
		row := pix[start+y*stride : start+y*stride+4*w]
		out := lum[y*w : (y+1)*w]
		for x := range out {
			p := row[4*x : 4*x+4 : 4*x+4]
			r, g, bl, a := uint32(p[0]), uint32(p[1]), uint32(p[2]), uint32(p[3])
			if !premultiplied {
				r, g, bl = r*a/255, g*a/255, bl*a/255
			}
			out[x] = byte((r + 2*g + bl + 4*(255-a)) / 4)
		}
	}
}
