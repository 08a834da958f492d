package ui

import (
	"hash/fnv"
	"image/color"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// avatarColors are distinct, dark enough for white initials to read
// (contrast above 4.5:1), in light and dark themes alike.
var avatarColors = []color.NRGBA{
	{0x1f, 0x6f, 0xb2, 0xff}, // blue
	{0x2e, 0x7d, 0x32, 0xff}, // green
	{0x8e, 0x24, 0xaa, 0xff}, // purple
	{0xc6, 0x28, 0x28, 0xff}, // red
	{0x00, 0x69, 0x7c, 0xff}, // teal
	{0x6d, 0x4c, 0x41, 0xff}, // brown
	{0x45, 0x5a, 0x64, 0xff}, // slate
	{0xad, 0x14, 0x57, 0xff}, // pink
}

// awsColor is a dark AWS orange, so AWS seeds stand out in the list.
var awsColor = color.NRGBA{0xb8, 0x4e, 0x00, 0xff}

// avatar is a round badge with an issuer's initials.
type avatar struct {
	widget.BaseWidget
	circle *canvas.Circle
	text   *canvas.Text
	size   float32
}

func newAvatar(size float32) *avatar {
	a := &avatar{size: size}
	a.circle = canvas.NewCircle(avatarColors[0])
	a.text = canvas.NewText("", color.White)
	a.text.TextStyle = fyne.TextStyle{Bold: true}
	a.text.Alignment = fyne.TextAlignCenter
	a.text.TextSize = size * 0.4
	a.ExtendBaseWidget(a)
	return a
}

// set shows the initials of name in its colour.
func (a *avatar) set(name string, aws bool) {
	a.text.Text = initials(name)
	if aws {
		a.circle.FillColor = awsColor
	} else {
		a.circle.FillColor = colorFor(name)
	}
	a.Refresh()
}

func (a *avatar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&squareLayout{a.size}, a.circle,
		container.New(layout.NewCenterLayout(), a.text)))
}

func (a *avatar) MinSize() fyne.Size { return fyne.NewSquareSize(a.size) }

// squareLayout gives every object the same square.
type squareLayout struct{ size float32 }

func (s *squareLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSquareSize(s.size) }

func (s *squareLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	side := min(size.Width, size.Height)
	pos := fyne.NewPos((size.Width-side)/2, (size.Height-side)/2)
	for _, o := range objects {
		o.Move(pos)
		o.Resize(fyne.NewSquareSize(side))
	}
}

// initials are the first letters of the first two words of name, or its
// first letter; "?" when it has no letter or digit.
func initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		if b.Len() >= 2 || len(words) == 1 {
			break
		}
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}

// colorFor picks a stable colour for name, so an issuer keeps its
// colour from one run to the next.
func colorFor(name string) color.Color {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(strings.TrimSpace(name))))
	return avatarColors[h.Sum32()%uint32(len(avatarColors))]
}
