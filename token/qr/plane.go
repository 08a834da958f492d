package qr

import "github.com/makiuchi-d/gozxing"

// plane is an image as one byte of brightness per pixel, row after row.
type plane struct {
	pix  []byte
	w, h int
}

// source is the plane as the detector reads it, without a copy.
func (p *plane) source() gozxing.LuminanceSource {
	src, _ := gozxing.NewPlanarYUVLuminanceSource(p.pix, p.w, p.h, 0, 0, p.w, p.h, false)
	return src
}

// invert turns light into dark and back, in place: a dark-mode screen
// shows light modules on dark, which the detector does not look for.
func (p *plane) invert() {
	for i, v := range p.pix {
		p.pix[i] = 255 - v
	}
}

// shrink averages each k×k block into one pixel: a photo of many
// megapixels where a module spans dozens of pixels reads faster and with
// less sensor noise at a fraction of its size.
func (p *plane) shrink(k int) *plane {
	w, h := p.w/k, p.h/k
	out := &plane{pix: make([]byte, w*h), w: w, h: h}
	for y := range h {
		for x := range w {
			sum := 0
			for dy := range k {
				row := p.pix[(y*k+dy)*p.w+x*k:]
				for dx := range k {
					sum += int(row[dx])
				}
			}
			out.pix[y*w+x] = byte(sum / (k * k))
		}
	}
	return out
}

// grow enlarges the plane k times with bilinear interpolation: in a code
// of one or two pixels a module, the finder patterns are too thin for the
// detector's run-length checks until they are drawn larger.
func (p *plane) grow(k int) *plane {
	w, h := p.w*k, p.h*k
	out := &plane{pix: make([]byte, w*h), w: w, h: h}
	for y := range h {
		// The centre of output pixel y falls at (y+0.5)/k-0.5 in the source,
		// kept here in units of 1/(2k).
		sy := max(0, 2*y+1-k)
		y0, fy := sy/(2*k), sy%(2*k)
		y1 := min(y0+1, p.h-1)
		for x := range w {
			sx := max(0, 2*x+1-k)
			x0, fx := sx/(2*k), sx%(2*k)
			x1 := min(x0+1, p.w-1)
			top := int(p.pix[y0*p.w+x0])*(2*k-fx) + int(p.pix[y0*p.w+x1])*fx
			bottom := int(p.pix[y1*p.w+x0])*(2*k-fx) + int(p.pix[y1*p.w+x1])*fx
			out.pix[y*w+x] = byte((top*(2*k-fy) + bottom*fy) / (4 * k * k))
		}
	}
	return out
}

// pad surrounds the plane with a border of m pixels of its lightest
// shade: a code cropped to its modules has no quiet zone, and the
// detector wants light around the finder patterns.
func (p *plane) pad(m int) *plane {
	light := byte(0)
	for _, v := range p.pix {
		light = max(light, v)
	}
	w, h := p.w+2*m, p.h+2*m
	out := &plane{pix: make([]byte, w*h), w: w, h: h}
	for i := range out.pix {
		out.pix[i] = light
	}
	for y := range p.h {
		copy(out.pix[(y+m)*w+m:], p.pix[y*p.w:(y+1)*p.w])
	}
	return out
}
