package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The pieces the screens share: labels that wrap, problem and notice
// lines, headings, scrolling a part into view. A screen builds them here
// rather than setting their fields itself, so that a change to how the
// app wraps or warns is one change.

// newWrappingLabel is a label whose text wraps at the page's width: the
// app's prose (introductions, results, problems) is always one.
func newWrappingLabel(text string) *widget.Label {
	return wrapWords(widget.NewLabel(text))
}

// newWrappingLabelWithStyle is newWrappingLabel aligned and styled.
func newWrappingLabelWithStyle(text string, align fyne.TextAlign, style fyne.TextStyle) *widget.Label {
	return wrapWords(widget.NewLabelWithStyle(text, align, style))
}

// wrapWords makes l wrap its text at word boundaries. Every wrapping
// label goes through here: it is the one place that decides where a
// line may break.
func wrapWords(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newProblemLabel is the line under a form that says what is wrong: red,
// wrapping, hidden until said (say, then Show).
func newProblemLabel() *widget.Label {
	l := newWrappingLabel("")
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// newNoticeLabel is a line that reports what was done, hidden until
// said; say gives it its importance (success, warning, danger).
func newNoticeLabel() *widget.Label {
	l := newWrappingLabel("")
	l.Hide()
	return l
}

// say sets a label's text and importance in one refresh.
func say(l *widget.Label, text string, importance widget.Importance) {
	l.Text = text
	l.Importance = importance
	l.Refresh()
}

// heading is the bold title of a part of a page.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// newPageTitle is the title at the top of a page, larger than a heading.
func newPageTitle(text string) *widget.Label {
	l := heading(text)
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// reveal lays a page's scroll out again once part of its content has
// appeared or grown, and brings the last of path into view: path is a
// child of the scrolled box, then a child of that, and so on.
func reveal(scroll *container.Scroll, path ...fyne.CanvasObject) {
	scroll.Refresh()
	var y float32
	for _, o := range path {
		y += o.Position().Y
	}
	scroll.ScrollToOffset(fyne.NewPos(0, max(0, y-theme.Padding())))
}

// scrollIntoView scrolls just enough for the last of path to be wholly
// in view, as the answer to what was just done; path is as for reveal.
func scrollIntoView(scroll *container.Scroll, path ...fyne.CanvasObject) {
	scroll.Refresh() // lay the part out where it now is
	var y float32
	for _, o := range path {
		y += o.Position().Y
	}
	o := path[len(path)-1]
	pad := theme.Padding()
	offset := scroll.Offset.Y
	switch {
	case y-pad < offset:
		offset = y - pad
	case y+o.Size().Height+pad > offset+scroll.Size().Height:
		offset = y + o.Size().Height + pad - scroll.Size().Height
	default:
		return
	}
	scroll.ScrollToOffset(fyne.NewPos(0, max(0, offset)))
}

// relayout lays o out again after a wrapping label in it changed: a
// label's height depends on its width, which the first pass sets.
func relayout(o fyne.CanvasObject) {
	o.Refresh()
	o.Refresh()
}

// newQRCanvas is an image for QR codes, black on white with a white
// margin, at least min pixels square and as large as the page lets it
// grow; the second value is what to put on the page.
func newQRCanvas(min float32) (*canvas.Image, fyne.CanvasObject) {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSquareSize(min))
	return img, container.NewStack(canvas.NewRectangle(color.White), container.NewPadded(img))
}
