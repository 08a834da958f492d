package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// qrPixels is the side of the backup QR image. Shown at this size on a
// screen, phones scan it at arm's length.
const qrPixels = 360

// backupQR is the panel that shows a seed as its backup QR code and its
// secret key, to put the seed on a phone: a seed's page and the AWS root
// set-up show it. The page asks first (a confirmation saying what the
// code gives away) and puts the panel where it belongs; the panel draws
// the code, copies the key through the clipboard guard, and forgets both
// when hidden.
type backupQR struct {
	box     *fyne.Container
	image   *canvas.Image
	secret  *widget.Label
	copyKey *widget.Button
	hide    *widget.Button

	copySecret func(secret string)
	hidden     func()
	seed       token.Seed // the seed shown; zero while hidden
}

// newBackupQR builds the panel, hidden. copySecret copies the secret key
// (gui.copySecret); hidden runs when the person hides the panel.
func newBackupQR(copySecret func(secret string), hidden func()) *backupQR {
	q := &backupQR{copySecret: copySecret, hidden: hidden}
	var framed fyne.CanvasObject
	q.image, framed = newQRCanvas(qrPixels)
	q.secret = newWrappingLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	// Not selectable: Fyne's own copy would leave the secret on the
	// clipboard for good. The Copy button goes through the clipboard
	// guard, which takes it off again.
	q.secret.Selectable = false
	q.copyKey = widget.NewButtonWithIcon(lang.L("Copy secret key"), theme.ContentCopyIcon(), func() {
		if q.seed.Secret != "" {
			q.copySecret(q.seed.Secret)
		}
	})
	q.hide = widget.NewButtonWithIcon(lang.L("Hide the QR code"), theme.VisibilityOffIcon(), func() {
		q.clear()
		q.hidden()
	})
	q.box = container.NewVBox(
		container.NewCenter(framed),
		widget.NewLabelWithStyle(lang.L("Or type this secret key on the phone:"), fyne.TextAlignCenter, fyne.TextStyle{}),
		q.secret,
		container.NewCenter(container.NewHBox(q.copyKey, q.hide)),
	)
	q.box.Hide()
	return q
}

// askToShowQR says what a QR code gives away (title, warning) and, once
// the person agrees, shows the seed with id in q; shown runs after (to
// hide the page's Show button and bring the code into view).
func (g *gui) askToShowQR(q *backupQR, id, title, warning string, shown func()) {
	g.touch()
	d := dialog.NewConfirm(title, warning, func(ok bool) {
		seed, found := g.seedByID(id)
		if !ok || !found {
			return
		}
		if err := q.show(seed); err != nil {
			g.showError(lang.L("Cannot draw the QR code"), err)
			return
		}
		shown()
	}, g.win)
	d.SetConfirmText(lang.L("Show QR code"))
	d.SetDismissText(lang.L("Cancel"))
	g.show(d)
}

// show draws seed's QR code and key and shows the panel.
func (q *backupQR) show(seed token.Seed) error {
	img, err := qr.Image(seed.URI(), qrPixels)
	if err != nil {
		return err
	}
	q.seed = seed
	q.image.Image = img
	q.image.Refresh()
	q.secret.SetText(token.GroupSecret(seed.Secret))
	q.box.Show()
	return nil
}

// clear takes the code and key off the screen and hides the panel.
func (q *backupQR) clear() {
	q.seed = token.Seed{}
	q.image.Image = nil
	q.image.Refresh()
	q.secret.SetText("")
	q.box.Hide()
}

// visible reports whether the panel shows a seed.
func (q *backupQR) visible() bool { return q.box.Visible() }
