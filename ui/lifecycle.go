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
	// Nothing is focused: a focused entry's blinking cursor keeps the
	// window redrawing at the frame rate. Typing still searches (see
	// installShortcuts). Unfocused before the content changes: the
	// window's new content gets a focus manager of its own, and a field
	// focused in the old one (the passphrase) would never hear that it
	// lost the focus, its cursor animation running on unseen.
	g.win.Canvas().Unfocus()
	g.win.SetContent(activityCatcher(g, g.unlocked))
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
	// Nothing is focused, before the content changes as in opened: a
	// focused field's blinking cursor would redraw the window at the
	// frame rate for as long as it stays locked. Typing goes to the
	// passphrase all the same (installShortcuts).
	g.win.Canvas().Unfocus()
	g.win.SetContent(activityCatcher(g, g.unlock.content))
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

// startTicker starts the one ticker of the app (Options.Ticker) at the
// rate the window needs now (tickEvery): it updates the codes and
// countdowns on screen and checks the idle timer. A change of focus or
// of minimizing calls it again (windowstate.go).
func (g *gui) startTicker() {
	every := g.tickEvery()
	if g.stopTick != nil && every == g.tickingEvery {
		return
	}
	g.stopTicker()
	if every == 0 {
		g.armIdleLock()
		return
	}
	g.tickingEvery = every
	g.stopTick = g.opts.Ticker.Start(every, g.tick)
}

func (g *gui) stopTicker() {
	if g.stopTick != nil {
		g.stopTick()
		g.stopTick = nil
	}
	g.tickingEvery = 0
	if g.lockTimer != nil {
		g.lockTimer.Stop()
		g.lockTimer = nil
	}
}

// tickEvery is how often the window must be brought up to date: every
// second while it is focused (the countdowns count), every few seconds
// while another window has the focus (codeStep), never while locked or
// minimized, since nothing of it is seen.
func (g *gui) tickEvery() time.Duration {
	switch {
	case !g.isUnlocked() || g.minimized:
		return 0
	case !g.focused:
		return codeStep(g.sess.shown.seeds)
	default:
		return time.Second
	}
}

// unfocusedStep is how often the countdowns move while the window is
// not focused.
const unfocusedStep = 5 * time.Second

// codeStep is the slower step for seeds: the largest whole number of
// seconds up to unfocusedStep that divides every TOTP period, so that a
// tick of the wall clock's steps falls on each period's start and no
// code is shown once it is no longer valid. With 30- and 60-second
// periods the countdown moves by 5 seconds and turns to its warning
// colour on time (5 seconds left).
func codeStep(seeds []token.Seed) time.Duration {
	step := int(unfocusedStep / time.Second)
	for _, s := range seeds {
		if s.Kind == token.TOTP {
			step = gcd(step, max(s.Period, 1))
		}
	}
	return time.Duration(step) * time.Second
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// armIdleLock makes the idle lock happen on time while nothing ticks
// (minimized): one timer for the moment it is due.
func (g *gui) armIdleLock() {
	limit := g.pref.AutoLock()
	if limit <= 0 || !g.isUnlocked() {
		return
	}
	g.lockTimer = time.AfterFunc(max(limit-g.idle.since(), 0), func() {
		g.do(func() {
			if g.isUnlocked() && g.idle.since() >= g.pref.AutoLock() {
				g.lock()
			}
		})
	})
}

// setFocused is the window gaining or losing the focus. Gained, the
// codes are brought up to date at once, before the next tick.
func (g *gui) setFocused(focused bool) {
	if g.focused == focused {
		return
	}
	g.focused = focused
	g.watchWindow()
	g.resume(focused)
}

// setMinimized is the window minimized or restored.
func (g *gui) setMinimized(minimized bool) {
	if g.minimized == minimized {
		return
	}
	g.minimized = minimized
	g.resume(!minimized)
}

// resume sets the ticker's rate for the window's new state, and with now
// brings the screen up to date at once.
func (g *gui) resume(now bool) {
	if !g.isUnlocked() {
		return
	}
	g.startTicker()
	if now {
		g.tick()
	}
}

// tick is a step of the clock passing while unlocked (each second while
// focused).
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
	// Seeds added since may need a finer step; the same step goes on.
	g.watchWindow()
	g.startTicker()
}

// Ticker calls tick on the UI goroutine each time a step of every begins
// on the wall clock (each second, each fifth second, ...), until stopped.
type Ticker interface {
	Start(every time.Duration, tick func()) (stop func())
}

// secondTicker is the real Ticker: it ticks just after each step of the
// wall clock begins, so that codes change when the period does.
type secondTicker struct{}

// Start ticks until stop is called.
func (secondTicker) Start(every time.Duration, tick func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			now := time.Now()
			wait := now.Truncate(every).Add(every + 5*time.Millisecond).Sub(now)
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
