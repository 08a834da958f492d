package kit

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"
)

// FuzzWrap breaks any text into lines: nothing is lost but the spaces a
// line ends at, and no line is wider than asked unless it is one
// character.
func FuzzWrap(f *testing.F) {
	for _, seed := range []string{
		"", " ", "a", "Amazon Web Services (root-account-mfa-device@123456789012)",
		"本番アカウント（東京）の山田太郎", "mixed 日本語 and English words", "x\ny\n\nz",
		strings.Repeat("w", 300), "  leading and trailing  ", "김민수 Ελληνικά",
	} {
		f.Add(seed, 120.0)
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	set, err := loadFonts(pdf)
	if err != nil {
		f.Fatal(err)
	}
	p := &page{pdf: pdf, fonts: set, size: *gopdf.PageSizeA4, widths: map[widthKey]float64{}}
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || len(text) > 2000 || width < 1 || width > 1000 {
			t.Skip()
		}
		lines := p.wrap(text, body, width)
		if p.fail != nil {
			t.Fatal(p.fail)
		}
		for _, l := range lines {
			w := 0.0
			for _, r := range l {
				w += p.runeWidth(r, body)
			}
			if w > width+0.001 && utf8.RuneCountInString(l) > 1 {
				t.Errorf("line %q is %.1f wide, more than %.1f", l, w, width)
			}
		}
		squash := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, s)
		}
		if got, want := squash(strings.Join(lines, "")), squash(text); got != want {
			t.Errorf("wrapping lost or changed characters: %q became %q", text, lines)
		}
	})
}
