package kit

import (
	"fmt"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/twofoldmfa/twofold/assets/fonts"
)

// face is a font family registered with the PDF writer.
type face string

const (
	regular face = "regular"
	bold    face = "bold"
	mono    face = "mono"
	cjk     face = "cjk" // for what the Go fonts lack
)

// missing stands for a character no embedded font can draw.
const missing = '□'

// fontSet knows which characters each font draws, so text can fall back
// from the Go fonts to the CJK font character by character.
type fontSet struct {
	fonts map[face]*sfnt.Font
	buf   sfnt.Buffer
}

func loadFonts(pdf *gopdf.GoPdf) (*fontSet, error) {
	set := &fontSet{fonts: map[face]*sfnt.Font{}}
	for _, f := range []struct {
		face face
		ttf  []byte
	}{{regular, goregular.TTF}, {bold, gobold.TTF}, {mono, gomono.TTF}, {cjk, fonts.CJK}} {
		parsed, err := sfnt.Parse(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("reading the %s font: %w", f.face, err)
		}
		set.fonts[f.face] = parsed
		if err := pdf.AddTTFFontData(string(f.face), f.ttf); err != nil {
			return nil, fmt.Errorf("embedding the %s font: %w", f.face, err)
		}
	}
	return set, nil
}

// has reports whether f draws r.
func (s *fontSet) has(f face, r rune) bool {
	i, err := s.fonts[f].GlyphIndex(&s.buf, r)
	return err == nil && i != 0
}

// run is text drawn in one font.
type run struct {
	face face
	text string
}

// runs splits text into runs of base and, where base lacks a character,
// the CJK font; a character neither has becomes the missing mark.
func (s *fontSet) runs(text string, base face) []run {
	var out []run
	for _, r := range text {
		f := base
		switch {
		case s.has(base, r):
		case s.has(cjk, r):
			f = cjk
		default:
			r = missing
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{f, string(r)})
	}
	return out
}
