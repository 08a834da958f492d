package ui

import (
	"errors"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/twofoldmfa/twofold/token/vault"
)

// edit applies fn to the vault's data and saves, in a goroutine
// (vaultSession.Edit). On success the screens get the new data and done (if
// any) runs; on failure the data is as it was and a dialog explains why.
// When another process saved the file meanwhile (vault.ErrConflict) the
// dialog offers to reload the file and apply the change again.
func (g *gui) edit(fn func(d *vault.Data) error, done func()) {
	g.editOr(fn, done, nil)
}

// editOr is edit with a say in failures: refused, when not nil, is given
// an error of fn first and reports whether it presented it (the
// question "add it again?", say); otherwise the error is shown.
func (g *gui) editOr(fn func(d *vault.Data) error, done func(), refused func(error) bool) {
	g.sess.Edit(fn, func(err error) {
		if err != nil && refused != nil && !errors.Is(err, vault.ErrConflict) && refused(err) {
			return
		}
		g.edited(err, fn, done)
	})
}

// edited says how an edit ended.
func (g *gui) edited(err error, fn func(d *vault.Data) error, done func()) {
	switch {
	case errors.Is(err, errLockedMeanwhile) || !g.isUnlocked():
	case err == nil:
		if done != nil {
			done()
		}
	case errors.Is(err, vault.ErrConflict):
		d := dialog.NewConfirm(lang.L("The vault changed on disk"),
			lang.L("Another program (perhaps the twofold command) saved the vault since you unlocked it, so your change was not saved.\n\nReload the vault from disk and apply your change again?"),
			func(ok bool) {
				if ok {
					g.reload(fn, done)
				}
			}, g.win)
		d.SetConfirmText(lang.L("Reload and apply"))
		d.SetDismissText(lang.L("Discard my change"))
		g.show(d)
	default:
		g.showError(lang.L("Could not save"), err)
	}
}

// reload opens the vault file again with the passphrase it was unlocked
// with, then applies fn (if any) and saves. A file that no longer opens
// locks the app.
func (g *gui) reload(fn func(d *vault.Data) error, done func()) {
	g.sess.Reload(func(err error) {
		switch {
		case errors.Is(err, errLockedMeanwhile):
		case err != nil:
			g.lock()
			g.showError(lang.L("Could not reload the vault"), err)
		case fn == nil:
			g.edited(nil, nil, done)
		default:
			g.edit(fn, done)
		}
	})
}
