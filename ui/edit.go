package ui

import (
	"errors"
	"fyne.io/fyne/v2/lang"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// edit applies fn to the vault's data and saves, in a goroutine. On
// success the screens get the new seeds and done (if any) runs; on
// failure the change is undone in memory and a dialog explains why. When
// another process saved the file meanwhile (vault.ErrConflict) the dialog
// offers to reload the file and apply the change again.
func (g *gui) edit(fn func(d *vault.Data) error, done func()) {
	g.editOr(fn, done, nil)
}

// editOr is edit with a say in failures: refused, when not nil, is given
// an error of fn first and reports whether it presented it (the
// question "add it again?", say); otherwise the error is shown.
func (g *gui) editOr(fn func(d *vault.Data) error, done func(), refused func(error) bool) {
	g.work.Add(1)
	go func() {
		defer g.work.Done()
		after, err := g.applyAndSave(fn)
		fyne.Do(func() {
			if err != nil && refused != nil && !errors.Is(err, vault.ErrConflict) && refused(err) {
				g.setView(after)
				return
			}
			g.edited(after, err, fn, done)
		})
	}()
}

func (g *gui) applyAndSave(fn func(d *vault.Data) error) (view, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.vault
	if v == nil {
		return view{}, errLockedMeanwhile
	}
	before := viewOf(&v.Data)
	err := fn(&v.Data)
	if errors.Is(err, vault.ErrUnchanged) {
		// Nothing changed: nothing is saved, and PATH.bak keeps the
		// last real change.
		return viewOf(&v.Data), nil
	}
	if err == nil {
		err = v.Save()
	}
	if err != nil {
		before.restore(&v.Data)
	}
	return viewOf(&v.Data), err
}

func (g *gui) edited(after view, err error, fn func(d *vault.Data) error, done func()) {
	if errors.Is(err, errLockedMeanwhile) || !g.isUnlocked() {
		return
	}
	g.setView(after)
	switch {
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
// with, then applies fn (if any) and saves.
func (g *gui) reload(fn func(d *vault.Data) error, done func()) {
	g.mu.Lock()
	path, pass := g.opts.VaultPath, g.passphrase
	g.mu.Unlock()
	if pass == "" {
		return
	}
	g.work.Add(1)
	go func() {
		defer g.work.Done()
		v, err := vault.Open(path, pass)
		if err != nil {
			fyne.Do(func() {
				g.lock()
				g.showError(lang.L("Could not reload the vault"), err)
			})
			return
		}
		g.mu.Lock()
		if g.vault != nil {
			g.vault = v
		}
		g.mu.Unlock()
		if fn == nil {
			g.mu.Lock()
			after := viewOf(&v.Data)
			g.mu.Unlock()
			fyne.Do(func() { g.edited(after, nil, nil, done) })
			return
		}
		after, err := g.applyAndSave(fn)
		fyne.Do(func() { g.edited(after, err, fn, done) })
	}()
}

// view is a copy of the vault's data for the screens, sharing no memory
// with the vault, which save goroutines change.
type view struct {
	seeds    []token.Seed
	accounts []inventory.Account
	keys     []inventory.KeyRecord
}

func viewOf(d *vault.Data) view {
	v := view{
		seeds:    slices.Clone(d.Seeds),
		accounts: slices.Clone(d.Accounts),
		keys:     slices.Clone(d.Keys),
	}
	if v.seeds == nil {
		v.seeds = []token.Seed{}
	}
	for i := range v.accounts {
		v.accounts[i].Factors = slices.Clone(v.accounts[i].Factors)
	}
	for i := range v.keys {
		v.keys[i].Findings = slices.Clone(v.keys[i].Findings)
	}
	return v
}

// restore puts a copy taken by viewOf back into d.
func (v view) restore(d *vault.Data) {
	d.Seeds, d.Accounts, d.Keys = v.seeds, v.accounts, v.keys
}
