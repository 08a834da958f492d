package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
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
	quit := item(lang.L("Quit"), fyne.KeyQ, g.quit)
	quit.IsQuit = true
	g.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu(lang.L("File"),
			item(lang.L("Add seed…"), fyne.KeyN, g.showAdd),
			fyne.NewMenuItem(lang.L("Import seeds…"), g.showImport),
			fyne.NewMenuItem(lang.L("Export to Google Authenticator…"), g.confirmGoogleCodes),
			fyne.NewMenuItem(lang.L("Move seeds to a new phone…"), g.showWizard),
			item(lang.L("Lock"), fyne.KeyL, g.lock),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu(lang.L("Edit"),
			item(lang.L("Search"), fyne.KeyF, g.focusSearch),
		),
	))
	g.win.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { g.touch() })
	// Typing with nothing focused searches, as in most password managers.
	g.win.Canvas().SetOnTypedRune(func(r rune) {
		g.touch()
		if g.isUnlocked() && g.page == nil && g.tabs.Selected() == g.codesTab {
			g.codes.typeInSearch(r)
		} else if !g.isUnlocked() {
			g.unlock.focus()
			g.unlock.passphrase.TypedRune(r)
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
	quit := fyne.NewMenuItem(lang.L("Quit"), g.quit)
	quit.IsQuit = true
	desk.SetSystemTrayMenu(fyne.NewMenu("Twofold",
		fyne.NewMenuItem(lang.L("Show"), func() { g.win.Show(); g.win.RequestFocus() }),
		fyne.NewMenuItem(lang.L("Lock"), g.lock),
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
