package kit

import (
	"fmt"
	"github.com/signintech/gopdf"

	"github.com/twofoldmfa/twofold/internal/linebreak"
)

// Page geometry, in points.
const (
	margin    = 42.0
	bandH     = 22.0 // the SENSITIVE band at the top of every page
	footerH   = 24.0
	lineGap   = 1.3 // line height as a multiple of the font size
	paraSpace = 4.0
)

// style is a font and size for a piece of text.
type style struct {
	face face
	size float64
	red  bool
}

var (
	title   = style{bold, 20, false}
	heading = style{bold, 14, false}
	strong  = style{bold, 10, false}
	body    = style{regular, 10, false}
	small   = style{regular, 8, false}
	secret  = style{mono, 12, false}
	alert   = style{bold, 10, true}
)

// page lays text out top to bottom over as many pages as it needs. Its
// errors stick: the first one stops all drawing and is returned by err.
type page struct {
	pdf    *gopdf.GoPdf
	fonts  *fontSet
	size   gopdf.Rect
	y      float64
	widths map[widthKey]float64
	fail   error
	w      words
	// dry lays out without drawing, to measure a block (keepTogether).
	dry bool
}

type widthKey struct {
	face face
	size float64
	r    rune
}

func (p *page) setErr(err error) {
	if p.fail == nil && err != nil {
		p.fail = err
	}
}

func (p *page) top() float64    { return margin + bandH + 12 }
func (p *page) bottom() float64 { return p.size.H - margin - footerH }
func (p *page) width() float64  { return p.size.W - 2*margin }

// newPage starts a page under the SENSITIVE band.
func (p *page) newPage() {
	p.pdf.AddPage()
	p.pdf.SetFillColor(176, 0, 32)
	p.setErr(p.pdf.Rectangle(margin, margin, p.size.W-margin, margin+bandH, "F", 0, 0))
	p.drawLine(margin+8, margin+5, p.w.band, style{bold, 10, false}, true)
	p.y = p.top()
}

// need starts a new page unless h more points fit on this one. Measuring,
// it only counts.
func (p *page) need(h float64) {
	if p.y+h > p.bottom() && !p.dry {
		p.newPage()
	}
}

// keepTogether lays block out on one page: on this one if it fits, else
// on a new one. A block taller than a page starts where it is and breaks
// where it must (each seed and each list item still whole).
func (p *page) keepTogether(block func()) {
	y := p.y
	p.dry = true
	block()
	p.dry = false
	h := p.y - y
	p.y = y
	if h <= p.bottom()-p.top() {
		p.need(h)
	}
	block()
}

func (p *page) lineHeight(st style) float64 { return st.size * lineGap }

// runeWidth measures one character in the font that will draw it.
func (p *page) runeWidth(r rune, st style) float64 {
	k := widthKey{st.face, st.size, r}
	if w, ok := p.widths[k]; ok {
		return w
	}
	var w float64
	for _, rn := range p.fonts.runs(string(r), st.face) {
		p.setErr(p.pdf.SetFont(string(rn.face), "", st.size))
		mw, err := p.pdf.MeasureTextWidth(rn.text)
		p.setErr(err)
		w += mw
	}
	p.widths[k] = w
	return w
}

// wrap breaks text into lines no wider than width, where English and
// Japanese break (package linebreak).
func (p *page) wrap(text string, st style, width float64) []string {
	measure := func(s string) float32 {
		w := 0.0
		for _, r := range s {
			w += p.runeWidth(r, st)
		}
		return float32(w)
	}
	return linebreak.Lines(text, float32(width), measure)
}

// drawLine draws one line of text with its top at (x, y).
func (p *page) drawLine(x, y float64, text string, st style, white bool) {
	if p.dry {
		return
	}
	switch {
	case white:
		p.pdf.SetTextColor(255, 255, 255)
	case st.red:
		p.pdf.SetTextColor(176, 0, 32)
	default:
		p.pdf.SetTextColor(0, 0, 0)
	}
	for _, rn := range p.fonts.runs(text, st.face) {
		p.setErr(p.pdf.SetFont(string(rn.face), "", st.size))
		p.pdf.SetXY(x, y)
		p.setErr(p.pdf.Cell(nil, rn.text))
		w, err := p.pdf.MeasureTextWidth(rn.text)
		p.setErr(err)
		x += w
	}
}

// text writes a paragraph at the left margin plus indent, across pages
// where it must.
func (p *page) text(s string, st style, indent float64) {
	for _, line := range p.wrap(s, st, p.width()-indent) {
		p.need(p.lineHeight(st))
		p.drawLine(margin+indent, p.y, line, st, false)
		p.y += p.lineHeight(st)
	}
	p.y += paraSpace
}

// list writes items, each with its mark ("•", "1.") hanging left.
func (p *page) list(items []string, numbered bool, indent float64) {
	for i, item := range items {
		mark := "•"
		if numbered {
			mark = fmt.Sprintf("%d.", i+1)
		}
		lines := p.wrap(item, body, p.width()-indent-16)
		p.need(float64(len(lines)) * p.lineHeight(body)) // an item stays on one page
		for j, line := range lines {
			if j == 0 {
				p.drawLine(margin+indent, p.y, mark, body, false)
			}
			p.drawLine(margin+indent+16, p.y, line, body, false)
			p.y += p.lineHeight(body)
		}
	}
	p.y += paraSpace
}

// rule draws a thin line across the text column at the current height.
func (p *page) rule(x0, x1 float64) {
	if p.dry {
		return
	}
	p.pdf.SetLineWidth(0.5)
	p.pdf.SetStrokeColor(120, 120, 120)
	p.pdf.Line(x0, p.y, x1, p.y)
}

// footers writes "page N of M" and the date on every page once all are
// laid out.
func (p *page) footers(printed string) {
	n := p.pdf.GetNumberOfPages()
	for i := 1; i <= n; i++ {
		p.setErr(p.pdf.SetPage(i))
		text := p.w.footer(printed, i, n)
		p.drawLine(margin, p.size.H-margin-small.size*lineGap, text, small, false)
	}
}
