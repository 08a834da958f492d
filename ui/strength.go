package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/passphrase"
)

// strengthView shows how strong a new passphrase is: a thin meter that
// fills and takes the colour of the strength (red, orange, green), and a
// line of words under it. The first run and Change passphrase share it,
// so both rate a passphrase the way 'twofold init' does.
type strengthView struct {
	meter  *strengthMeter
	rating *wrapLabel
	box    *fyne.Container
	// confirmed is the weak passphrase the person said to use anyway;
	// typing anything else forgets it.
	confirmed string
}

func newStrengthView() *strengthView {
	v := &strengthView{meter: newStrengthMeter(), rating: newWrapLabel("")}
	v.box = container.NewVBox(v.meter, v.rating)
	return v
}

// show rates pass and reports whether the policy refuses it (too short).
func (v *strengthView) show(pass string) (refused bool) {
	st := passphrase.Estimate(pass)
	refused = passphrase.Check(pass) != nil
	if pass != v.confirmed {
		v.confirmed = ""
	}
	switch {
	case pass == "":
		v.rating.SetText(fmt.Sprintf(lang.L("Use at least %d characters; four or more random words make a strong passphrase."), passphrase.MinLength))
	case refused:
		v.rating.SetText(fmt.Sprintf(lang.L("Too short: use at least %d characters."), passphrase.MinLength))
	default:
		// passphrase.Describe's words, in the app's language.
		v.rating.SetText(fmt.Sprintf(lang.L("Strength: %s (about %.0f bits)."), lang.L(st.Label), st.Bits))
	}
	importance := widget.SuccessImportance
	switch {
	case pass == "":
		importance = widget.MediumImportance
	case refused || st.Label == passphrase.Weak:
		importance = widget.DangerImportance
	case st.Label == passphrase.Fair:
		importance = widget.WarningImportance
	}
	v.rating.Importance = importance
	v.rating.Refresh()
	if pass == "" {
		v.meter.set(0, importance)
	} else {
		v.meter.set(float32(min(st.Bits, passphrase.GreatBits)/passphrase.GreatBits), importance)
	}
	return refused
}

// confirmWeak asks again before a weak passphrase is used. It reports
// whether it asked: pass rates Weak and was not confirmed before. Yes
// marks it confirmed and calls retry, which runs the action again; no
// leaves the form as it is.
func (v *strengthView) confirmWeak(g *gui, pass string, retry func()) bool {
	if !passphrase.IsWeak(pass) || pass == v.confirmed {
		return false
	}
	d := dialog.NewConfirm(lang.L("Use a weak passphrase?"),
		lang.L("Anyone who gets the vault file could guess this passphrase. Four or more random words make a strong one."),
		func(ok bool) {
			if ok {
				v.confirmed = pass
				retry()
			}
		}, g.win)
	d.SetConfirmText(lang.L("Use it anyway"))
	d.SetDismissText(lang.L("Choose another"))
	g.show(d)
	return true
}

// strengthMeter is a thin bar: an outline track, and a fill in the
// colour of the strength. Empty it is the track alone, a hairline that
// cannot be mistaken for a button.
type strengthMeter struct {
	widget.BaseWidget
	frac       float32
	importance widget.Importance
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{}
	m.ExtendBaseWidget(m)
	return m
}

func (m *strengthMeter) set(frac float32, importance widget.Importance) {
	m.frac, m.importance = max(0, min(frac, 1)), importance
	m.Refresh()
}

// colorName is the theme colour of the fill.
func (m *strengthMeter) colorName() fyne.ThemeColorName {
	switch m.importance {
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameDisabled
}

func (m *strengthMeter) CreateRenderer() fyne.WidgetRenderer {
	r := &strengthRenderer{m: m, track: canvas.NewRectangle(nil), fill: canvas.NewRectangle(nil)}
	r.track.StrokeWidth = 1
	r.track.CornerRadius, r.fill.CornerRadius = strengthBar/2, strengthBar/2
	r.Refresh()
	return r
}

const strengthBar = 6 // the bar's height

type strengthRenderer struct {
	m           *strengthMeter
	track, fill *canvas.Rectangle
}

func (r *strengthRenderer) Layout(size fyne.Size) {
	y := (size.Height - strengthBar) / 2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, strengthBar))
	r.fill.Move(fyne.NewPos(0, y))
	r.fill.Resize(fyne.NewSize(size.Width*r.m.frac, strengthBar))
}

func (r *strengthRenderer) MinSize() fyne.Size {
	return fyne.NewSize(strengthBar*4, strengthBar+r.m.Theme().Size(theme.SizeNamePadding))
}

func (r *strengthRenderer) Refresh() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameBackground, v)
	r.track.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.fill.FillColor = th.Color(r.m.colorName(), v)
	if r.m.frac == 0 {
		r.fill.Hide()
	} else {
		r.fill.Show()
	}
	r.Layout(r.m.Size())
	r.track.Refresh()
	r.fill.Refresh()
}

func (r *strengthRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill}
}

func (r *strengthRenderer) Destroy() {}
