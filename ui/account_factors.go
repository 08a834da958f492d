package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// Factor kinds as the add-a-factor select names them.
var factorKinds = []struct {
	label string
	kind  inventory.FactorKind
	hint  string // placeholder of the label entry
}{
	{"Seed in this vault", inventory.SeedFactor, ""},
	{"Hardware key", inventory.KeyFactor, ""},
	{"Authenticator app", inventory.AppFactor, "Phone it runs on, e.g. Pixel 8"},
	{"Passkey", inventory.PasskeyFactor, "Device or password manager"},
	{"SMS", inventory.SMSFactor, "Phone that gets the texts"},
	{"Backup codes", inventory.BackupCodesFactor, "Where they are kept"},
}

// Key uses as the add-a-factor select names them.
var keyUses = []struct{ label, use string }{
	{"FIDO2 / U2F security key", inventory.KeyFIDO},
	{"PIV certificate", inventory.KeyPIV},
	{"OATH codes on the key", inventory.KeyOATH},
}

// factorEditor lists the account's factors and adds one
// (account_factors.go).
type factorEditor struct {
	factors       *fyne.Container
	kind          *widget.Select
	factorForm    *fyne.Container // holds the form for the kind chosen
	seed          *widget.Select
	seedIDs       []string
	key           *widget.SelectEntry // a known key, or the serial of a new one
	keySerials    []uint32
	use           *widget.Select
	label         *widget.Entry
	addFactor     *widget.Button
	factorProblem *widget.Label
}

// newFactorEditor builds the list of factors and the form that adds one.
func (s *accountScreen) newFactorEditor() fyne.CanvasObject {
	s.factors = container.NewVBox()
	var kinds []string
	for _, k := range factorKinds {
		kinds = append(kinds, lang.L(k.label))
	}
	s.seed = widget.NewSelect(nil, nil)
	s.key = widget.NewSelectEntry(nil)
	var uses []string
	for _, u := range keyUses {
		uses = append(uses, lang.L(u.label))
	}
	s.use = widget.NewSelect(uses, nil)
	s.use.SetSelectedIndex(0)
	s.label = widget.NewEntry()
	s.factorForm = container.NewStack()
	s.kind = widget.NewSelect(kinds, func(string) { s.kindChanged() })
	s.addFactor = widget.NewButtonWithIcon(lang.L("Add factor"), theme.ContentAddIcon(), s.saveFactor)
	s.factorProblem = newProblemLabel()
	factorIntro := newWrappingLabel(lang.L("Record each MFA method registered on this account, so one lost device never leaves it with none."))
	return container.NewVBox(
		heading(lang.L("Factors")),
		factorIntro,
		s.factors,
		s.factorForm,
		s.factorProblem,
		container.NewHBox(s.addFactor),
	)
}

// showFactors lists a's factors and offers the seeds and keys that can
// be added.
func (s *accountScreen) showFactors(a inventory.Account) {
	s.factors.Objects = nil
	for _, f := range a.Factors {
		l := newWrappingLabel(s.g.factorName(f))
		rm := widget.NewButtonWithIcon(lang.L("Remove"), theme.DeleteIcon(), func() { s.confirmRemoveFactor(f) })
		buttons := container.NewHBox(rm)
		if f.Unknown() {
			l.Importance = widget.WarningImportance
			works := widget.NewButtonWithIcon(lang.L("It works"), theme.ConfirmIcon(), func() { s.confirmFactorWorks(f) })
			buttons = container.NewHBox(works, rm)
		}
		s.factors.Add(container.NewBorder(nil, nil, nil, container.NewCenter(buttons), l))
	}
	if len(a.Factors) == 0 {
		none := widget.NewLabel(lang.L("No factor recorded yet."))
		none.Importance = widget.DangerImportance
		s.factors.Add(none)
	}
	s.factors.Refresh()

	// Seeds that are a factor of no account yet ('twofold factor link'
	// moves the others).
	s.seedIDs = nil
	var seeds []string
	for _, seed := range s.g.shown().seeds {
		if inventory.CheckSeedFree(s.g.shown().accounts, seed) == nil {
			seeds = append(seeds, seed.Label())
			s.seedIDs = append(s.seedIDs, seed.ID)
		}
	}
	s.seed.SetOptions(seeds)
	s.seed.ClearSelected()
	s.seed.PlaceHolder = lang.L("(no seed free: each is a factor of an account)")
	if len(seeds) > 0 {
		s.seed.PlaceHolder = lang.L("(pick a seed)")
	}
	s.keySerials = nil
	var keys []string
	for _, k := range s.g.shown().keys {
		name := fmt.Sprint(k.Serial)
		if k.Nickname != "" {
			name += " (" + k.Nickname + ")"
		}
		keys = append(keys, name)
		s.keySerials = append(s.keySerials, k.Serial)
	}
	s.key.SetOptions(keys)
	s.key.SetText("")
	s.key.SetPlaceHolder(lang.L("Serial number printed on the key"))
	if len(keys) > 0 {
		s.key.SetPlaceHolder(lang.L("Pick a key, or type a new one's serial"))
	}
	s.seed.Refresh()
	s.key.Refresh()
}

// kindChanged shows the inputs the chosen kind of factor needs.
func (s *accountScreen) kindChanged() {
	s.factorProblem.Hide()
	i := s.kind.SelectedIndex()
	if i < 0 {
		return
	}
	k := factorKinds[i]
	items := []*widget.FormItem{widget.NewFormItem(lang.L("New factor"), s.kind)}
	switch k.kind {
	case inventory.SeedFactor:
		items = append(items, widget.NewFormItem(lang.L("Seed"), s.seed))
	case inventory.KeyFactor:
		items = append(items,
			&widget.FormItem{Text: lang.L("Key"), Widget: s.key, HintText: lang.L("A key never plugged in here is recorded by its serial")},
			widget.NewFormItem(lang.L("Used as"), s.use))
	default:
		s.label.SetText("")
		s.label.SetPlaceHolder(lang.L(k.hint))
		items = append(items, widget.NewFormItem(lang.L("Label"), s.label))
	}
	// A new form each time: a Form keeps the widgets it first showed.
	s.factorForm.Objects = []fyne.CanvasObject{widget.NewForm(items...)}
	s.factorForm.Refresh()
}

// errPickOne is the add-a-factor problem when a select is still empty.
var errPickOne = errors.New("nothing picked")

// errKeySerial is the add-a-factor problem when the key is neither
// picked nor given by a serial number.
var errKeySerial = errors.New("not a key serial")

// newFactor is the factor the add-a-factor inputs describe, and whether
// it is on a key the vault does not know yet (recorded by its serial, as
// 'twofold factor add --new-key' does).
func (s *accountScreen) newFactor() (f inventory.Factor, newKey bool, err error) {
	i := s.kind.SelectedIndex()
	if i < 0 {
		return inventory.Factor{}, false, errPickOne
	}
	f = inventory.Factor{Kind: factorKinds[i].kind, Registered: s.g.now().UTC().Truncate(time.Second)}
	switch f.Kind {
	case inventory.SeedFactor:
		j := s.seed.SelectedIndex()
		if j < 0 || j >= len(s.seedIDs) {
			return f, false, errPickOne
		}
		f.SeedID = s.seedIDs[j]
	case inventory.KeyFactor:
		// "12345678 (nickname)" as listed, or a serial typed.
		digits, _, _ := strings.Cut(strings.TrimSpace(s.key.Text), " ")
		serial, err := strconv.ParseUint(digits, 10, 32)
		if err != nil || serial == 0 {
			return f, false, errKeySerial
		}
		f.KeySerial = uint32(serial)
		f.KeyUse = keyUses[max(s.use.SelectedIndex(), 0)].use
		newKey = !slices.Contains(s.keySerials, f.KeySerial)
	default:
		f.Label = strings.TrimSpace(s.label.Text)
	}
	return f, newKey, nil
}

func (s *accountScreen) saveFactor() {
	s.g.touch()
	f, newKey, err := s.newFactor()
	if err != nil {
		say(s.factorProblem, fieldMessage(err), widget.DangerImportance)
		s.factorProblem.Show()
		return
	}
	s.factorProblem.Hide()
	id := s.id
	s.g.edit(func(d *vault.Data) error {
		_, _, err := d.AddFactor(id, f, newKey)
		return err
	}, func() {
		s.label.SetText("")
	})
}

func (s *accountScreen) confirmRemoveFactor(f inventory.Factor) {
	a, ok := s.account()
	if !ok {
		return
	}
	s.g.confirmDanger(lang.L("Remove factor?"),
		fmt.Sprintf(lang.L("Remove %s from %s?\n\nDo this once the device is deregistered at the provider. The account will have %s left."),
			s.g.factorName(f), a.Name, plural(len(a.Factors)-1, "factor")),
		lang.L("Remove"), func() {
			s.g.edit(func(d *vault.Data) error {
				_, _, err := d.RemoveFactor(a.ID, f.ID)
				return err
			}, nil)
		})
}

// confirmFactorWorks records that f works, once the person has seen it
// among the MFA devices at the provider (as 'twofold factor verify'):
// AWS listed no such device, so Twofold stopped counting it.
func (s *accountScreen) confirmFactorWorks(f inventory.Factor) {
	a, ok := s.account()
	if !ok {
		return
	}
	s.g.confirmDanger(lang.L("Record that it works?"),
		fmt.Sprintf(lang.L("AWS listed no MFA device for %s of %s. Record that it works only once you have signed in with it, or seen it among the root user's MFA devices in the AWS console."),
			s.g.factorName(f), a.Name),
		lang.L("It works"), func() {
			s.g.edit(func(d *vault.Data) error {
				_, err := d.VerifyFactor(a.ID, f.ID, s.g.now().UTC())
				return err
			}, nil)
		})
}
