package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// clipboardGuard puts codes on the clipboard and takes them off again
// after a while, but only if the clipboard still holds the code: what the
// user copied since is left alone.
type clipboardGuard struct {
	cb      fyne.Clipboard
	content string
	timer   *time.Timer
}

func newClipboardGuard(cb fyne.Clipboard) *clipboardGuard { return &clipboardGuard{cb: cb} }

// copy sets the clipboard to text and clears it after d.
func (c *clipboardGuard) copy(text string, d time.Duration) {
	c.stop()
	c.cb.SetContent(text)
	c.content = text
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		fyne.Do(func() {
			if c.timer == t {
				c.expire()
			}
		})
	})
	c.timer = t
}

// expire clears the clipboard if it still holds what we put there.
func (c *clipboardGuard) expire() {
	c.stop()
	if c.content != "" && c.cb.Content() == c.content {
		c.cb.SetContent("")
	}
	c.content = ""
}

// forget clears our code now (the vault is locking).
func (c *clipboardGuard) forget() { c.expire() }

// holding reports whether a code of ours is on the clipboard.
func (c *clipboardGuard) holding() bool { return c.content != "" }

func (c *clipboardGuard) stop() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
