package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// confirmDanger asks before a change that cannot be undone (deleting,
// removing). Its confirm button is in the danger style, so it does not
// look like the way forward; do runs only when it is pressed.
func (g *gui) confirmDanger(title, text, confirm string, do func()) {
	g.touch()
	d := dialog.NewConfirm(title, text, func(ok bool) {
		if ok {
			do()
		}
	}, g.win)
	d.SetConfirmText(confirm)
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText(lang.L("Cancel"))
	g.show(d)
}

// askDefaultNo asks a question whose safe answer is No (add a secret
// the vault already holds?). No is the emphasised button and has the
// focus, so Enter, Space or Escape answer No; yes runs only when the
// button named yesText is pressed.
func (g *gui) askDefaultNo(title, text, yesText string, yes func()) {
	g.touch()
	l := newWrappingLabel(text)
	d := dialog.NewCustomWithoutButtons(title, wrapWidth(l), g.win)
	no := newDefaultButton(lang.L("No"), theme.CancelIcon(), d.Hide)
	again := widget.NewButtonWithIcon(yesText, theme.ConfirmIcon(), func() {
		d.Hide()
		yes()
	})
	d.SetButtons([]fyne.CanvasObject{again, no})
	g.show(d)
	g.win.Canvas().Focus(no)
}

// wrapWidth gives a dialog's text a width to wrap in.
func wrapWidth(l *widget.Label) fyne.CanvasObject {
	return &fyne.Container{Layout: &fixedWidth{width: 360}, Objects: []fyne.CanvasObject{l}}
}

// defaultButton is the emphasised button of a question that answers to
// Enter and Escape as well as Space while it has the focus.
type defaultButton struct{ widget.Button }

func newDefaultButton(text string, icon fyne.Resource, tapped func()) *defaultButton {
	b := &defaultButton{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.Importance = widget.HighImportance
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter, Return and Escape too.
func (b *defaultButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(ev)
	}
}
