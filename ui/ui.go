// Package ui is Twofold's desktop app, built with Fyne. Each screen is an
// unexported struct holding its widgets, built by newXxxScreen. The
// domain logic stays in token/...: a screen parses what was typed, calls
// one function of token/vault inside gui.edit, and shows the result.
//
// # Files
//
//   - The window and its state: ui.go builds the window (gui, newGUI)
//     and holds Options, every dependency on the world outside (clock,
//     keys, OATH, AWS, screen capture, file dialogs, ticker) in one
//     struct; session.go is the unlocked vault (vaultSession);
//     lifecycle.go opens, locks and ticks; edit.go says how a change
//     ended (conflict, error); nav.go holds the tabs (addTab, showTab)
//     and the pages (openPage, back); shortcuts.go has the menus,
//     shortcuts and tray; files.go the file dialogs; clipboard.go every
//     copy (codes, secret keys) and its clearing.
//   - Shared pieces: components.go (wrapping labels, problem and notice
//     lines, headings, reveal and scrollIntoView, the QR canvas),
//     backupqr.go (a seed's backup QR panel), confirm.go, newpass.go and
//     strength.go (passphrase fields), messages.go (errors in words).
//   - Tabs: codes.go, keys.go, inventory.go, settings.go (with
//     vaultsettings.go for the passphrase and backup dialogs).
//   - Pages, one file each or one per part: detail.go (with
//     detail_backup.go, detail_aws.go), add.go, account.go (with
//     account_fields.go, account_factors.go, account_lost.go),
//     unlock.go, import.go (with import_read.go, import_preview.go),
//     googlecodes.go, wizard.go and wizard_move.go, aws*.go, oath*.go.
//
// # Adding a page or a tab
//
// A page is shown in place of the tabs until the person goes back (the
// page interface in nav.go: object, shown, dataChanged, tick, close).
// To add one, such as an import preview:
//
//  1. Write one file with its screen struct, which embeds pageDefaults
//     (no-op methods) and has an object method returning what it draws,
//     plus dataChanged (run after every change of the vault's data),
//     tick or close if it needs them. It keeps to its own widgets and
//     reaches the rest through gui (edit, back, show, setStatus,
//     showError) or a small interface of its own to the session (as
//     vaultKeeper in vaultsettings.go, vaultHolder in awsenroll.go).
//  2. Add one line of navigation to nav.go, as showAdd is:
//     func (g *gui) showImport() { g.openWhenUnlocked(func() page { return newImportScreen(g) }) }
//     and call it from a button or menu item.
//
// A tab is one file with a screen that has an object method (and
// setVisible, if it works only while shown), which subscribes itself to
// the vault's changes in its constructor (g.sess.Subscribe), plus one
// line in newGUI: g.addTab(lang.L("Name"), icon, newNameScreen(g)).
//
// # Words and languages
//
// The app's words are written in English in the code and shown through
// Fyne's lang package; translations/ja.json (embedded, loaded by
// i18n.go) gives the Japanese, and Fyne picks the language from the
// system's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). To add or change
// a string:
//
//   - Wrap it: widget.NewLabel(lang.L("Add seed")). A sentence with
//     data is one format, translated whole:
//     fmt.Sprintf(lang.L("Deleted %s."), name), never "Deleted " + name.
//     A translation that takes the arguments in another order numbers
//     them ("%[2]s から %[1]s を外しますか?").
//   - Counts go through plural(n, "seed"): the keys are "1 seed" and
//     "%d seeds".
//   - Words kept in constants or tables (select choices such as
//     providerAWS, appSteps, groupCounts) stay English there and are
//     shown, and compared, as lang.L of them; add a new table to
//     appWords in i18n_test.go.
//   - Add the Japanese to translations/ja.json. TestJapaneseComplete
//     names every wrapped string without it (and a translation whose
//     fmt verbs differ); TestJapaneseScreens walks the screens with a
//     Japanese locale and names any English word left on them.
//   - Words that come from token/... (findings, the lost-device steps)
//     are translated by key with lang.X and a template filled with
//     their data ("finding.single_factor.message", findingwords.go).
//   - Fyne reserves some keys ("Other", "One", "Description", ...):
//     a file holding one is refused whole, which TestJapaneseComplete
//     catches.
//
// # What stays in memory
//
// The unlocked *vault.Vault, and the passphrase needed to reload the
// file when another process changed it, live in the vaultSession alone
// (session.go) while the vault is unlocked; no screen holds either. The
// screens show the session's copy of the data (view), which Subscribe
// hands to each tab and to the open page after every change. A change
// goes through the session's Edit, which uses vault.SaveChange: when the
// save fails, the whole data (seeds, accounts, key records, settings)
// is put back as it was. Locking, by button, shortcut or idle timer,
// drops the vault and passphrase, zeroes their bytes (vault.Wipe; work
// in flight that holds the vault, an AWS enrollment, delays that to its
// release), empties every screen that showed seed data and closes any
// open dialog. Settings that are not secret (timers, theme) are Fyne
// preferences; seeds never leave the vault file.
//
// # Threads
//
// Widgets are touched on Fyne's goroutine only. Slow work (the KDF of an
// unlock, a save, polling hardware keys) runs in goroutines that hand
// their result back with gui.do (Options.Do: fyne.Do in the app; in
// tests a turn taken with the test, since Fyne's test driver runs
// fyne.Do at once on the calling goroutine). The vault is used by one
// goroutine at a time (the session's mutex); the screens show a copy of
// the data, never the vault's own slices.
package ui

import (
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2/lang"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/screen"
)

// Options is what the command line hands to the app: the vault's path,
// the icon, and every dependency on the world outside the process (the
// clock, hardware keys, AWS, the screen, file dialogs, the ticker). A nil
// or zero dependency is the real one; tests give fakes here and nowhere
// else.
type Options struct {
	// VaultPath is the vault file; it need not exist yet.
	VaultPath string
	// Icon is the app and tray icon; nil keeps Fyne's.
	Icon fyne.Resource

	// Keys watches the hardware keys present (a *piv.Scanner).
	Keys KeyWatcher
	// OATH opens the keys' OATH applications (seeds on YubiKeys, oath.go).
	OATH OATHKeys
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// AWS is how the app reaches AWS; the zero value is the real one.
	AWS AWSOptions
	// Capture takes the screen, for the QR codes on it; nil means
	// screen.Capture.
	Capture func() ([]image.Image, error)
	// Files asks which file to open or save; nil means Fyne's dialogs.
	Files FileDialogs
	// Ticker ticks once a second while unlocked; nil means the wall
	// clock's seconds. Tests tick by hand.
	Ticker Ticker
	// Do runs work of a goroutine on the UI goroutine; nil means fyne.Do.
	// Fyne's test driver runs fyne.Do on the calling goroutine, so tests
	// give one that takes turns with the test.
	Do func(func())
}

// withDefaults fills in the real dependencies where opts has none.
func (opts Options) withDefaults(g *gui) Options {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Capture == nil {
		opts.Capture = screen.Capture
	}
	if opts.Files == nil {
		opts.Files = fyneFiles{g}
	}
	if opts.Ticker == nil {
		opts.Ticker = secondTicker{}
	}
	if opts.Do == nil {
		opts.Do = fyne.Do
	}
	return opts
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
	g.sess.Lock()
}

// gui is the main window and the state shared by its screens.
type gui struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	now  func() time.Time
	pref *preferences

	// sess is the unlocked vault and the copy of its data the screens
	// show (session.go).
	sess *vaultSession

	// work counts goroutines in flight (unlock, saves), so that tests
	// can wait for them.
	work sync.WaitGroup

	unlock    *unlockScreen
	codes     *codesScreen
	page      page   // the page open in place of the tabs, or nil
	pageSub   func() // ends the open page's subscription to the data
	keys      *keysScreen
	inventory *inventoryScreen
	settings  *settingsScreen

	tabs         *container.AppTabs
	codesTab     *container.TabItem
	keysTab      *container.TabItem
	inventoryTab *container.TabItem
	// tabSelected tells the tabs that watch something while shown
	// (visibleTab) which tab is selected now.
	tabSelected []func(*container.TabItem)
	banner      *widget.Label
	bannerBox   *fyne.Container
	body        *fyne.Container // what the unlocked window shows under the header
	unlocked    fyne.CanvasObject

	clip     *clipboardGuard
	idle     idleTimer // time since the last key press, click or mouse move
	stopTick func()
	// settle is set by an unlock: the next tick, once the codes screen
	// is built and drawn, hands its leftover memory back.
	settle  bool
	dialogs []dialog.Dialog
}

func newGUI(a fyne.App, w fyne.Window, opts Options) *gui {
	g := &gui{app: a, win: w}
	g.opts = opts.withDefaults(g)
	g.now = g.opts.Now
	g.sess = newSession(opts.VaultPath, &g.work, g.opts.Do)
	g.idle = newIdleTimer(g.now)
	g.pref = loadPreferences(a.Preferences())
	applyTheme(a, g.pref.Theme())
	g.clip = newClipboardGuard(a.Clipboard(), g.opts.Do)

	g.unlock = newUnlockScreen(g)
	g.codes = newCodesScreen(g)
	g.keys = newKeysScreen(g, opts.Keys)
	g.inventory = newInventoryScreen(g)
	g.settings = newSettingsScreen(g)

	// The tabs, one line each (nav.go, addTab).
	g.tabs = container.NewAppTabs()
	g.codesTab = g.addTab(lang.L("Codes"), theme.AccountIcon(), g.codes)
	g.keysTab = g.addTab(lang.L("Keys"), theme.StorageIcon(), g.keys)
	g.inventoryTab = g.addTab(lang.L("Inventory"), theme.ListIcon(), g.inventory)
	g.addTab(lang.L("Settings"), theme.SettingsIcon(), g.settings)
	g.tabs.OnSelected = func(t *container.TabItem) {
		g.touch()
		for _, selected := range g.tabSelected {
			selected(t)
		}
	}

	lockButton := widget.NewButtonWithIcon(lang.L("Lock"), theme.LoginIcon(), g.lock)
	title := heading("Twofold")
	header := container.NewBorder(nil, nil, title, lockButton)
	g.banner, g.bannerBox = newBanner(func() {
		g.showTab(g.inventoryTab)
	})
	g.body = container.NewStack(g.tabs)
	g.unlocked = container.NewBorder(container.NewVBox(header, g.bannerBox), nil, nil, nil, g.body)

	g.installShortcuts()
	w.SetContent(activityCatcher(g, g.unlock.content))
	g.unlock.focus()
	return g
}
