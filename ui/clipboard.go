package ui

import (
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/twofoldmfa/twofold/token"
)

// copyCode puts the current code of seed on the clipboard, to clear
// itself after the time the settings say, and says so in the codes'
// status line. It is the one copy of a code: the codes list and a
// seed's page both call it.
func (g *gui) copyCode(seed token.Seed) {
	g.touch()
	code, err := seed.Code(g.now())
	if err != nil {
		g.showError(lang.L("Cannot compute this code"), err)
		return
	}
	clear := g.pref.ClipboardClear()
	g.clip.copy(code, clear)
	// Leave no blinking cursor behind: it keeps the window redrawing.
	g.win.Canvas().Unfocus()
	g.setStatus(fmt.Sprintf(lang.L("Copied the code for %s. The clipboard clears in %d seconds."), seed.Label(), int(clear/time.Second)))
}

// copySecret puts a seed's secret key on the clipboard (from a backup QR
// panel), to clear itself like a code.
func (g *gui) copySecret(secret string) {
	g.touch()
	g.clip.copy(secret, g.pref.ClipboardClear())
}

// clipboardGuard puts codes (and, from the backup screen, secret keys)
// on the clipboard and takes them off again after a while, but only if
// the clipboard still holds what it put there: what the user copied since
// is left alone. Every copy Twofold makes goes through it.
type clipboardGuard struct {
	cb fyne.Clipboard
	do func(func())

	// mu guards content and timer. Fyne's own driver runs the timer's
	// work on its goroutine; the test driver runs it on the timer's.
	mu      sync.Mutex
	content string
	timer   *time.Timer
}

// newClipboardGuard guards cb; do runs the clearing on the UI goroutine.
func newClipboardGuard(cb fyne.Clipboard, do func(func())) *clipboardGuard {
	return &clipboardGuard{cb: cb, do: do}
}

// copy sets the clipboard to text and clears it after d.
func (c *clipboardGuard) copy(text string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
	c.cb.SetContent(text)
	c.content = text
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		c.do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.timer == t {
				c.expireLocked()
			}
		})
	})
	c.timer = t
}

// expire clears the clipboard if it still holds what we put there.
func (c *clipboardGuard) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expireLocked()
}

func (c *clipboardGuard) expireLocked() {
	c.stopLocked()
	if c.content != "" && c.cb.Content() == c.content {
		c.cb.SetContent("")
	}
	c.content = ""
}

// forget clears our code now (the vault is locking).
func (c *clipboardGuard) forget() { c.expire() }

func (c *clipboardGuard) stopLocked() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
