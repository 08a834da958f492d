package ui

import (
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

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
	g.settle = true
	g.startTicker()
}

// setView replaces the data every screen shows.
func (g *gui) setView(v view) {
	g.seeds, g.accounts, g.keyRecords = v.seeds, v.accounts, v.keys
	g.codes.setSeeds(g.seeds)
	g.inventory.refresh()
	if g.page != nil {
		g.page.dataChanged()
	}
	g.keys.recordsChanged()
}

// lock drops the vault from memory, zeroing its passphrase and secrets
// (vault.Wipe: the screens' copies of the seeds share those bytes), and
// shows the unlock screen.
func (g *gui) lock() {
	g.mu.Lock()
	if v := g.vault; v != nil {
		if h := g.held[v]; h != nil {
			h.wipe = true // by the last release
		} else {
			v.Wipe()
		}
	}
	g.vault, g.passphrase = nil, ""
	g.mu.Unlock()
	g.stopTicker()
	g.clip.forget()
	// Hiding a dialog runs its OnClosed, which takes it out of g.dialogs.
	for _, d := range slices.Clone(g.dialogs) {
		d.Hide()
	}
	g.dialogs = nil
	g.closePage()
	g.seeds, g.accounts, g.keyRecords = nil, nil, nil
	g.codes.setSeeds(nil)
	g.inventory.refresh()
	g.keys.setVisible(false)
	g.unlock.reset()
	g.win.SetContent(activityCatcher(g, g.unlock.content))
	g.unlock.focus()
}

// touch records user activity for the idle lock.
func (g *gui) touch() { g.idle.touch() }

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

// vaultHold counts the work that keeps a vault from being wiped.
type vaultHold struct {
	n    int
	wipe bool // locked meanwhile: wipe once the last hold is released
}

// holdVault returns the vault unlocked now (nil while locked) and a
// release to call when done with it. Until then a lock does not wipe it,
// so work with effects outside the vault (an AWS enrollment) can still
// save its rollback after the app locked; the last release wipes it.
func (g *gui) holdVault() (*vault.Vault, func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := g.vault
	if v == nil {
		return nil, func() {}
	}
	if g.held == nil {
		g.held = map[*vault.Vault]*vaultHold{}
	}
	h := g.held[v]
	if h == nil {
		h = &vaultHold{}
		g.held[v] = h
	}
	h.n++
	var once sync.Once
	return v, func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if h.n--; h.n > 0 {
				return
			}
			delete(g.held, v)
			if h.wipe {
				v.Wipe()
			}
		})
	}
}
