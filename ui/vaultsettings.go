package ui

import (
	"crypto/subtle"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/internal/secretfile"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// errNotCurrent is Change passphrase's problem when the current
// passphrase typed is not the vault's.
var errNotCurrent = errors.New("not the current passphrase")

// errSamePassphrase is Change passphrase's problem when the new one is
// the one it replaces.
var errSamePassphrase = errors.New("new passphrase is the current one")

// vaultForm is a dialog of Settings that asks for passphrases, says what
// is wrong under them, and runs its action off the window's thread.
type vaultForm struct {
	g       *gui
	d       *dialog.CustomDialog
	problem *widget.Label
	ok      *widget.Button
}

func (g *gui) newVaultForm(title, intro, okText string, fields fyne.CanvasObject, ok func(f *vaultForm)) *vaultForm {
	f := &vaultForm{g: g, problem: widget.NewLabel("")}
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Importance = widget.DangerImportance
	f.problem.Hide()
	text := widget.NewLabel(intro)
	text.Wrapping = fyne.TextWrapWord
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
		fyne.Do(func() {
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
func (g *gui) changePassphrase() {
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
			g.mu.Lock()
			isCurrent := subtle.ConstantTimeCompare([]byte(current.Text), []byte(g.passphrase)) == 1
			g.mu.Unlock()
			if !isCurrent {
				f.refuse(errNotCurrent)
				return
			}
			pass, err := next.value()
			if err == nil && pass == current.Text {
				err = errSamePassphrase
			}
			if err != nil {
				f.refuse(err)
				return
			}
			if next.strength.confirmWeak(g, pass, f.ok.OnTapped) {
				return
			}
			f.run(func() error {
				g.mu.Lock()
				defer g.mu.Unlock()
				if g.vault == nil {
					return errLockedMeanwhile
				}
				if err := g.vault.ChangePassphrase(pass); err != nil {
					return err
				}
				g.passphrase = pass
				return nil
			}, func() {
				g.settings.say(lang.L("Passphrase changed: the vault and its .bak copy open with the new one only."))
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
func (g *gui) backUp(choose func(name string, then func(path string))) {
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
			choose(name, func(path string) {
				var seeds int
				f.run(func() error {
					g.mu.Lock()
					if g.vault == nil {
						g.mu.Unlock()
						return errLockedMeanwhile
					}
					b, err := transfer.EncodeBackup(g.vault.Data, p)
					seeds = len(g.vault.Data.Seeds)
					g.mu.Unlock()
					if err != nil {
						return err
					}
					return secretfile.Write(path, b, true, g.opts.VaultPath)
				}, func() {
					g.settings.say(fmt.Sprintf(lang.L("Backed up %s to %s."), plural(seeds, "seed"), path))
				})
			})
		})
	f.d.SetOnClosed(pass.clear)
	g.show(f.d)
	g.win.Canvas().Focus(pass.pass)
}

// chooseSaveFile asks where to save a file named name, then runs then
// with its path; nothing when the person cancels.
func (g *gui) chooseSaveFile(name string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			g.showError(lang.L("Cannot save there"), err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		// The file is written anew, readable by its owner only.
		w.Close()
		then(path)
	}, g.win)
	d.SetFileName(name)
	g.show(d)
}
