package main

import (
	"fyne.io/fyne/v2/app"

	"github.com/twofoldmfa/twofold/assets"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/ui"
)

// appID is the app's reverse-DNS id; it must match FyneApp.toml.
const appID = "io.github.twofoldmfa.twofold"

func runGUI(c *cli) error {
	path, err := c.path()
	if err != nil {
		return err
	}
	// The command's key scanner (a *piv.Scanner) also watches keys; the
	// app shows no keys without one.
	keys, _ := c.keys.(ui.KeyWatcher)
	ui.Run(app.NewWithID(appID), ui.Options{
		VaultPath: path,
		Icon:      assets.Icon,
		Keys:      keys,
		Now:       c.now,
	})
	return nil
}

// The scanner main gives the command line watches keys for the app too.
var _ ui.KeyWatcher = (*piv.Scanner)(nil)
