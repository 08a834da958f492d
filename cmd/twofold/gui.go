package main

import (
	"context"
	"os"
	"runtime/debug"

	"fyne.io/fyne/v2/app"

	"github.com/twofoldmfa/twofold/assets"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/ui"
)

// guiGCPercent is the collector's target for the window (GOGC, unless the
// environment sets one). With codes on screen the live heap is about
// 40 MiB, nearly all of it fonts, and the window allocates little while
// it idles; at the default of 100 the heap may grow to twice that before
// a collection, and the runtime keeps those pages resident. At 25 it
// stays within a quarter of the live heap, for one collection of a few
// milliseconds every so many seconds of idling.
const guiGCPercent = 25

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
	a := app.NewWithID(appID)
	if os.Getenv("GOGC") == "" {
		// Once the window is up: the fonts its first frame loads are
		// collected at the default, so the start is not slowed.
		a.Lifecycle().SetOnStarted(func() { debug.SetGCPercent(guiGCPercent) })
	}
	ui.Run(a, ui.Options{
		VaultPath: path,
		Icon:      assets.Icon,
		Keys:      keys,
		OATH:      oathKeys{c.oath},
		Now:       c.now,
	})
	return nil
}

// The scanner main gives the command line watches keys for the app too.
var _ ui.KeyWatcher = (*piv.Scanner)(nil)

// oathKeys opens keys' OATH applications for the app with the command's
// opener.
type oathKeys struct{ opener oath.Opener }

func (o oathKeys) Open(ctx context.Context, serial uint32) (ui.OATHKey, error) {
	k, err := o.opener.Open(ctx, serial)
	if err != nil {
		return nil, err
	}
	return k, nil
}
