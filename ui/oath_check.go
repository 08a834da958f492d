package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/vault"
)

// copyCheck is one key's answer to "does your copy still work?".
type copyCheck struct {
	serial uint32
	ok     bool
	gone   bool // the key holds no working copy: the vault forgets it
	text   string
}

// startCheck has each key that holds the seed, and is plugged in,
// compute a code and compares it with the vault's; the ones that match
// are recorded as checked now. Keys are asked one at a time, off the
// window's goroutine, with their password asked for when they have one.
func (c *oathCopy) startCheck() {
	c.g.touch()
	if c.g.opts.Keys == nil || c.g.opts.OATH == nil {
		c.say(lang.L("Hardware keys are not wired into this window."), widget.WarningImportance)
		return
	}
	var want []uint32
	for _, h := range inventory.Holders(c.g.shown().keys, c.id) {
		want = append(want, h.Key.Serial)
	}
	c.check.Disable()
	c.say(lang.L("Looking for YubiKeys…"), widget.MediumImportance)
	watcher := c.g.opts.Keys
	c.g.work.Add(1)
	go func() {
		defer c.g.work.Done()
		plugged, _ := pluggedKeys(watcher)
		c.g.do(func() {
			var queue []uint32
			var done []copyCheck
			for _, serial := range want {
				if slices.Contains(plugged, serial) {
					queue = append(queue, serial)
				} else {
					done = append(done, copyCheck{serial: serial, text: lang.L("not plugged in, so not checked")})
				}
			}
			c.checkNext(queue, done, nil)
		})
	}()
}

// checkNext checks queue[0] (with password, when given) and goes on.
func (c *oathCopy) checkNext(queue []uint32, done []copyCheck, password []byte) {
	seed, ok := c.g.seedByID(c.id)
	if !ok {
		return
	}
	if len(queue) == 0 {
		c.checked(seed, done)
		return
	}
	serial, keys, now := queue[0], c.g.opts.OATH, c.g.now()
	c.say(fmt.Sprintf(lang.L("Asking %s for a code (touch it if it flashes)…"), keyTitle(serial, c.g.shown().keys)), widget.MediumImportance)
	c.g.work.Add(1)
	go func() {
		defer c.g.work.Done()
		result, err := checkCopy(keys, serial, password, seed, now)
		c.g.do(func() {
			switch {
			case errors.Is(err, oath.ErrPasswordRequired), errors.Is(err, oath.ErrWrongPassword):
				problem := ""
				if errors.Is(err, oath.ErrWrongPassword) {
					problem = oathMessage(err)
				}
				c.g.askOATHPassword(serial, problem, func(pw []byte) { c.checkNext(queue, done, pw) })
				return
			case err != nil:
				result = copyCheck{serial: serial, text: oathMessage(err)}
			}
			c.checkNext(queue[1:], append(done, result), nil)
		})
	}()
}

// checkCopy asks the key for the seed's code at now and compares it with
// the vault's.
func checkCopy(keys OATHKeys, serial uint32, password []byte, seed token.Seed, now time.Time) (copyCheck, error) {
	if seed.Kind != token.TOTP {
		return copyCheck{serial: serial, text: lang.L("not checked: an HOTP code would move the key's counter on")}, nil
	}
	k, err := openOATH(keys, serial, password)
	if err != nil {
		return copyCheck{}, err
	}
	defer k.Close()
	cred, err := k.Find(oath.CredentialName(seed))
	if errors.Is(err, oath.ErrNotFound) {
		return copyCheck{serial: serial, gone: true, text: lang.L("no longer holds this seed")}, nil
	}
	if err != nil {
		return copyCheck{}, err
	}
	onKey, err := k.Calculate(cred, now)
	if err != nil {
		return copyCheck{}, err
	}
	want, err := seed.Code(now)
	if err != nil {
		return copyCheck{}, err
	}
	if onKey != want {
		return copyCheck{serial: serial, gone: true, text: lang.L("makes a different code: it holds another secret under this name, so it no longer counts as a copy")}, nil
	}
	return copyCheck{serial: serial, ok: true, text: lang.L("makes the same code as the vault")}, nil
}

// checked shows the answers and records the copies that work.
func (c *oathCopy) checked(seed token.Seed, results []copyCheck) {
	c.check.Enable()
	lines := make([]string, len(results))
	allOK := true
	var good, gone []uint32
	for i, r := range results {
		lines[i] = fmt.Sprintf(lang.L("%s: %s."), keyTitle(r.serial, c.g.shown().keys), r.text)
		allOK = allOK && r.ok
		if r.ok {
			good = append(good, r.serial)
		}
		if r.gone {
			gone = append(gone, r.serial)
		}
	}
	importance := widget.SuccessImportance
	if !allOK {
		importance = widget.WarningImportance
	}
	c.say(strings.Join(lines, "\n"), importance)
	if len(good) == 0 && len(gone) == 0 {
		return
	}
	id, name, now := seed.ID, oath.CredentialName(seed), c.g.now()
	c.g.edit(func(d *vault.Data) error {
		for _, serial := range gone {
			d.ForgetCopy(id, serial)
		}
		for _, serial := range good {
			if err := d.RecordCopy(id, serial, name, now); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
