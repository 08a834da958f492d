package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// vaultKeeper is what Settings asks of the unlocked vault (the session):
// to change what opens it, and to write a backup of it. Both block; they
// run off the window's thread.
type vaultKeeper interface {
	ChangePassphrase(current, next string) error
	Backup(path, pass string) (seeds int, err error)
}

// vaultForm is a dialog of Settings that asks for passphrases, says what
// is wrong under them, and runs its action off the window's thread.
type vaultForm struct {
	g       *gui
	d       *dialog.CustomDialog
	problem *widget.Label
	ok      *widget.Button
}

func (g *gui) newVaultForm(title, intro, okText string, fields fyne.CanvasObject, ok func(f *vaultForm)) *vaultForm {
	f := &vaultForm{g: g, problem: newWrappingLabel("")}
	f.problem.Importance = widget.DangerImportance
	f.problem.Hide()
	text := newWrappingLabel(intro)
	body := container.New(&fixedWidth{width: 400}, container.NewVBox(text, fields, f.problem))
	f.d = dialog.NewCustomWithoutButtons(title, body, g.win)
	f.ok = widget.NewButtonWithIcon(okText, theme.ConfirmIcon(), func() { ok(f) })
	f.ok.Importance = widget.HighImportance
	f.d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), f.d.Hide), f.ok})
	return f
}

// refuse says why nothing was done.
func (f *vaultForm) refuse(err error) {
	switch {
	case errors.Is(err, errNotCurrent):
		say(f.problem, lang.L("That is not the vault's current passphrase."), widget.DangerImportance)
	case errors.Is(err, errSamePassphrase):
		say(f.problem, lang.L("The new passphrase is the current one."), widget.DangerImportance)
	case errors.Is(err, errPassphrasesDiffer):
		say(f.problem, lang.L("The two passphrases differ."), widget.DangerImportance)
	default:
		say(f.problem, message(err), widget.DangerImportance)
	}
	f.problem.Show()
	f.ok.Enable()
}

// run does work in a goroutine with the button off, then done on the
// window's thread with work's error (nil: success).
func (f *vaultForm) run(work func() error, done func()) {
	f.problem.Hide()
	f.ok.Disable()
	f.g.work.Add(1)
	go func() {
		defer f.g.work.Done()
		err := work()
		f.g.do(func() {
			if errors.Is(err, errLockedMeanwhile) || !f.g.isUnlocked() {
				return
			}
			if err != nil {
				f.refuse(err)
				return
			}
			f.d.Hide()
			done()
		})
	}()
}

// changePassphrase asks for the current passphrase and a new one, and
// re-encrypts the vault under the new one (vault.ChangePassphrase, which
// replaces the .bak copy too, so no file opens with the old one).
func (s *settingsScreen) changePassphrase() {
	g := s.g
	g.touch()
	if !g.isUnlocked() {
		return
	}
	current := widget.NewPasswordEntry()
	next := newNewPassphraseForm(lang.L("New passphrase"), widget.NewFormItem(lang.L("Current passphrase"), current))
	fields := next.box
	f := g.newVaultForm(lang.L("Change passphrase"),
		lang.L("The vault and the copy kept beside it (.bak) are encrypted again under the new passphrase; the old one opens neither afterwards. Backups written before keep their own passphrase."),
		lang.L("Change passphrase"), fields, func(f *vaultForm) {
			g.touch()
			pass, err := next.value()
			if err != nil {
				f.refuse(err)
				return
			}
			if next.strength.confirmWeak(g, pass, f.ok.OnTapped) {
				return
			}
			old := current.Text
			f.run(func() error {
				return s.vault.ChangePassphrase(old, pass)
			}, func() {
				s.say(lang.L("Passphrase changed: the vault and its .bak copy open with the new one only."))
			})
		})
	f.d.SetOnClosed(func() {
		current.SetText("")
		next.clear()
	})
	g.show(f.d)
	g.win.Canvas().Focus(current)
}

// backUp writes the vault, encrypted under a passphrase of the backup's
// own, to a file the person chooses: the backup 'twofold export backup'
// writes (transfer.EncodeBackup), which import reads back.
func (s *settingsScreen) backUp() {
	g := s.g
	g.touch()
	if !g.isUnlocked() {
		return
	}
	pass := newNewPassphraseForm(lang.L("Backup's passphrase"))
	f := g.newVaultForm(lang.L("Back up the vault"),
		lang.L("Writes an encrypted copy of the vault (seeds, accounts, keys) to a file you choose, under a passphrase of its own. Keep it away from this computer: with it and its passphrase, Twofold's import brings everything back."),
		lang.L("Choose file and save…"), pass.box, func(f *vaultForm) {
			g.touch()
			p, err := pass.value()
			if err != nil {
				f.refuse(err)
				return
			}
			name := "twofold-backup-" + g.now().Format("2006-01-02") + ".age"
			g.opts.Files.Save(name, func(path string) {
				var seeds int
				f.run(func() (err error) {
					seeds, err = s.vault.Backup(path, p)
					return err
				}, func() {
					s.say(fmt.Sprintf(lang.L("Backed up %s to %s."), plural(seeds, "seed"), path))
				})
			})
		})
	f.d.SetOnClosed(pass.clear)
	g.show(f.d)
	g.win.Canvas().Focus(pass.pass)
}
