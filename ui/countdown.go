package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// countdown shows the seconds a code has left as a number over a thin
// bar that empties through the period. Theme colours are looked up when
// it draws, so a theme change applies at once.
type countdown struct {
	widget.BaseWidget
	left, period int
}

func newCountdown() *countdown {
	c := &countdown{}
	c.ExtendBaseWidget(c)
	return c
}

// set shows left of period seconds.
func (c *countdown) set(left, period int) {
	if left == c.left && period == c.period {
		return
	}
	c.left, c.period = left, period
	c.Refresh()
}

func (c *countdown) CreateRenderer() fyne.WidgetRenderer {
	r := &countdownRenderer{c: c,
		text:  canvas.NewText("", nil),
		track: canvas.NewRectangle(nil),
		fill:  canvas.NewRectangle(nil),
	}
	// The theme's regular face, whose digits all have one width, so the
	// number does not shift as it counts. A monospaced face here would be
	// one more text style, and Fyne loads its fonts (with its 4 MiB emoji
	// font) once for each style: about 6 MiB of heap for this one label.
	r.text.Alignment = fyne.TextAlignCenter
	r.track.CornerRadius, r.fill.CornerRadius = 2, 2
	r.Refresh()
	return r
}

type countdownRenderer struct {
	c           *countdown
	text        *canvas.Text
	track, fill *canvas.Rectangle
}

const countdownBar = 4 // bar height

func (r *countdownRenderer) Layout(size fyne.Size) {
	th := r.c.Theme()
	textH := r.text.MinSize().Height
	r.text.Move(fyne.NewPos(0, (size.Height-textH-countdownBar-th.Size(theme.SizeNameInnerPadding)/2)/2))
	r.text.Resize(fyne.NewSize(size.Width, textH))
	y := r.text.Position().Y + textH + th.Size(theme.SizeNameInnerPadding)/2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, countdownBar))
	frac := float32(0)
	if r.c.period > 0 {
		frac = float32(r.c.left) / float32(r.c.period)
	}
	r.fill.Move(fyne.NewPos(0, y))
	r.fill.Resize(fyne.NewSize(size.Width*min(frac, 1), countdownBar))
}

func (r *countdownRenderer) MinSize() fyne.Size {
	r.text.Text = fmt.Sprintf(lang.L("%d s"), 88)
	m := r.text.MinSize()
	r.text.Text = fmt.Sprintf(lang.L("%d s"), r.c.left)
	return fyne.NewSize(m.Width, m.Height+countdownBar+r.c.Theme().Size(theme.SizeNameInnerPadding)/2)
}

func (r *countdownRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.text.Text = fmt.Sprintf(lang.L("%d s"), r.c.left)
	r.text.TextSize = th.Size(theme.SizeNameText)
	r.text.Color = th.Color(theme.ColorNameForeground, v)
	r.track.FillColor = th.Color(theme.ColorNameInputBorder, v)
	r.fill.FillColor = th.Color(theme.ColorNamePrimary, v)
	if r.c.left <= 5 {
		r.fill.FillColor = th.Color(theme.ColorNameWarning, v)
	}
	r.Layout(r.c.Size())
	r.text.Refresh()
	r.track.Refresh()
	r.fill.Refresh()
}

func (r *countdownRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill, r.text}
}

func (r *countdownRenderer) Destroy() {}
