package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/internal/linebreak"
)

// wrapLabel is a label that wraps its text where Japanese and English
// break (package linebreak): Fyne's own label wraps only at spaces, so a
// Japanese sentence, which has none, broke at its few Latin words. It
// takes the fields of widget.Label that the app uses, with the same
// meaning; like a wrapping widget.Label, it asks for no width and for as
// many lines as its text takes at the width it is given, so it never
// widens a window.
type wrapLabel struct {
	widget.BaseWidget
	Text       string
	Alignment  fyne.TextAlign
	TextStyle  fyne.TextStyle
	Importance widget.Importance
	SizeName   fyne.ThemeSizeName // theme.SizeNameText unless set
}

// newWrapLabel is a wrapping label showing text.
func newWrapLabel(text string) *wrapLabel {
	l := &wrapLabel{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text.
func (l *wrapLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

func (l *wrapLabel) CreateRenderer() fyne.WidgetRenderer {
	r := &wrapLabelRenderer{l: l}
	r.Refresh()
	return r
}

type wrapLabelRenderer struct {
	l       *wrapLabel
	lines   []string // the text broken at width
	width   float32  // the width lines were broken for; 0: not yet laid out
	text    string   // the text lines were broken from
	objects []fyne.CanvasObject
}

func (r *wrapLabelRenderer) textSize() float32 {
	name := r.l.SizeName
	if name == "" {
		name = theme.SizeNameText
	}
	return r.l.Theme().Size(name)
}

// breakLines breaks the text for the width the label has now. Before
// it has one, each paragraph is one line, as a wrapping widget.Label does.
func (r *wrapLabelRenderer) breakLines(width float32) {
	pad := r.l.Theme().Size(theme.SizeNameInnerPadding)
	size, style := r.textSize(), r.l.TextStyle
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	r.lines = linebreak.Lines(r.l.Text, width-2*pad, measure)
	r.width, r.text = width, r.l.Text
}

func (r *wrapLabelRenderer) lineHeight() float32 {
	return fyne.MeasureText("M", r.textSize(), r.l.TextStyle).Height
}

func (r *wrapLabelRenderer) MinSize() fyne.Size {
	// No width of its own, as widget.Label's wrapping: at its minimum
	// width the text is not wrapped at all (each paragraph one line), not
	// wrapped at one character a line, which would make a window that
	// first lays it out there as tall as the text is long.
	pad := r.l.Theme().Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(2*pad, float32(len(r.lines))*r.lineHeight()+2*pad)
}

func (r *wrapLabelRenderer) Layout(size fyne.Size) {
	if size.Width != r.width || r.text != r.l.Text {
		r.breakLines(size.Width)
		r.sync()
	}
	pad := r.l.Theme().Size(theme.SizeNameInnerPadding)
	h := r.lineHeight()
	for i, o := range r.objects {
		o.Move(fyne.NewPos(pad, pad+float32(i)*h))
		o.Resize(fyne.NewSize(size.Width-2*pad, h))
	}
}

// colorName is the colour widget.Label gives the importance.
func (r *wrapLabelRenderer) colorName() fyne.ThemeColorName {
	switch r.l.Importance {
	case widget.LowImportance:
		return theme.ColorNameDisabled
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}

// sync makes one text object per line, styled as the label says.
func (r *wrapLabelRenderer) sync() {
	th := r.l.Theme()
	c := th.Color(r.colorName(), fyne.CurrentApp().Settings().ThemeVariant())
	for len(r.objects) < len(r.lines) {
		r.objects = append(r.objects, canvas.NewText("", c))
	}
	r.objects = r.objects[:len(r.lines)]
	for i, line := range r.lines {
		t := r.objects[i].(*canvas.Text)
		t.Text, t.Color, t.TextSize, t.TextStyle, t.Alignment = line, c, r.textSize(), r.l.TextStyle, r.l.Alignment
		t.Refresh()
	}
}

func (r *wrapLabelRenderer) Refresh() {
	r.breakLines(r.l.Size().Width)
	r.sync()
	r.Layout(r.l.Size())
	canvas.Refresh(r.l)
}

func (r *wrapLabelRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *wrapLabelRenderer) Destroy() {}
