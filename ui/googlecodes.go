package ui

import (
	"bytes"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// transferPixels is the side of a rendered transfer code: ten seeds make
// a dense code, which the canvas then shows as large as the window lets.
const transferPixels = 768

// googleCodesScreen shows the vault's seeds as Google Authenticator
// transfer codes, one after another, large, black on white, for the
// phone's "Transfer accounts, Import accounts, Scan QR code". Seeds the
// format cannot hold are named and left out.
type googleCodesScreen struct {
	pageDefaults
	g *gui

	image    *canvas.Image
	progress *widget.Label // "Code 2 of 3"
	holds    *widget.Label // the seeds in the code shown
	leftOut  *widget.Label
	prev     *widget.Button
	next     *widget.Button

	codes []transferCode
	at    int

	content fyne.CanvasObject
}

// transferCode is one rendered QR code (a transfer code, or one seed's
// backup QR in the wizard) and the seeds it holds.
type transferCode struct {
	image image.Image
	seeds []token.Seed
}

// confirmGoogleCodes says what the transfer codes give away, then opens
// the page.
func (g *gui) confirmGoogleCodes() {
	if !g.isUnlocked() {
		return
	}
	g.confirmThen(lang.L("Show the transfer codes?"),
		lang.L("These QR codes hold the seeds themselves. Anyone who scans or photographs them, now or from a screenshot later, can make your codes for these accounts.\n\nShow them only where nobody can see your screen, and with no screen sharing or recording running."),
		lang.L("Show the codes"), g.showGoogleCodes)
}

// confirmThen asks a yes-or-Cancel question; then runs on a yes once the
// dialog has closed, after the gui's own closing bookkeeping, so that a
// goroutine it starts never runs alongside that.
func (g *gui) confirmThen(title, text, yes string, then func()) {
	ok := false
	d := dialog.NewConfirm(title, text, func(answer bool) { ok = answer }, g.win)
	d.SetConfirmText(yes)
	d.SetDismissText(lang.L("Cancel"))
	g.show(d)
	d.SetOnClosed(func() {
		if ok {
			then()
		}
	})
}

func newGoogleCodesScreen(g *gui) *googleCodesScreen {
	s := &googleCodesScreen{g: g}
	var code fyne.CanvasObject
	s.image, code = newQRCanvas(280)
	s.progress = widget.NewLabelWithStyle(lang.L("Preparing the codes…"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.holds = newWrappingLabel("")
	s.holds.Alignment = fyne.TextAlignCenter
	s.leftOut = newWrappingLabel("")
	s.leftOut.Importance = widget.WarningImportance
	// Which seeds are left out is known at once (the codes take longer),
	// so the page is laid out with it from the start.
	if _, refused := transfer.EncodeMigration(g.shown().seeds, 0); len(refused) > 0 {
		s.leftOut.SetText(leftOutText(refused))
	} else {
		s.leftOut.Hide()
	}
	s.prev = widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() { s.show(s.at - 1) })
	s.next = widget.NewButtonWithIcon(lang.L("Next"), theme.NavigateNextIcon(), func() { s.show(s.at + 1) })
	s.next.IconPlacement = widget.ButtonIconTrailingText
	s.prev.Disable()
	s.next.Disable()

	how := newWrappingLabel(lang.L("On the phone, in Google Authenticator: menu, Transfer accounts, Import accounts, Scan QR code. Scan each code in turn."))
	done := widget.NewButtonWithIcon(lang.L("Done"), theme.ConfirmIcon(), g.back)
	title := heading(lang.L("Export to Google Authenticator"))
	top := container.NewVBox(container.NewBorder(nil, nil, title, done), how, s.leftOut)
	bottom := container.NewVBox(s.holds, container.NewBorder(nil, nil, s.prev, s.next, s.progress))
	s.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil, code))
	return s
}

// shown starts making the codes, once the page is on screen.
func (s *googleCodesScreen) shown() { s.render(s.g.shown().seeds) }

func (s *googleCodesScreen) object() fyne.CanvasObject { return s.content }

// close takes the codes off the screen and out of memory.
func (s *googleCodesScreen) close() {
	s.codes = nil
	s.image.Image = nil
	s.image.Refresh()
}

// render makes the transfer codes off the window's thread: each is read
// back before it is shown, which takes a moment for dense codes.
func (s *googleCodesScreen) render(seeds []token.Seed) {
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		codes, err := renderTransferCodes(seeds)
		s.g.do(func() {
			if s.g.page != page(s) {
				return
			}
			if err != nil {
				say(s.progress, fmt.Sprintf(lang.L("Could not make the codes: %s"), err), widget.DangerImportance)
				return
			}
			s.codes = codes
			if len(codes) == 0 {
				say(s.progress, lang.L("No seed here fits Google Authenticator's transfer format."), widget.DangerImportance)
				return
			}
			s.show(0)
		})
	}()
}

// renderTransferCodes renders the transfer codes of seeds as images, with
// the seeds each holds.
func renderTransferCodes(seeds []token.Seed) ([]transferCode, error) {
	codes, _, err := transfer.MigrationCodes(seeds, transferPixels)
	if err != nil {
		return nil, err
	}
	out := make([]transferCode, len(codes))
	for i, c := range codes {
		img, _, err := image.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			return nil, fmt.Errorf("drawing code %d: %w", i+1, err)
		}
		out[i] = transferCode{image: img, seeds: c.Seeds}
	}
	return out, nil
}

// leftOutText names the seeds an export left out, and why.
func leftOutText(refused []transfer.Refusal) string {
	var lines []string
	for _, r := range refused {
		lines = append(lines, fmt.Sprintf("%s: %v", r.Seed.Label(), r.Reason))
	}
	intro := lang.L("Left out, as Google Authenticator cannot hold them (move each with its own QR code instead):")
	if len(refused) == 1 {
		intro = lang.L("Left out, as Google Authenticator cannot hold it (move it with its own QR code instead):")
	}
	return intro + "\n" + strings.Join(lines, "\n")
}

// show puts code i on screen.
func (s *googleCodesScreen) show(i int) {
	s.g.touch()
	if i < 0 || i >= len(s.codes) {
		return
	}
	s.at = i
	s.image.Image = s.codes[i].image
	s.image.Refresh()
	say(s.progress, fmt.Sprintf(lang.L("Code %d of %d"), i+1, len(s.codes)), widget.MediumImportance)
	s.holds.SetText(holdsText(s.codes[i].seeds))
	if i > 0 {
		s.prev.Enable()
	} else {
		s.prev.Disable()
	}
	if i < len(s.codes)-1 {
		s.next.Enable()
	} else {
		s.next.Disable()
	}
}

// holdsText names the seeds in a code.
func holdsText(seeds []token.Seed) string {
	names := make([]string, len(seeds))
	for i, s := range seeds {
		names[i] = s.Label()
	}
	return fmt.Sprintf(lang.L("This code holds %s."), strings.Join(names, lang.L(", ")))
}
