package ui

import (
	"context"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/vault"
)

// OATHKeys opens the OATH application of a plugged-in YubiKey by serial.
// The command wires token/oath on the real PC/SC stack; tests use the
// virtual YubiKey in process.
type OATHKeys interface {
	Open(ctx context.Context, serial uint32) (OATHKey, error)
}

// OATHKey is one key's OATH application, held until Close. *oath.Key is
// one.
type OATHKey interface {
	Locked() bool
	Validate(password []byte) error
	List() ([]oath.Credential, error)
	Store(seed token.Seed, touch, overwrite bool, now time.Time) error
	Find(name string) (oath.Credential, error)
	Calculate(c oath.Credential, now time.Time) (string, error)
	Close() error
}

// openOATH opens serial's OATH application and unlocks it with password.
// A key with a password, when none is given, is oath.ErrPasswordRequired.
// It talks to the key: call it off the window's goroutine.
func openOATH(keys OATHKeys, serial uint32, password []byte) (OATHKey, error) {
	k, err := keys.Open(context.Background(), serial)
	if err != nil {
		return nil, err
	}
	if k.Locked() {
		if password == nil {
			err = oath.ErrPasswordRequired
		} else {
			err = k.Validate(password)
		}
	}
	if err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

// pluggedKeys reads the serials of the keys plugged in now, from the
// watcher's first snapshot. It waits for the key: call it off the
// window's goroutine.
func pluggedKeys(w KeyWatcher) ([]uint32, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	snap, ok := <-w.Watch(ctx, keyPoll)
	if !ok {
		return nil, piv.ErrNoKey
	}
	var serials []uint32
	for _, k := range snap.Keys {
		serials = append(serials, k.Serial)
	}
	if len(serials) == 0 && snap.Err == nil {
		return nil, piv.ErrNoKey
	}
	return serials, snap.Err
}

// oathMessage says what went wrong with a key's OATH application, chosen
// by errors.Is; other errors get message's words.
func oathMessage(err error) string {
	var many *piv.MultipleKeysError
	switch {
	case errors.As(err, &many):
		return lang.X("oath.multiple_keys", "More than one YubiKey is plugged in ({{.Serials}}). Choose the key by its serial, or unplug the others.", map[string]any{"Serials": strings.Trim(fmt.Sprint(many.Serials), "[]")})
	case errors.Is(err, piv.ErrNoKey), errors.Is(err, piv.ErrNoReader):
		return lang.L("No YubiKey is plugged in. Plug one in and try again.")
	case errors.Is(err, piv.ErrNoService):
		return lang.L("The smart-card service is not running, so Twofold cannot see hardware keys. On Linux, start pcscd (sudo systemctl start pcscd.socket).")
	case errors.Is(err, piv.ErrBusy):
		return lang.L("Another program is using the YubiKey (Yubico Authenticator, or a browser). Close it and try again.")
	case errors.Is(err, oath.ErrWrongPassword):
		return lang.L("Wrong password: the YubiKey refused it, and nothing was changed. It is the OATH password set in Yubico Authenticator or with ykman, not the PIV PIN.")
	case errors.Is(err, oath.ErrFull):
		return lang.L("This YubiKey is full: its OATH application holds 32 seeds (64 from firmware 5.7). Delete one with Yubico Authenticator, or use another key. Nothing was written.")
	case errors.Is(err, oath.ErrUnsupported):
		return lang.L("A YubiKey cannot hold this seed: its OATH application makes 6- to 8-digit codes with SHA1, SHA256 or SHA512, and no Steam Guard codes. Nothing was written.")
	case errors.Is(err, oath.ErrMismatch):
		return lang.L("The YubiKey did not keep the seed as written (its code differed from the vault's), so Twofold deleted it again. Try again, or use another key.")
	case errors.Is(err, oath.ErrRemoved), errors.Is(err, piv.ErrRemoved):
		return lang.L("The YubiKey was pulled out while Twofold used it. A key keeps a seed whole or not at all: plug it back in and copy again, and Twofold checks the copy.")
	case errors.Is(err, oath.ErrNoOATH):
		return lang.L("This key has no OATH application, so it cannot hold seeds.")
	case errors.Is(err, oath.ErrTouchTimeout):
		return lang.L("The YubiKey was not touched in time.")
	}
	return message(err)
}

// keyTitle names a key with its nickname, when the vault has one.
func keyTitle(serial uint32, records []inventory.KeyRecord) string {
	for _, r := range records {
		if r.Serial == serial && r.Nickname != "" {
			return fmt.Sprintf("YubiKey %d (%s)", serial, r.Nickname)
		}
	}
	return fmt.Sprintf("YubiKey %d", serial)
}

// askOATHPassword asks for a key's OATH password; ok gets it. The
// password lives only as long as the attempt that uses it.
func (g *gui) askOATHPassword(serial uint32, problem string, ok func(password []byte)) {
	entry := widget.NewPasswordEntry()
	text := fmt.Sprintf(lang.L("%s protects its seeds with a password (set in Yubico Authenticator or with ykman). Twofold uses it for this once and does not keep it."), keyTitle(serial, g.shown().keys))
	if problem != "" {
		text = problem + "\n\n" + text
	}
	intro := newWrappingLabel(text)
	d := dialog.NewForm(fmt.Sprintf(lang.L("Password of %s"), keyTitle(serial, g.shown().keys)), lang.L("Unlock"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", intro), widget.NewFormItem(lang.L("Password"), entry)},
		func(confirmed bool) {
			pw := entry.Text
			entry.SetText("")
			if confirmed {
				ok([]byte(pw))
			}
		}, g.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	d.Resize(fyne.NewSize(460, 0))
	g.show(d)
	g.win.Canvas().Focus(entry)
}

// oathCopy is the "On YubiKeys" part of a seed's page: the keys that
// hold the seed, and Copy to YubiKey.
type oathCopy struct {
	g       *gui
	id      string
	holders *widget.Label
	button  *widget.Button
	check   *widget.Button // Check the copies (oath_check.go)
	result  *widget.Label
	box     *fyne.Container
}

func newOATHCopy(g *gui, id string) *oathCopy {
	c := &oathCopy{g: g, id: id}
	c.holders = newWrappingLabel("")
	c.button = widget.NewButtonWithIcon(lang.L("Copy to YubiKey…"), theme.StorageIcon(), c.start)
	c.check = widget.NewButtonWithIcon(lang.L("Check the copies"), theme.ConfirmIcon(), c.startCheck)
	c.result = newNoticeLabel()
	c.box = container.NewVBox(widget.NewSeparator(), heading(lang.L("On YubiKeys")), c.holders, container.NewHBox(c.button, c.check), c.result)
	return c
}

// refresh shows the keys the vault records as holding the seed.
func (c *oathCopy) refresh() {
	holders := inventory.Holders(c.g.shown().keys, c.id)
	c.check.Hidden = len(holders) == 0
	c.check.Refresh()
	if len(holders) == 0 {
		c.holders.SetText(lang.L("No YubiKey holds this seed, as far as Twofold knows. A copy in a key's OATH application makes the same codes, and the seed cannot be read back out of the key."))
		return
	}
	now := c.g.now()
	lines := make([]string, len(holders))
	for i, h := range holders {
		lines[i] = "• " + holderText(h, now)
	}
	c.holders.SetText(lang.L("Held by:") + "\n" + strings.Join(lines, "\n"))
}

// holderText is inventory.Holder.Describe in the app's language: the key
// and how long ago its copy was last checked.
func holderText(h inventory.Holder, now time.Time) string {
	d := now.Sub(h.Checked)
	var ago string
	switch days := int(d.Hours() / 24); {
	case d < time.Hour:
		ago = lang.L("just now")
	case days < 1:
		ago = fmt.Sprintf(lang.L("%d hours ago"), int(d.Hours()))
	case days == 1:
		ago = lang.L("1 day ago")
	default:
		ago = fmt.Sprintf(lang.L("%d days ago"), days)
	}
	return fmt.Sprintf(lang.L("%s (checked %s)"), keyTitle(h.Key.Serial, []inventory.KeyRecord{h.Key}), ago)
}

func (c *oathCopy) say(text string, importance widget.Importance) {
	say(c.result, text, importance)
	c.result.Show()
}

// start looks for the keys plugged in, then asks which one to use.
func (c *oathCopy) start() {
	c.g.touch()
	seed, ok := c.g.seedByID(c.id)
	if !ok {
		return
	}
	if c.g.opts.Keys == nil || c.g.opts.OATH == nil {
		c.say(lang.L("Hardware keys are not wired into this window."), widget.WarningImportance)
		return
	}
	if seed.Steam() {
		c.say(oathMessage(oath.ErrUnsupported), widget.DangerImportance)
		return
	}
	c.button.Disable()
	c.say(lang.L("Looking for YubiKeys…"), widget.MediumImportance)
	watcher := c.g.opts.Keys
	c.g.work.Add(1)
	go func() {
		defer c.g.work.Done()
		serials, err := pluggedKeys(watcher)
		c.g.do(func() {
			c.button.Enable()
			if len(serials) == 0 {
				c.say(oathMessage(err), widget.DangerImportance)
				return
			}
			c.result.Hide()
			c.choose(serials)
		})
	}()
}

// choose asks which key to copy to, and whether codes need a touch.
func (c *oathCopy) choose(serials []uint32) {
	names := make([]string, len(serials))
	for i, s := range serials {
		names[i] = keyTitle(s, c.g.shown().keys)
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelectedIndex(0)
	touch := widget.NewCheck(lang.L("Ask for a touch of the key before each code"), nil)
	intro := newWrappingLabel(lang.L("The key's OATH application will make this seed's codes (Yubico Authenticator shows them). The seed cannot be read back out of the key."))
	d := dialog.NewForm(lang.L("Copy to YubiKey"), lang.L("Copy"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem("", intro),
		widget.NewFormItem("YubiKey", pick),
		widget.NewFormItem("", touch),
	}, func(ok bool) {
		if ok && pick.SelectedIndex() >= 0 {
			c.write(serials[pick.SelectedIndex()], touch.Checked, nil, false)
		}
	}, c.g.win)
	d.Resize(fyne.NewSize(460, 0))
	c.g.show(d)
}

// write copies the seed to the key off the window's goroutine, then
// records the copy in the vault. It asks for the key's password, and
// whether to replace a credential of the same name, as the key answers.
func (c *oathCopy) write(serial uint32, touch bool, password []byte, overwrite bool) {
	seed, ok := c.g.seedByID(c.id)
	if !ok {
		return
	}
	keys, now := c.g.opts.OATH, c.g.now()
	c.button.Disable()
	c.say(fmt.Sprintf(lang.L("Writing to %s…"), keyTitle(serial, c.g.shown().keys)), widget.MediumImportance)
	c.g.work.Add(1)
	go func() {
		defer c.g.work.Done()
		k, err := openOATH(keys, serial, password)
		if err == nil {
			err = k.Store(seed, touch, overwrite, now)
			k.Close()
		}
		c.g.do(func() {
			c.button.Enable()
			c.written(seed, serial, touch, password, err, now)
		})
	}()
}

func (c *oathCopy) written(seed token.Seed, serial uint32, touch bool, password []byte, err error, now time.Time) {
	retry := func(overwrite bool) func([]byte) {
		return func(pw []byte) { c.write(serial, touch, pw, overwrite) }
	}
	switch {
	case errors.Is(err, oath.ErrPasswordRequired):
		c.result.Hide()
		c.g.askOATHPassword(serial, "", retry(false))
	case errors.Is(err, oath.ErrWrongPassword):
		c.say(oathMessage(err), widget.DangerImportance)
		c.g.askOATHPassword(serial, oathMessage(err), retry(false))
	case errors.Is(err, oath.ErrNameTaken):
		name := oath.CredentialName(seed)
		d := dialog.NewConfirm(fmt.Sprintf(lang.L("Replace %s?"), name),
			fmt.Sprintf(lang.L("%s already holds a seed called %s. Replace it with this one? The one there now is lost from that key."), keyTitle(serial, c.g.shown().keys), name),
			func(ok bool) {
				if ok {
					c.write(serial, touch, password, true)
				} else {
					c.say(lang.L("Nothing was written."), widget.MediumImportance)
				}
			}, c.g.win)
		d.SetConfirmText(lang.L("Replace"))
		d.SetDismissText(lang.L("Cancel"))
		c.g.show(d)
	case err != nil:
		c.say(oathMessage(err), widget.DangerImportance)
	default:
		id, name := seed.ID, oath.CredentialName(seed)
		c.g.edit(func(d *vault.Data) error {
			return d.RecordCopy(id, serial, name, now)
		}, func() {
			text := fmt.Sprintf(lang.L("Copied: %s now makes this seed's codes, and its code matched the vault's."), keyTitle(serial, c.g.shown().keys))
			if touch {
				text = fmt.Sprintf(lang.L("Copied to %s; it asks for a touch before each code."), keyTitle(serial, c.g.shown().keys))
			}
			c.say(text, widget.SuccessImportance)
			c.g.setStatus(fmt.Sprintf(lang.L("Copied %s to %s."), seed.Label(), keyTitle(serial, c.g.shown().keys)))
		})
	}
}
