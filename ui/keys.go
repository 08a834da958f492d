package ui

import (
	"context"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"reflect"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/vault"
)

// KeyWatcher reports the hardware keys present: a snapshot at once, then
// one whenever a key is plugged in or pulled out, until ctx ends.
// *piv.Scanner is the real one; tests use a fake.
type KeyWatcher interface {
	Watch(ctx context.Context, interval time.Duration) <-chan piv.Snapshot
}

// keyPoll is how often the watcher looks at the readers while the Keys
// screen is shown. A poll asks PC/SC for event counters only, so it is
// cheap; nothing polls while the screen is hidden.
const keyPoll = time.Second

// keysScreen shows the hardware keys present, with their state and
// findings, and follows keys being plugged in and pulled out.
type keysScreen struct {
	g       *gui
	watcher KeyWatcher
	status  *widget.Label
	list    *fyne.Container
	cancel  context.CancelFunc
	shown   []piv.State
	oath    *oathCredentials // each key's seeds (oath_keys.go)

	// saving is true while sightings are being saved; pending holds the
	// ones seen meanwhile, recorded when that save ends.
	saving  bool
	pending []inventory.Sighting
	// records counts the saves of sightings started (for tests).
	records int

	// afterShow, when set (by tests), runs after each snapshot is shown;
	// afterRecord after each save of sightings ends.
	afterShow, afterRecord func()

	content fyne.CanvasObject
}

// object is what the tab draws.
func (s *keysScreen) object() fyne.CanvasObject { return s.content }

func newKeysScreen(g *gui, watcher KeyWatcher) *keysScreen {
	s := &keysScreen{g: g, watcher: watcher, oath: newOATHCredentials(g)}
	s.status = newWrappingLabel("")
	s.list = container.NewVBox()
	intro := newWrappingLabel(lang.L("The hardware keys (YubiKeys) plugged into this computer, read without using up any PIN attempt. Plug one in or pull it out and this list follows."))
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(intro, s.status, s.list)))
	g.sess.Subscribe(func(view) { s.recordsChanged() })
	return s
}

// setVisible starts watching for keys while the screen is shown and
// stops when it is not.
func (s *keysScreen) setVisible(visible bool) {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	if !visible || !s.g.isUnlocked() {
		return
	}
	if s.watcher == nil {
		s.status.SetText(lang.L("Hardware keys are not wired into this window."))
		return
	}
	if len(s.shown) == 0 {
		s.status.SetText(lang.L("Looking for keys…"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	snaps := s.watcher.Watch(ctx, keyPoll)
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		for {
			var snap piv.Snapshot
			var ok bool
			select {
			case <-ctx.Done():
				return
			case snap, ok = <-snaps:
				if !ok {
					return
				}
			}
			s.g.do(func() {
				if ctx.Err() == nil {
					s.show(snap)
				}
				if s.afterShow != nil {
					s.afterShow()
				}
			})
		}
	}()
}

// show puts a snapshot on screen, rebuilding the cards only when the
// keys changed.
func (s *keysScreen) show(snap piv.Snapshot) {
	switch err := snap.Err; {
	case errors.Is(err, piv.ErrNoReader), errors.Is(err, piv.ErrNoKey):
		s.status.SetText(lang.L("No YubiKey is plugged in. Plug one in to see its state here."))
	case errors.Is(err, piv.ErrNoService):
		s.status.SetText(lang.L("The smart-card service is not running, so Twofold cannot see hardware keys. On Linux, start pcscd (sudo systemctl start pcscd.socket)."))
	case err != nil && len(snap.Keys) == 0:
		s.status.SetText(fmt.Sprintf(lang.L("Cannot read the key: %s"), keyProblem(err)))
	case err != nil:
		s.status.SetText(fmt.Sprintf(lang.L("%s Another key could not be read: %s"), countKeys(len(snap.Keys)), keyProblem(err)))
	default:
		s.status.SetText(countKeys(len(snap.Keys)))
	}
	if !reflect.DeepEqual(snap.Keys, s.shown) {
		s.shown = snap.Keys
		s.rebuild()
	}
	if len(snap.Keys) > 0 {
		seen := make([]inventory.Sighting, 0, len(snap.Keys))
		for _, k := range snap.Keys {
			seen = append(seen, inventory.Sighting{Serial: k.Serial, Findings: k.Findings})
		}
		s.record(seen)
	}
}

// rebuild makes the cards of the keys shown.
func (s *keysScreen) rebuild() {
	s.list.Objects = nil
	serials := make([]uint32, len(s.shown))
	for i, k := range s.shown {
		serials[i] = k.Serial
	}
	oathRows := s.oath.rows(serials)
	for _, k := range s.shown {
		rec, known := inventory.KeyRecord{}, false
		for _, r := range s.g.shown().keys {
			if r.Serial == k.Serial {
				rec, known = r, true
			}
		}
		s.list.Add(keyCard(k, rec, known, oathRows[k.Serial]))
	}
	s.list.Refresh()
}

// recordsChanged shows the vault's records of the keys on screen.
func (s *keysScreen) recordsChanged() {
	if len(s.shown) > 0 {
		s.rebuild()
	}
}

// record saves the keys seen in the vault, with their findings, so that
// the inventory check warns about a key (a default PIN, say) while it is
// unplugged. It saves only when that changes something that matters
// (inventory.SightingsChange): the watcher's snapshots of the same keys
// the same day save nothing.
func (s *keysScreen) record(seen []inventory.Sighting) {
	if !s.g.isUnlocked() {
		return
	}
	if s.saving {
		s.pending = seen
		return
	}
	now := s.g.now()
	if !inventory.SightingsChange(s.g.shown().keys, seen, now) {
		return
	}
	s.saving = true
	s.records++
	fn := func(d *vault.Data) error {
		d.RecordSightings(seen, now)
		return nil
	}
	s.g.sess.Edit(fn, func(err error) {
		s.saving = false
		s.g.edited(err, fn, nil)
		if next := s.pending; next != nil {
			s.pending = nil
			s.record(next)
		}
		if s.afterRecord != nil {
			s.afterRecord()
		}
	})
}

// keyProblem says what went wrong reading a key, chosen by errors.Is.
func keyProblem(err error) string {
	switch {
	case errors.Is(err, piv.ErrRemoved):
		return lang.L("it was pulled out while being read. Plug it back in.")
	case errors.Is(err, piv.ErrBusy):
		return lang.L("another program is using it. Close that program (for example a browser using the key) and it appears here.")
	case errors.Is(err, piv.ErrNotYubiKey):
		return lang.L("the card in the reader is not a YubiKey.")
	}
	return err.Error()
}

func countKeys(n int) string {
	if n == 1 {
		return lang.L("1 key plugged in.")
	}
	return fmt.Sprintf(lang.L("%d keys plugged in."), n)
}

// keyCard shows a key's state, what the vault records of it (rec, when
// known) and, when not nil, the seeds of its OATH application.
func keyCard(k piv.State, rec inventory.KeyRecord, known bool, oathRow fyne.CanvasObject) fyne.CanvasObject {
	sub := fmt.Sprintf(lang.L("Serial %d · firmware %s"), k.Serial, k.Firmware)
	if k.FormFactor != "" && k.FormFactor != "unknown" {
		sub += " · " + k.FormFactor
	}
	box := container.NewVBox()
	wrapped := func(text string) *widget.Label {
		l := newWrappingLabel(text)
		return l
	}
	form := widget.NewForm(
		widget.NewFormItem("PIN", wrapped(credentialText(k.PIN, "123456"))),
		widget.NewFormItem("PUK", wrapped(credentialText(k.PUK, "12345678"))),
		widget.NewFormItem(lang.L("Management key"), wrapped(managementText(k.ManagementKey))),
		widget.NewFormItem(lang.L("Key slots"), wrapped(slotsText(k.Slots))),
		widget.NewFormItem(lang.L("In the vault"), wrapped(recordText(rec, known))),
	)
	if oathRow != nil {
		form.Append("OATH", oathRow)
	}
	box.Add(form)
	if len(k.Findings) == 0 {
		ok := widget.NewLabel(lang.L("Nothing to fix."))
		ok.Importance = widget.SuccessImportance
		box.Add(ok)
	}
	for _, f := range k.Findings {
		msg, fix := keyFindingWords(f)
		box.Add(findingRow(f.Severity, msg, fix, f.Action))
	}
	title := fmt.Sprintf("YubiKey %d", k.Serial)
	if rec.Nickname != "" {
		title = fmt.Sprintf("YubiKey %d (%s)", k.Serial, rec.Nickname)
	}
	return widget.NewCard(title, sub, box)
}

func recordText(rec inventory.KeyRecord, known bool) string {
	if !known {
		return lang.L("not recorded yet")
	}
	var parts []string
	if !rec.FirstSeen.IsZero() {
		parts = append(parts, fmt.Sprintf(lang.L("first seen %s"), rec.FirstSeen.Local().Format(time.DateOnly)))
	}
	if !rec.LastSeen.IsZero() {
		parts = append(parts, fmt.Sprintf(lang.L("last seen %s"), rec.LastSeen.Local().Format(time.DateOnly)))
	}
	if len(parts) == 0 {
		return lang.L("recorded, never seen plugged in")
	}
	return strings.Join(parts, lang.L(", "))
}

// findingRow shows one finding with an icon for its severity.
func findingRow(severity finding.Severity, msg, fix string, do finding.Action) fyne.CanvasObject {
	text := msg
	if fix != "" {
		text += "\n" + fix
	}
	if a := actionText(do); a != "" {
		text += "\n" + a
	}
	l := newWrappingLabel(text)
	icon := widget.NewIcon(theme.InfoIcon())
	switch severity {
	case finding.Warning:
		l.Importance = widget.WarningImportance
		icon.SetResource(theme.WarningIcon())
	case finding.Critical:
		l.Importance = widget.DangerImportance
		icon.SetResource(theme.ErrorIcon())
	}
	return container.NewBorder(nil, nil, container.NewVBox(icon), nil, l)
}

// credentialText says what state a PIN or PUK is in (piv.Credential's
// Describe, in the app's language); factory is its factory value.
func credentialText(c piv.Credential, factory string) string {
	var parts []string
	switch {
	case c.Blocked:
		parts = append(parts, lang.L("blocked"))
	case c.RetriesLeft != nil && c.MaxRetries != nil:
		parts = append(parts, fmt.Sprintf(lang.L("%d of %d attempts left"), *c.RetriesLeft, *c.MaxRetries))
	case c.RetriesLeft != nil:
		parts = append(parts, fmt.Sprintf(lang.L("%d attempts left"), *c.RetriesLeft))
	default:
		parts = append(parts, lang.L("attempts unknown (older firmware tells only by spending one)"))
	}
	if c.Default != nil {
		if *c.Default {
			parts = append(parts, fmt.Sprintf(lang.L("still the factory default (%s)"), factory))
		} else {
			parts = append(parts, lang.L("changed from the default"))
		}
	}
	return strings.Join(parts, lang.L(", "))
}

func managementText(m piv.ManagementKey) string {
	parts := []string{strings.ToUpper(m.Algorithm)}
	if m.Default != nil {
		if *m.Default {
			parts = append(parts, lang.L("still the factory default"))
		} else {
			parts = append(parts, lang.L("changed from the default"))
		}
	}
	return strings.Join(parts, lang.L(", "))
}

func slotsText(slots []piv.Slot) string {
	var lines []string
	for _, sl := range slots {
		if !sl.HasKey {
			continue
		}
		line := fmt.Sprintf("%s (%s): %s", sl.Slot, lang.L(strings.ReplaceAll(sl.Name, "_", " ")), sl.Algorithm)
		switch sl.Attestation {
		case piv.AttestationVerified:
			line += lang.L(", made on a genuine YubiKey")
		case piv.AttestationFailed:
			line += lang.L(", ATTESTATION FAILED")
		}
		if sl.Certificate != nil {
			line += fmt.Sprintf(lang.L(", certificate for %s until %s"), sl.Certificate.Subject, sl.Certificate.NotAfter.Format(time.DateOnly))
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return lang.L("none in use")
	}
	return strings.Join(lines, "\n")
}
