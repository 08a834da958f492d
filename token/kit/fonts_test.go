package kit

import (
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// TestHyphenGlyph checks the fonts the kit embeds, read back by another
// parser: U+002D is drawn with the glyph the font gives the soft hyphen,
// every other character with the glyph it had.
func TestHyphenGlyph(t *testing.T) {
	for name, ttf := range map[string][]byte{"regular": goregular.TTF, "bold": gobold.TTF} {
		patched, err := withHyphen(ttf)
		if err != nil {
			t.Fatal(err)
		}
		before, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		after, err := sfnt.Parse(patched)
		if err != nil {
			t.Fatalf("%s: the patched font does not parse: %v", name, err)
		}
		var buf sfnt.Buffer
		shy, _ := before.GlyphIndex(&buf, '\u00ad')
		minus, _ := before.GlyphIndex(&buf, '-')
		if shy == 0 || shy == minus {
			t.Fatalf("%s: soft hyphen glyph %d, hyphen-minus %d", name, shy, minus)
		}
		for r := rune(0); r < 0xFFFF; r++ {
			want, _ := before.GlyphIndex(&buf, r)
			if r == '-' {
				want = shy
			}
			if got, _ := after.GlyphIndex(&buf, r); got != want {
				t.Fatalf("%s: %U is glyph %d, want %d", name, r, got, want)
			}
		}
	}
}
