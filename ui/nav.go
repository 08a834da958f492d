package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

// page is a screen shown in place of the tabs until the person goes
// back: a seed's page, adding a seed, an account's page. The window shows
// one page at a time (gui.page); openPage shows one, back returns to the
// tabs. A page keeps to its own widgets and reaches the rest of the app
// through gui's methods only.
type page interface {
	// object is what the page draws.
	object() fyne.CanvasObject
	// shown runs once the page is on screen (to focus a field, say).
	shown()
	// dataChanged runs after every change of the vault's data (the gui's
	// seeds, accounts and keyRecords); a page whose subject is gone goes
	// back.
	dataChanged()
	// tick runs once a second while the page is open.
	tick(now time.Time)
	// close runs when the page goes: it forgets what it showed (a
	// backup QR code, say).
	close()
}

// pageDefaults gives a page the methods it has nothing to do in.
type pageDefaults struct{}

func (pageDefaults) shown()         {}
func (pageDefaults) dataChanged()   {}
func (pageDefaults) tick(time.Time) {}
func (pageDefaults) close()         {}

// openPage shows p in place of the tabs, closing the page open before.
// Nothing opens while the vault is locked.
func (g *gui) openPage(p page) {
	if !g.isUnlocked() {
		return
	}
	g.closePage()
	g.page = p
	g.pageSub = g.sess.Subscribe(func(view) { p.dataChanged() })
	g.body.Objects = []fyne.CanvasObject{p.object()}
	g.body.Refresh()
	p.shown()
}

// back closes the open page and shows the tabs again, on the tab that
// was selected before.
func (g *gui) back() {
	g.closePage()
	g.body.Objects = []fyne.CanvasObject{g.tabs}
	g.body.Refresh()
	g.win.Canvas().Unfocus() // typing searches; no idle cursor blinking
}

// closePage forgets the open page and what it showed.
func (g *gui) closePage() {
	if g.page != nil {
		g.pageSub()
		g.page.close()
	}
	g.page, g.pageSub = nil, nil
}

// The pages, one line each.

func (g *gui) showAdd() { g.openWhenUnlocked(func() page { return newAddScreen(g) }) }
func (g *gui) showDetail(id string) {
	g.openWhenUnlocked(func() page { return newDetailScreen(g, id) })
}
func (g *gui) showImport()      { g.openWhenUnlocked(func() page { return newImportScreen(g) }) }
func (g *gui) showGoogleCodes() { g.openWhenUnlocked(func() page { return newGoogleCodesScreen(g) }) }
func (g *gui) showWizard()      { g.openWhenUnlocked(func() page { return newWizardScreen(g) }) }
func (g *gui) showAccount(id string) {
	g.openWhenUnlocked(func() page { return newAccountScreen(g, id) })
}
func (g *gui) showAWSSync() { g.openWhenUnlocked(func() page { return newAWSSyncScreen(g) }) }
func (g *gui) showAWSEnroll(accountID string) {
	g.openWhenUnlocked(func() page { return newAWSEnrollScreen(g, accountID) })
}
func (g *gui) showAWSRoot(accountID string) {
	g.openWhenUnlocked(func() page { return newAWSRootScreen(g, accountID) })
}

// openWhenUnlocked builds a page and opens it, while the vault is
// unlocked (a page's constructor reads the vault's data).
func (g *gui) openWhenUnlocked(build func() page) {
	if g.isUnlocked() {
		g.openPage(build())
	}
}

// pageAs returns the open page if it is a T.
func pageAs[T page](g *gui) T {
	p, _ := g.page.(T)
	return p
}

func (g *gui) focusSearch() {
	if !g.isUnlocked() {
		return
	}
	g.showTab(g.codesTab)
	g.codes.focusSearch()
}

// tab is a screen shown as one of the window's tabs. It subscribes to
// the vault's changes itself (g.sess.Subscribe) if it shows its data.
type tab interface {
	object() fyne.CanvasObject
}

// visibleTab is a tab that works only while it is on screen (watching
// the hardware keys, say): it hears when it is shown and hidden.
type visibleTab interface {
	tab
	setVisible(visible bool)
}

// addTab adds t to the window's tabs, after the ones added before.
func (g *gui) addTab(name string, icon fyne.Resource, t tab) *container.TabItem {
	item := container.NewTabItemWithIcon(name, icon, t.object())
	g.tabs.Append(item)
	if v, ok := t.(visibleTab); ok {
		g.tabSelected = append(g.tabSelected, func(selected *container.TabItem) { v.setVisible(selected == item) })
	}
	return item
}

// showTab closes any open page and shows tab: every way to a tab goes
// through here.
func (g *gui) showTab(tab *container.TabItem) {
	if g.page != nil {
		g.back()
	}
	g.tabs.Select(tab)
}

// show opens d and remembers it so that locking closes it.
func (g *gui) show(d dialog.Dialog) {
	g.dialogs = append(g.dialogs, d)
	d.SetOnClosed(func() {
		g.dialogs = slices.DeleteFunc(g.dialogs, func(x dialog.Dialog) bool { return x == d })
	})
	d.Show()
}

// setStatus says what a change did, in the status line of the codes.
func (g *gui) setStatus(text string) { g.codes.say(text) }

// showError explains err in a dialog.
func (g *gui) showError(title string, err error) {
	d := dialog.NewInformation(title, message(err), g.win)
	g.show(d)
}
