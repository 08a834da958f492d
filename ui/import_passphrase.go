package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// passphraseNeeded carries an encrypted export back to the window's
// thread, to ask for its passphrase and read it again.
type passphraseNeeded struct {
	name    string
	content []byte
	format  transfer.Format
	wrong   bool
}

func (p *passphraseNeeded) Error() string { return p.name + ": " + errNeedPassphrase.Error() }

// exportPassForm is the import page's own question for an encrypted
// export's passphrase: shown in the page only when the export asks for
// one (transfer.NeedsPassphrase), hidden otherwise.
type exportPassForm struct {
	s       *importScreen
	explain *widget.Label
	entry   *widget.Entry
	open    *widget.Button
	box     *fyne.Container
	asked   *passphraseNeeded // the export waiting for its passphrase
}

func newExportPassForm(s *importScreen) *exportPassForm {
	f := &exportPassForm{s: s, explain: newWrappingLabel(""), entry: widget.NewPasswordEntry()}
	f.entry.SetPlaceHolder(lang.L("Passphrase"))
	f.open = widget.NewButtonWithIcon(lang.L("Open"), theme.ConfirmIcon(), f.submit)
	f.open.Importance = widget.HighImportance
	f.entry.OnSubmitted = func(string) { f.submit() }
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.cancel)
	f.box = container.NewVBox(f.explain, container.NewBorder(nil, nil, nil, container.NewHBox(f.open, cancel), f.entry))
	f.box.Hide()
	return f
}

// ask shows the question for p's passphrase.
func (f *exportPassForm) ask(p *passphraseNeeded) {
	f.asked = p
	text := fmt.Sprintf(lang.L("%s is encrypted (%s). Enter the passphrase it was exported with."), p.name, formatName(p.format))
	importance := widget.MediumImportance
	if p.wrong {
		text = message(transfer.ErrWrongPassphrase)
		importance = widget.DangerImportance
	}
	say(f.explain, text, importance)
	f.box.Show()
	relayout(f.s.content)
	f.s.g.win.Canvas().Focus(f.entry)
}

// submit reads the export again with the passphrase typed.
func (f *exportPassForm) submit() {
	p := f.asked
	if p == nil {
		return
	}
	pass := f.entry.Text
	if pass == "" {
		say(f.explain, message(vault.ErrEmptyPassphrase), widget.DangerImportance)
		return
	}
	f.close()
	f.s.run(fmt.Sprintf(lang.L("Opening %s…"), p.name), func() (transfer.Contents, error) {
		return f.s.readEncrypted(p.name, p.content, pass)
	}, p.name)
}

// cancel gives up the export.
func (f *exportPassForm) cancel() {
	p := f.asked
	f.close()
	if p != nil {
		say(f.s.status, fmt.Sprintf(lang.L("Nothing read from %s: it needs its passphrase."), p.name), widget.WarningImportance)
		f.s.status.Show()
	}
	relayout(f.s.content)
}

// close forgets the export and what was typed.
func (f *exportPassForm) close() {
	f.entry.SetText("")
	f.asked = nil
	f.box.Hide()
}
