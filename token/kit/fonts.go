package kit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"

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
	cjk     face = "cjk"    // Chinese and Japanese, which the Go fonts lack
	hangul  face = "hangul" // Korean
)

// fallbacks are the fonts tried, in order, for a character the text's
// own font lacks.
var fallbacks = []face{cjk, hangul}

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
	}{{regular, goregular.TTF}, {bold, gobold.TTF}, {mono, gomono.TTF}, {cjk, fonts.CJK}, {hangul, fonts.Hangul}} {
		if f.face == regular || f.face == bold {
			ttf, err := withHyphen(f.ttf)
			if err != nil {
				return nil, fmt.Errorf("reading the %s font: %w", f.face, err)
			}
			f.ttf = ttf
		}
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

// faceFor is the font that draws r: base if it can, else a fallback, else
// none ("").
func (s *fontSet) faceFor(r rune, base face) face {
	if s.has(base, r) {
		return base
	}
	for _, f := range fallbacks {
		if s.has(f, r) {
			return f
		}
	}
	return ""
}

// run is text drawn in one font.
type run struct {
	face face
	text string
}

// runs splits text into runs of base and, where base lacks a character,
// the first fallback that has it; a character no font has becomes the
// missing mark.
func (s *fontSet) runs(text string, base face) []run {
	var out []run
	for _, r := range text {
		f := s.faceFor(r, base)
		if f == "" {
			f, r = base, missing
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].text += string(r)
			continue
		}
		out = append(out, run{f, string(r)})
	}
	return out
}

// The Go fonts draw U+002D, the hyphen-minus of every account name and
// AWS device name ("root-account-mfa-device"), as a minus sign as wide as
// "+": they were drawn for code. On paper that reads as an en dash. The
// kit maps U+002D to the fonts' hyphen glyph (the one they give the soft
// hyphen, U+00AD) before embedding them, so the paper shows hyphens and
// the PDF's text still says U+002D when it is copied or searched.

// withHyphen is ttf with U+002D drawn as the font's soft hyphen glyph,
// where it has one.
func withHyphen(ttf []byte) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	g, err := f.GlyphIndex(&buf, '\u00ad')
	if err != nil || g == 0 {
		return ttf, nil
	}
	return remapGlyph(ttf, '-', uint16(g))
}

// remapGlyph rewrites the font's format 4 character maps so that r is
// drawn with glyph g. The new cmap table goes at the end of the file and
// the table directory points to it; nothing else moves.
func remapGlyph(ttf []byte, r rune, g uint16) ([]byte, error) {
	be := binary.BigEndian
	errBad := errors.New("malformed font tables")
	if len(ttf) < 12 {
		return nil, errBad
	}
	numTables := int(be.Uint16(ttf[4:]))
	dir := -1
	for i := range numTables {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errBad
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			dir = rec
		}
	}
	if dir < 0 {
		return nil, errBad
	}
	off, n := int(be.Uint32(ttf[dir+8:])), int(be.Uint32(ttf[dir+12:]))
	if off < 0 || n < 4 || off+n > len(ttf) {
		return nil, errBad
	}
	cmap := slices.Clone(ttf[off : off+n])
	records := int(be.Uint16(cmap[2:]))
	if 4+8*records > len(cmap) {
		return nil, errBad
	}
	for i := range records {
		rec := 4 + 8*i
		sub := int(be.Uint32(cmap[rec+4:]))
		if sub+4 > len(cmap) || be.Uint16(cmap[sub:]) != 4 {
			continue
		}
		m, err := readFormat4(cmap[sub:])
		if err != nil {
			return nil, err
		}
		m[uint16(r)] = g
		be.PutUint32(cmap[rec+4:], uint32(len(cmap)))
		cmap = append(cmap, writeFormat4(m)...)
	}
	out := slices.Clone(ttf)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	be.PutUint32(out[dir+4:], tableChecksum(cmap))
	be.PutUint32(out[dir+8:], uint32(len(out)))
	be.PutUint32(out[dir+12:], uint32(len(cmap)))
	return append(out, cmap...), nil
}

// readFormat4 decodes a format 4 subtable into code → glyph.
func readFormat4(t []byte) (map[uint16]uint16, error) {
	be := binary.BigEndian
	if len(t) < 14 {
		return nil, errors.New("short cmap subtable")
	}
	segs := int(be.Uint16(t[6:])) / 2
	ends, starts := 14, 14+2*segs+2
	deltas, ranges := starts+2*segs, starts+4*segs
	if ranges+2*segs > len(t) {
		return nil, errors.New("short cmap subtable")
	}
	m := map[uint16]uint16{}
	for i := range segs {
		end, start := int(be.Uint16(t[ends+2*i:])), int(be.Uint16(t[starts+2*i:]))
		delta, ro := be.Uint16(t[deltas+2*i:]), int(be.Uint16(t[ranges+2*i:]))
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := uint16(c) + delta
			if ro != 0 {
				at := ranges + 2*i + ro + 2*(c-start)
				if at+2 > len(t) {
					return nil, errors.New("short cmap subtable")
				}
				if g = be.Uint16(t[at:]); g != 0 {
					g += delta
				}
			}
			if g != 0 {
				m[uint16(c)] = g
			}
		}
	}
	return m, nil
}

// writeFormat4 encodes code → glyph as a format 4 subtable of runs of
// consecutive codes with consecutive glyphs.
func writeFormat4(m map[uint16]uint16) []byte {
	codes := slices.Sorted(maps.Keys(m))
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for _, c := range codes {
		d := m[c] - c
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && segs[n-1].delta == d {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, d})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	be := binary.BigEndian
	n := len(segs)
	t := make([]byte, 16+8*n)
	be.PutUint16(t[0:], 4)
	be.PutUint16(t[2:], uint16(len(t)))
	be.PutUint16(t[6:], uint16(2*n))
	search := 1
	for search*2 <= n {
		search *= 2
	}
	be.PutUint16(t[8:], uint16(2*search))
	be.PutUint16(t[10:], uint16(bits.Len(uint(search))-1))
	be.PutUint16(t[12:], uint16(2*n-2*search))
	for i, s := range segs {
		be.PutUint16(t[14+2*i:], s.end)
		be.PutUint16(t[16+2*n+2*i:], s.start)
		be.PutUint16(t[16+4*n+2*i:], s.delta)
		// idRangeOffset stays 0: every segment maps by delta.
	}
	return t
}

// tableChecksum is the sum of the table as big-endian 32-bit words.
func tableChecksum(t []byte) uint32 {
	var sum uint32
	for i := 0; i < len(t); i += 4 {
		var w [4]byte
		copy(w[:], t[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
