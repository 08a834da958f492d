package ui

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/oath"
)

// oathCredentials is the OATH row of each key card on the Keys tab: the
// seeds the key holds, each with the vault seed it copies. A key is read
// once when it appears (off the window's goroutine); a key with a
// password waits for Unlock.
type oathCredentials struct {
	g     *gui
	views map[uint32]*oathKeyView
	// afterRead, when set (by tests), runs after each reading is shown.
	afterRead func()
	// reads counts the readings in flight, so that a test can wait for
	// them before it looks at the window (Fyne's test driver runs their
	// fyne.Do on their own goroutine).
	reads sync.WaitGroup
}

// oathKeyView is what one key's OATH row shows.
type oathKeyView struct {
	creds  []oath.Credential // as last read, when read is true
	read   bool
	text   *widget.Label
	unlock *widget.Button
	box    *fyne.Container
}

func newOATHCredentials(g *gui) *oathCredentials {
	return &oathCredentials{g: g, views: map[uint32]*oathKeyView{}}
}

// rows gives the OATH row of each key shown, reading keys that are new;
// keys no longer shown are forgotten, so plugging one back reads it
// again. Nil when the app has no OATH access.
func (o *oathCredentials) rows(serials []uint32) map[uint32]fyne.CanvasObject {
	if o.g.opts.OATH == nil {
		return nil
	}
	out := map[uint32]fyne.CanvasObject{}
	keep := map[uint32]*oathKeyView{}
	for _, serial := range serials {
		v, ok := o.views[serial]
		switch {
		case !ok:
			v = o.newView(serial)
			o.read(serial, v, nil)
		case v.read:
			o.show(serial, v, v.creds, nil) // the vault's seeds may have changed
		}
		keep[serial] = v
		out[serial] = v.box
	}
	o.views = keep
	return out
}

func (o *oathCredentials) newView(serial uint32) *oathKeyView {
	v := &oathKeyView{text: newWrappingLabel(lang.L("Reading…"))}
	v.unlock = widget.NewButton(lang.L("Unlock…"), func() {
		o.g.askOATHPassword(serial, "", func(pw []byte) { o.read(serial, v, pw) })
	})
	v.unlock.Hide()
	v.box = container.NewVBox(v.text, container.NewHBox(v.unlock))
	return v
}

// read lists the key's credentials off the window's goroutine.
func (o *oathCredentials) read(serial uint32, v *oathKeyView, password []byte) {
	keys := o.g.opts.OATH
	v.unlock.Hide()
	o.g.work.Add(1)
	o.reads.Add(1)
	go func() {
		defer o.g.work.Done()
		defer o.reads.Done()
		var creds []oath.Credential
		k, err := openOATH(keys, serial, password)
		if err == nil {
			creds, err = k.List()
			k.Close()
		}
		o.g.do(func() {
			o.show(serial, v, creds, err)
			if o.afterRead != nil {
				o.afterRead()
			}
		})
	}()
}

func (o *oathCredentials) show(serial uint32, v *oathKeyView, creds []oath.Credential, err error) {
	switch {
	case errors.Is(err, oath.ErrPasswordRequired):
		v.text.SetText(lang.L("Its seeds are protected by a password."))
		v.unlock.Show()
		return
	case errors.Is(err, oath.ErrWrongPassword):
		v.text.SetText(oathMessage(err))
		v.unlock.Show()
		return
	case err != nil:
		v.text.SetText(fmt.Sprintf(lang.L("Cannot read its seeds: %s"), oathMessage(err)))
		return
	}
	v.creds, v.read = creds, true
	if len(creds) == 0 {
		v.text.SetText(lang.L("No seeds."))
		return
	}
	var held map[string]string
	for _, r := range o.g.shown().keys {
		if r.Serial == serial {
			held = r.HeldNames()
		}
	}
	ids := oath.Match(creds, o.g.shown().seeds, held)
	lines := []string{countSeeds(len(creds))}
	for i, c := range creds {
		kind := strings.ToUpper(string(c.Kind))
		line := fmt.Sprintf(lang.L("• %s (%s %s): not in this vault"), c.Name, kind, c.Algorithm)
		if s, ok := o.g.seedByID(ids[i]); ok && ids[i] != "" {
			line = fmt.Sprintf(lang.L("• %s (%s %s): a copy of %s"), c.Name, kind, c.Algorithm, s.Label())
		}
		lines = append(lines, line)
	}
	v.text.SetText(strings.Join(lines, "\n"))
}

// countSeeds heads the list of a key's seeds.
func countSeeds(n int) string { return plural(n, "seed") + ":" }
