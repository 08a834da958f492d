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
	ui.Run(app.NewWithID(appID), ui.Options{
		VaultPath: path,
		Icon:      assets.Icon,
		Keys:      piv.NewScanner(),
	})
	return nil
}
