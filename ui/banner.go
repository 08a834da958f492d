package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// bannerRed is the band's colour: a dark red on which white text reads
// well (contrast above 6:1) in the light and the dark theme alike.
var bannerRed = color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff}

// newBanner builds the warning band across the top of the window: white
// text on red, a warning sign, and a Details button that runs details.
// It returns the label that carries the text and the band, hidden.
func newBanner(details func()) (*widget.Label, *fyne.Container) {
	text := newWrappingLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	more := widget.NewButton(lang.L("Details"), details)
	row := container.NewBorder(nil, nil,
		container.NewCenter(widget.NewIcon(theme.WarningIcon())), container.NewCenter(more), text)
	band := container.NewStack(canvas.NewRectangle(bannerRed),
		container.NewThemeOverride(row, bannerTheme{}))
	box := container.NewVBox(band)
	box.Hide()
	return text, box
}

// bannerTheme is the app's theme with white text and icons, and buttons
// a shade lighter than the band, for the red band.
type bannerTheme struct{}

func (bannerTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameForeground, theme.ColorNameWarning:
		return color.White
	case theme.ColorNameButton:
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x30}
	case theme.ColorNameHover, theme.ColorNamePressed:
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}
	}
	return fyne.CurrentApp().Settings().Theme().Color(n, v)
}

func (bannerTheme) Font(s fyne.TextStyle) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Font(s)
}

func (bannerTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Icon(n)
}

func (bannerTheme) Size(n fyne.ThemeSizeName) float32 {
	return fyne.CurrentApp().Settings().Theme().Size(n)
}

// setBanner shows, across the main window, which accounts one lost
// device would lock out: the account by name when there is one, a count
// when there are more, so the band stays a line or two however many
// there are. Details opens the Inventory, where each is listed with its
// fix. The band hides when no account has a single factor.
func (g *gui) setBanner(findings []inventory.Finding) {
	var names []string
	for _, f := range findings {
		if f.Code == inventory.CodeSingleFactor {
			names = append(names, f.Account)
		}
	}
	switch len(names) {
	case 0:
		g.bannerBox.Hide()
		return
	case 1:
		g.banner.SetText(fmt.Sprintf(lang.L("%s has a single factor: losing it locks you out. Add a second one."), names[0]))
	default:
		g.banner.SetText(fmt.Sprintf(lang.L("%d accounts have a single factor: add a second one to each."), len(names)))
	}
	g.bannerBox.Show()
}
