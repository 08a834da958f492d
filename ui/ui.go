// Package ui is Twofold's desktop app, built with Fyne. Each screen is an
// unexported struct holding its widgets, built by newXxxScreen; the
// domain logic stays in token/... and this package only shows it.
//
// # What stays in memory
//
// The unlocked *vault.Vault (and the passphrase, needed to reload the
// file when another process changed it) live in the gui struct while the
// vault is unlocked. Locking, by button, shortcut or idle timer, drops
// both, empties every screen that showed seed data and closes any open
// dialog. Settings that are not secret (timers, theme) are Fyne
// preferences; seeds never leave the vault file.
//
// # Threads
//
// Widgets are touched on Fyne's goroutine only. Slow work (the KDF of an
// unlock, a save, polling hardware keys) runs in goroutines that hand
// their result back with fyne.Do. The vault is used by one goroutine at a
// time (gui.mu); the screens show a copy of the seeds, never the vault's
// own slice.
package ui

import (
	"errors"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// Options is what the command line hands to the app.
type Options struct {
	// VaultPath is the vault file; it need not exist yet.
	VaultPath string
	// Keys watches the hardware keys present (a *piv.Scanner).
	Keys KeyWatcher
	// Now is the clock; nil means time.Now. Tests pass a fixed one.
	Now func() time.Time
	// Icon is the app and tray icon; nil keeps Fyne's.
	Icon fyne.Resource
}

// Run opens the main window and blocks until the app quits.
func Run(a fyne.App, opts Options) {
	w := a.NewWindow("Twofold")
	if opts.Icon != nil {
		a.SetIcon(opts.Icon)
	}
	g := newGUI(a, w, opts)
	g.installTray()
	w.Resize(fyne.NewSize(560, 720))
	w.SetMaster()
	// Closing the window quits through quit, which locks first and so
	// takes a code of ours off the clipboard while the driver still runs.
	w.SetCloseIntercept(g.quit)
	w.ShowAndRun()
	g.mu.Lock()
	g.vault, g.passphrase = nil, ""
	g.mu.Unlock()
}

// gui is the main window and the state shared by its screens.
type gui struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	now  func() time.Time
	pref *preferences

	// mu guards vault and passphrase, which save goroutines use.
	mu         sync.Mutex
	vault      *vault.Vault
	passphrase string

	// work counts goroutines in flight (unlock, saves), so that tests
	// can wait for them.
	work sync.WaitGroup

	// seeds, accounts and keyRecords are the copy of the vault's data
	// that the screens show; seeds is nil while locked.
	seeds      []token.Seed
	accounts   []inventory.Account
	keyRecords []inventory.KeyRecord

	unlock    *unlockScreen
	codes     *codesScreen
	detail    *detailScreen
	add       *addScreen
	account   *accountScreen
	keys      *keysScreen
	inventory *inventoryScreen
	settings  *settingsScreen

	tabs         *container.AppTabs
	codesTab     *container.TabItem
	keysTab      *container.TabItem
	inventoryTab *container.TabItem
	banner       *widget.Label
	bannerBox    *fyne.Container
	body         *fyne.Container // what the unlocked window shows under the header
	unlocked     fyne.CanvasObject

	clip         *clipboardGuard
	lastActivity time.Time
	stopTick     chan struct{}
	// manualTick leaves ticking to the caller (tests call tick with
	// their own clock).
	manualTick bool
	dialogs    []dialog.Dialog
}

func newGUI(a fyne.App, w fyne.Window, opts Options) *gui {
	g := &gui{app: a, win: w, opts: opts, now: opts.Now}
	if g.now == nil {
		g.now = time.Now
	}
	g.pref = loadPreferences(a.Preferences())
	applyTheme(a, g.pref.Theme())
	g.clip = newClipboardGuard(a.Clipboard())

	g.unlock = newUnlockScreen(g)
	g.codes = newCodesScreen(g)
	g.keys = newKeysScreen(g, opts.Keys)
	g.inventory = newInventoryScreen(g)
	g.settings = newSettingsScreen(g)

	g.codesTab = container.NewTabItemWithIcon("Codes", theme.AccountIcon(), g.codes.content)
	g.keysTab = container.NewTabItemWithIcon("Keys", theme.StorageIcon(), g.keys.content)
	g.inventoryTab = container.NewTabItemWithIcon("Inventory", theme.ListIcon(), g.inventory.content)
	g.tabs = container.NewAppTabs(
		g.codesTab,
		g.keysTab,
		g.inventoryTab,
		container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), g.settings.content),
	)
	g.tabs.OnSelected = func(t *container.TabItem) {
		g.touch()
		g.keys.setVisible(t == g.keysTab)
		g.inventory.setVisible(t == g.inventoryTab)
	}

	lockButton := widget.NewButtonWithIcon("Lock", theme.LoginIcon(), g.lock)
	title := widget.NewLabelWithStyle("Twofold", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewBorder(nil, nil, title, lockButton)
	g.banner = widget.NewLabel("")
	g.banner.Wrapping = fyne.TextWrapWord
	g.banner.Importance = widget.DangerImportance
	details := widget.NewButton("Details", func() {
		g.pop()
		g.tabs.Select(g.inventoryTab)
	})
	g.bannerBox = container.NewVBox(container.NewBorder(nil, nil,
		container.NewCenter(widget.NewIcon(theme.WarningIcon())), container.NewCenter(details), g.banner))
	g.bannerBox.Hide()
	g.body = container.NewStack(g.tabs)
	g.unlocked = container.NewBorder(container.NewVBox(header, g.bannerBox), nil, nil, nil, g.body)

	g.installShortcuts()
	w.SetContent(activityCatcher(g, g.unlock.content))
	g.unlock.focus()
	return g
}

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
		if g.isUnlocked() && g.detail == nil && g.add == nil && g.account == nil && g.tabs.Selected() == g.codesTab {
			g.codes.focusSearch()
			g.codes.search.TypedRune(r)
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

// isUnlocked reports whether a vault is open. UI goroutine only.
func (g *gui) isUnlocked() bool { return g.seeds != nil }

// opened is called on the UI goroutine once a vault is unlocked or
// created.
func (g *gui) opened(v *vault.Vault, passphrase string) {
	g.mu.Lock()
	g.vault, g.passphrase = v, passphrase
	view := viewOf(&v.Data)
	g.mu.Unlock()
	g.touch()
	g.setView(view)
	g.body.Objects = []fyne.CanvasObject{g.tabs}
	g.body.Refresh()
	g.tabs.Select(g.codesTab)
	g.win.SetContent(activityCatcher(g, g.unlocked))
	// The search is not focused: a focused entry's blinking cursor keeps
	// the window redrawing. Typing still searches (see installShortcuts).
	g.win.Canvas().Unfocus()
	g.startTicker()
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

// setView replaces the data every screen shows.
func (g *gui) setView(v view) {
	g.seeds, g.accounts, g.keyRecords = v.seeds, v.accounts, v.keys
	g.codes.setSeeds(g.seeds)
	g.inventory.refresh()
	if g.detail != nil {
		g.detail.seedsChanged()
	}
	if g.account != nil {
		g.account.accountsChanged()
	}
	g.keys.recordsChanged()
}

// lock drops the vault from memory and shows the unlock screen.
func (g *gui) lock() {
	g.mu.Lock()
	g.vault, g.passphrase = nil, ""
	g.mu.Unlock()
	g.stopTicker()
	g.clip.forget()
	for _, d := range g.dialogs {
		d.Hide()
	}
	g.dialogs = nil
	g.closePages()
	g.seeds, g.accounts, g.keyRecords = nil, nil, nil
	g.codes.setSeeds(nil)
	g.inventory.refresh()
	g.keys.setVisible(false)
	g.unlock.reset()
	g.win.SetContent(activityCatcher(g, g.unlock.content))
	g.unlock.focus()
}

// show opens d and remembers it so that locking closes it.
func (g *gui) show(d dialog.Dialog) {
	g.dialogs = append(g.dialogs, d)
	d.SetOnClosed(func() {
		g.dialogs = slices.DeleteFunc(g.dialogs, func(x dialog.Dialog) bool { return x == d })
	})
	d.Show()
}

// showError explains err in a dialog.
func (g *gui) showError(title string, err error) {
	d := dialog.NewInformation(title, message(err), g.win)
	g.show(d)
}

// push shows page in place of the tabs (seed detail, add a seed).
func (g *gui) push(page fyne.CanvasObject) {
	g.body.Objects = []fyne.CanvasObject{page}
	g.body.Refresh()
}

// pop goes back to the tabs.
func (g *gui) pop() {
	g.closePages()
	g.body.Objects = []fyne.CanvasObject{g.tabs}
	g.body.Refresh()
	g.win.Canvas().Unfocus() // typing searches; no idle cursor blinking
}

// closePages forgets the detail, add and account pages and what they
// showed.
func (g *gui) closePages() {
	if g.detail != nil {
		g.detail.close()
	}
	if g.add != nil {
		g.add.close()
	}
	g.detail, g.add, g.account = nil, nil, nil
}

func (g *gui) showAdd() {
	if !g.isUnlocked() {
		return
	}
	g.closePages()
	g.add = newAddScreen(g)
	g.push(g.add.content)
	g.add.focus()
}

func (g *gui) showDetail(id string) {
	if !g.isUnlocked() {
		return
	}
	g.closePages()
	g.detail = newDetailScreen(g, id)
	g.push(g.detail.content)
}

// showAccount opens the page of the inventory account with id, or of a
// new account when id is "".
func (g *gui) showAccount(id string) {
	if !g.isUnlocked() {
		return
	}
	g.closePages()
	g.account = newAccountScreen(g, id)
	g.push(g.account.content)
}

func (g *gui) focusSearch() {
	if !g.isUnlocked() {
		return
	}
	if g.detail != nil || g.add != nil || g.account != nil {
		g.pop()
	}
	g.tabs.Select(g.codesTab)
	g.codes.focusSearch()
}

// touch records user activity for the idle lock.
func (g *gui) touch() { g.lastActivity = g.now() }

// edit applies fn to the vault's data and saves, in a goroutine. On
// success the screens get the new seeds and done (if any) runs; on
// failure the change is undone in memory and a dialog explains why. When
// another process saved the file meanwhile (vault.ErrConflict) the dialog
// offers to reload the file and apply the change again.
func (g *gui) edit(fn func(d *vault.Data) error, done func()) {
	g.work.Add(1)
	go func() {
		defer g.work.Done()
		after, err := g.applyAndSave(fn)
		fyne.Do(func() { g.edited(after, err, fn, done) })
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
		d := dialog.NewConfirm("The vault changed on disk",
			"Another program (perhaps the twofold command) saved the vault since you unlocked it, so your change was not saved.\n\nReload the vault from disk and apply your change again?",
			func(ok bool) {
				if ok {
					g.reload(fn, done)
				}
			}, g.win)
		d.SetConfirmText("Reload and apply")
		d.SetDismissText("Discard my change")
		g.show(d)
	default:
		g.showError("Could not save", err)
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
				g.showError("Could not reload the vault", err)
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

// seedByID returns the shown copy of the seed with id.
func (g *gui) seedByID(id string) (token.Seed, bool) {
	for _, s := range g.seeds {
		if s.ID == id {
			return s, true
		}
	}
	return token.Seed{}, false
}

// startTicker starts the one ticker of the app: once a second, just
// after the second changes, it updates the codes and countdowns on
// screen and checks the idle timer.
func (g *gui) startTicker() {
	g.stopTicker()
	if g.manualTick {
		return
	}
	stop := make(chan struct{})
	g.stopTick = stop
	go func() {
		for {
			now := time.Now()
			wait := now.Truncate(time.Second).Add(time.Second + 5*time.Millisecond).Sub(now)
			select {
			case <-stop:
				return
			case <-time.After(wait):
			}
			fyne.Do(func() {
				select {
				case <-stop:
				default:
					g.tick()
				}
			})
		}
	}()
}

func (g *gui) stopTicker() {
	if g.stopTick != nil {
		close(g.stopTick)
		g.stopTick = nil
	}
}

// tick is one second passing while unlocked.
func (g *gui) tick() {
	if !g.isUnlocked() {
		return
	}
	now := g.now()
	if limit := g.pref.AutoLock(); limit > 0 && now.Sub(g.lastActivity) >= limit {
		g.lock()
		return
	}
	g.codes.tick(now)
	if g.detail != nil {
		g.detail.tick(now)
	}
}
