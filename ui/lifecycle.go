package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// isUnlocked reports whether a vault is open. UI goroutine only.
func (g *gui) isUnlocked() bool { return g.sess.unlocked() }

// opened is called on the UI goroutine once a vault is unlocked or
// created.
func (g *gui) opened(v *vault.Vault, passphrase string) {
	g.touch()
	g.sess.start(v, passphrase)
	g.body.Objects = []fyne.CanvasObject{g.tabs}
	g.body.Refresh()
	g.tabs.Select(g.codesTab)
	g.win.SetContent(activityCatcher(g, g.unlocked))
	// The search is not focused: a focused entry's blinking cursor keeps
	// the window redrawing. Typing still searches (see installShortcuts).
	g.win.Canvas().Unfocus()
	g.settle = true
	g.startTicker()
}

// lock drops the vault from memory (vaultSession.Lock), empties every screen
// that showed its data, closes any dialog and shows the unlock screen.
func (g *gui) lock() {
	g.sess.Lock()
	g.stopTicker()
	g.clip.forget()
	// Hiding a dialog runs its OnClosed, which takes it out of g.dialogs.
	for _, d := range slices.Clone(g.dialogs) {
		d.Hide()
	}
	g.dialogs = nil
	g.closePage()
	g.codes.setSeeds(nil)
	g.inventory.refresh()
	g.keys.setVisible(false)
	g.unlock.reset()
	g.win.SetContent(activityCatcher(g, g.unlock.content))
	g.unlock.focus()
}

// do runs f on the UI goroutine (Options.Do): how a goroutine hands its
// result back.
func (g *gui) do(f func()) { g.opts.Do(f) }

// touch records user activity for the idle lock.
func (g *gui) touch() { g.idle.touch() }

// shown is the copy of the vault's data the screens show.
func (g *gui) shown() view { return g.sess.shown }

// seedByID returns the shown copy of the seed with id.
func (g *gui) seedByID(id string) (token.Seed, bool) { return g.sess.shown.seedByID(id) }

// startTicker starts the one ticker of the app (Options.Ticker): once a
// second it updates the codes and countdowns on screen and checks the
// idle timer.
func (g *gui) startTicker() {
	g.stopTicker()
	g.stopTick = g.opts.Ticker.Start(g.tick)
}

func (g *gui) stopTicker() {
	if g.stopTick != nil {
		g.stopTick()
		g.stopTick = nil
	}
}

// tick is one second passing while unlocked.
func (g *gui) tick() {
	if !g.isUnlocked() {
		return
	}
	now := g.now()
	if limit := g.pref.AutoLock(); limit > 0 && g.idle.since() >= limit {
		g.lock()
		return
	}
	g.codes.tick(now)
	if g.page != nil {
		g.page.tick(now)
	}
	if g.settle {
		g.settle = false
		releaseBuildMemory()
	}
}

// Ticker calls tick once a second, on the UI goroutine, until stopped.
type Ticker interface {
	Start(tick func()) (stop func())
}

// secondTicker is the real Ticker: it ticks just after each second of
// the wall clock begins, so that codes change when the period does.
type secondTicker struct{}

// Start ticks until stop is called.
func (secondTicker) Start(tick func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			now := time.Now()
			wait := now.Truncate(time.Second).Add(time.Second + 5*time.Millisecond).Sub(now)
			select {
			case <-done:
				return
			case <-time.After(wait):
			}
			fyne.Do(func() {
				select {
				case <-done:
				default:
					tick()
				}
			})
		}
	}()
	return func() { close(done) }
}
