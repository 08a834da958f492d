package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// installShortcuts puts the desktop shortcuts in the window's main menu.
// Menu shortcuts work wherever the focus is; shortcuts added to the
// canvas alone would be swallowed by a focused entry, such as the search.
func (g *gui) installShortcuts() {
	item := func(label string, key fyne.KeyName, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() {
			g.touch()
			fn()
		})
		it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
		return it
	}
	quit := item("Quit", fyne.KeyQ, g.quit)
	quit.IsQuit = true
	g.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu("File",
			item("Add seed…", fyne.KeyN, g.showAdd),
			fyne.NewMenuItem("Import seeds…", g.showImport),
			fyne.NewMenuItem("Export to Google Authenticator…", g.confirmGoogleCodes),
			fyne.NewMenuItem("Move seeds to a new phone…", g.showWizard),
			item("Lock", fyne.KeyL, g.lock),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu("Edit",
			item("Search", fyne.KeyF, g.focusSearch),
		),
	))
	g.win.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { g.touch() })
	// Typing with nothing focused searches, as in most password managers.
	g.win.Canvas().SetOnTypedRune(func(r rune) {
		g.touch()
		if g.isUnlocked() && g.page == nil && g.tabs.Selected() == g.codesTab {
			g.codes.typeInSearch(r)
		}
	})
}

// installTray puts Show, Lock and Quit in the system tray where the
// platform has one.
func (g *gui) installTray() {
	desk, ok := g.app.(desktop.App)
	if !ok || !trayAvailable() {
		return
	}
	quit := fyne.NewMenuItem("Quit", g.quit)
	quit.IsQuit = true
	desk.SetSystemTrayMenu(fyne.NewMenu("Twofold",
		fyne.NewMenuItem("Show", func() { g.win.Show(); g.win.RequestFocus() }),
		fyne.NewMenuItem("Lock", g.lock),
		quit,
	))
	if g.opts.Icon != nil {
		desk.SetSystemTrayIcon(g.opts.Icon)
	}
}

func (g *gui) quit() {
	g.lock()
	g.app.Quit()
}
