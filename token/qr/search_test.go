package qr

import (
	"slices"
	"testing"
)

func TestViewsBounded(t *testing.T) {
	for _, size := range [][2]int{{60, 60}, {246, 246}, {399, 120}, {1920, 1080}, {2001, 900}, {4000, 4000}, {8000, 6000}} {
		w, h := size[0], size[1]
		lum := &plane{pix: make([]byte, w*h), w: w, h: h}
		for _, v := range views(w, h) {
			if v.make == nil {
				continue
			}
			p := v.make(lum)
			if len(p.pix) != p.w*p.h {
				t.Fatalf("%d×%d %s: %d bytes for %d×%d", w, h, v.name, len(p.pix), p.w, p.h)
			}
			n, limit := p.w*p.h, 0
			if w*h > padMost {
				limit = w * h / 2
			} else {
				limit = max(w*h, (growTo+growBelow)*(growTo+growBelow)) * 2
			}
			if n > limit {
				t.Errorf("%d×%d %s: %d×%d, beyond %d pixels", w, h, v.name, p.w, p.h, limit)
			}
		}
	}
}

func TestViewsOfSizes(t *testing.T) {
	names := func(w, h int) []string {
		var n []string
		for _, v := range views(w, h) {
			n = append(n, v.name)
		}
		return n
	}
	for _, c := range []struct {
		w, h int
		want []string
	}{
		{60, 60, []string{"as is", "grown", "padded"}},
		{1920, 1080, []string{"as is"}},
		{1200, 1000, []string{"as is", "padded"}},
		{4000, 3000, []string{"as is", "shrunk", "padded"}},
	} {
		if got := names(c.w, c.h); !slices.Equal(got, c.want) {
			t.Errorf("%d×%d: views %q, want %q", c.w, c.h, got, c.want)
		}
	}
}

func TestPlaneShrinkGrowPad(t *testing.T) {
	p := &plane{pix: []byte{0, 200, 100, 60, 20, 40, 0, 100}, w: 4, h: 2}
	if s := p.shrink(2); s.w != 2 || s.h != 1 || !slices.Equal(s.pix, []byte{65, 65}) {
		t.Errorf("shrink(2): %d×%d %v", s.w, s.h, s.pix)
	}
	g := p.grow(3)
	if g.w != 12 || g.h != 6 {
		t.Fatalf("grow(3): %d×%d", g.w, g.h)
	}
	// Each source pixel's centre keeps its value; between two, the blend.
	for y := range p.h {
		for x := range p.w {
			if got := g.pix[(3*y+1)*g.w+3*x+1]; got != p.pix[y*p.w+x] {
				t.Errorf("grow(3) at the centre of (%d,%d): %d, want %d", x, y, got, p.pix[y*p.w+x])
			}
		}
	}
	if v := g.pix[1*g.w+3]; v <= 0 || v >= 200 {
		t.Errorf("grow(3) between 0 and 200: %d", v)
	}
	d := p.pad(2)
	if d.w != 8 || d.h != 6 || d.pix[0] != 200 || d.pix[2*d.w+2] != 0 || d.pix[3*d.w+5] != 100 {
		t.Errorf("pad(2): %d×%d %v", d.w, d.h, d.pix)
	}
	p.invert()
	if !slices.Equal(p.pix, []byte{255, 55, 155, 195, 235, 215, 255, 155}) {
		t.Errorf("invert: %v", p.pix)
	}
}
