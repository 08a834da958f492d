package ui

import (
	"cmp"
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errNoIAMUser is the principal field's problem when "IAM user" is
// picked and no user name typed.
var errNoIAMUser = errors.New("no IAM user name")

// errNoRegion is the phone field's problem when a number without its
// country code is typed and no region picked.
var errNoRegion = errors.New("no phone region")

// Choices of the account page's selects, as people read them (in
// English: each is shown as lang.L of it).
const (
	providerAWS     = "AWS"
	providerGeneric = "Other provider"
	principalRoot   = "Root user"
	principalIAM    = "IAM user"
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

// accountScreen adds or edits one inventory account: its fields, with
// the same rules as 'twofold account add/edit', its factors (as 'twofold
// factor add/rm'), and for an AWS root user the steps back in when its
// MFA device is lost. A new account has no id until it is saved.
type accountScreen struct {
	pageDefaults
	g  *gui
	id string

	title      *widget.Label
	name       *widget.Entry
	provider   *widget.Select
	awsAccount *widget.Entry
	principal  *widget.RadioGroup
	iamUser    *widget.Entry
	email      *widget.Entry
	phone      *widget.Entry
	region     *regionPicker
	problem    *widget.Label
	notSaved   bool // problem says why the last Save saved nothing
	save       *widget.Button
	remove     *widget.Button

	saved *fyne.Container // what only a saved account has: factors, lost device

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

	lostButton *widget.Button
	awsAction  *widget.Button // the AWS steps that add a factor (awsaccount.go)
	lostBox    *fyne.Container
	lostText   *widget.Label
	lostWarn   *widget.Label

	content fyne.CanvasObject
}

func newAccountScreen(g *gui, id string) *accountScreen {
	s := &accountScreen{g: g, id: id}
	s.title = newPageTitle(lang.L("New account"))
	s.title.Truncation = fyne.TextTruncateEllipsis

	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(lang.L("e.g. GitHub, or AWS production root"))
	s.name.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return humanError(inventory.ErrName)
		}
		return humanError(inventory.CheckUniqueName(s.g.shown().accounts, text, s.id))
	}
	s.awsAccount = widget.NewEntry()
	s.awsAccount.SetPlaceHolder(lang.L("123456789012 or alias"))
	s.awsAccount.Validator = func(text string) error {
		if s.provider.Selected != lang.L(providerAWS) {
			return nil
		}
		return humanError(inventory.CheckAWSAccount(strings.TrimSpace(text)))
	}
	s.iamUser = widget.NewEntry()
	s.iamUser.SetPlaceHolder(lang.L("user name"))
	s.iamUser.Validator = func(text string) error {
		if s.provider.Selected == lang.L(providerAWS) && s.principal.Selected == lang.L(principalIAM) && strings.TrimSpace(text) == "" {
			return humanError(errNoIAMUser)
		}
		return nil
	}
	s.principal = widget.NewRadioGroup([]string{lang.L(principalRoot), lang.L(principalIAM)}, func(string) {
		s.fieldsChanged()
		_ = s.iamUser.Validate()
		s.recheck()
	})
	s.principal.Horizontal = true
	s.principal.Required = true
	s.email = widget.NewEntry()
	s.email.SetPlaceHolder(lang.L("not recorded"))
	s.email.Validator = func(text string) error {
		return humanError(inventory.CheckEmail(strings.TrimSpace(text)))
	}
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder(lang.L("not recorded"))
	s.phone.Validator = func(text string) error {
		_, err := s.phoneE164(text)
		return humanError(err)
	}
	s.region = newRegionPicker(func() {
		_ = s.phone.Validate()
		s.recheck()
	})
	s.provider = widget.NewSelect([]string{lang.L(providerAWS), lang.L(providerGeneric)}, func(string) {
		s.fieldsChanged()
		_ = s.awsAccount.Validate()
		_ = s.iamUser.Validate()
		s.recheck()
	})

	form := widget.NewForm(
		&widget.FormItem{Text: lang.L("Name"), Widget: s.name, HintText: lang.L("A name of your choice, unique in the inventory")},
		widget.NewFormItem(lang.L("Provider"), s.provider),
		&widget.FormItem{Text: lang.L("AWS account"), Widget: s.awsAccount, HintText: lang.L("For AWS only: the 12-digit id or the alias")},
		widget.NewFormItem(lang.L("Principal"), container.NewBorder(nil, nil, s.principal, nil, s.iamUser)),
		&widget.FormItem{Text: lang.L("Recovery email"), Widget: s.email, HintText: lang.L("Where the provider writes when a factor is lost")},
		widget.NewFormItem(lang.L("Phone region"), s.region.entry),
		&widget.FormItem{Text: lang.L("Recovery phone"), Widget: s.phone,
			HintText: lang.L("As written in that region, e.g. 080-1234-5678 in Japan; saved as +818012345678")},
	)
	s.problem = newProblemLabel()
	s.save = widget.NewButtonWithIcon(lang.L("Save account"), theme.DocumentSaveIcon(), s.saveAccount)
	s.save.Importance = widget.HighImportance
	s.remove = widget.NewButtonWithIcon(lang.L("Delete account…"), theme.DeleteIcon(), s.confirmDelete)
	s.remove.Importance = widget.DangerImportance

	// Factors.
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

	// Lost device (AWS root users).
	s.lostWarn = newWrappingLabel("")
	s.lostWarn.Importance = widget.DangerImportance
	s.lostText = newWrappingLabel("")
	s.lostBox = container.NewVBox(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, s.lostWarn), s.lostText)
	s.lostBox.Hide()
	s.lostButton = widget.NewButtonWithIcon(lang.L("Lost your MFA device?"), theme.HelpIcon(), func() {
		if s.lostBox.Visible() {
			s.lostBox.Hide()
		} else {
			s.showLost()
			s.lostBox.Show()
		}
	})

	s.awsAction = s.newAWSAction()
	s.saved = container.NewVBox(
		widget.NewSeparator(),
		container.NewHBox(s.lostButton, s.awsAction),
		s.lostBox,
		heading(lang.L("Factors")),
		factorIntro,
		s.factors,
		s.factorForm,
		s.factorProblem,
		container.NewHBox(s.addFactor),
	)

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() {
		g.showTab(g.inventoryTab)
	})
	// The problem goes under the Save button, where showing it moves
	// nothing the person is about to press.
	body := container.NewVBox(
		s.title,
		form,
		container.NewBorder(nil, nil, s.save, s.remove),
		s.problem,
		s.saved,
	)
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil,
		container.NewVScroll(container.NewPadded(body)))

	s.load()
	s.kind.SetSelectedIndex(0)
	for _, e := range []*widget.Entry{s.name, s.awsAccount, s.iamUser, s.email, s.phone} {
		e.OnChanged = func(string) { s.recheck() }
	}
	return s
}

// recheck keeps the message about the last save true as the form
// changes: "Saved." goes at the first change; "Not saved: ..." goes once
// the form is right, and names the problem left while it is not.
func (s *accountScreen) recheck() {
	if s.problem == nil || !s.problem.Visible() {
		return
	}
	if !s.notSaved {
		s.problem.Hide()
		return
	}
	if _, err := s.fields(); err != nil {
		say(s.problem, lang.L("Not saved: ")+message(err), widget.DangerImportance)
		return
	}
	s.notSaved = false
	s.problem.Hide()
}

// account returns the saved account this page shows.
func (s *accountScreen) account() (inventory.Account, bool) {
	for _, a := range s.g.shown().accounts {
		if s.id != "" && a.ID == s.id {
			return a, true
		}
	}
	return inventory.Account{}, false
}

// load fills the fields from the saved account (a new one: defaults).
func (s *accountScreen) load() {
	a, ok := s.account()
	if !ok {
		s.provider.SetSelected(lang.L(providerGeneric))
		s.principal.SetSelected(lang.L(principalRoot))
		s.region.set(systemRegion())
		s.dataChanged()
		return
	}
	s.name.SetText(a.Name)
	if a.Provider == inventory.AWS {
		s.provider.SetSelected(lang.L(providerAWS))
	} else {
		s.provider.SetSelected(lang.L(providerGeneric))
	}
	s.awsAccount.SetText(a.AWSAccount)
	if a.Principal == "" || a.IsAWSRoot() {
		s.principal.SetSelected(lang.L(principalRoot))
	} else {
		s.principal.SetSelected(lang.L(principalIAM))
		s.iamUser.SetText(a.Principal)
	}
	s.email.SetText(a.Email)
	s.phone.SetText(a.Phone)
	if a.Phone != "" {
		s.region.set(inventory.PhoneRegionOf(a.Phone))
	} else {
		s.region.set(systemRegion())
	}
	s.dataChanged()
}

// fieldsChanged enables the principal for AWS accounts only. The AWS
// account field stays open so that an id typed on another provider's
// account can be cleared: saving refuses it (Account.Validate), as the
// command line does.
func (s *accountScreen) fieldsChanged() {
	if s.provider == nil || s.principal == nil {
		return
	}
	if s.provider.Selected == lang.L(providerAWS) {
		s.principal.Enable()
	} else {
		s.principal.Disable()
	}
	if s.provider.Selected == lang.L(providerAWS) && s.principal.Selected == lang.L(principalIAM) {
		s.iamUser.Enable()
	} else {
		s.iamUser.Disable()
	}
}

// phoneE164 is the phone field in E.164 form, read for the region
// picked; "" when empty.
func (s *accountScreen) phoneE164(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	region := ""
	if s.region != nil {
		region, _ = s.region.region() // a text naming no one region is none
	}
	if region == "" && !strings.HasPrefix(text, "+") {
		return "", errNoRegion
	}
	return inventory.NormalizePhone(text, region)
}

// fields is the account as the form says, or the first problem.
func (s *accountScreen) fields() (inventory.Account, error) {
	a, _ := s.account()
	a.Name = strings.TrimSpace(s.name.Text)
	a.Provider = inventory.Generic
	a.AWSAccount, a.Principal = strings.TrimSpace(s.awsAccount.Text), ""
	if s.provider.Selected == lang.L(providerAWS) {
		a.Provider = inventory.AWS
		a.Principal = inventory.RootPrincipal
		if s.principal.Selected == lang.L(principalIAM) {
			a.Principal = strings.TrimSpace(s.iamUser.Text)
			if a.Principal == "" {
				return a, errNoIAMUser
			}
		}
	}
	a.Email = strings.TrimSpace(s.email.Text)
	// Problems in the order of the form: the email before the phone.
	if err := a.Validate(); err != nil && !errors.Is(err, inventory.ErrPhone) {
		return a, err
	}
	phone, err := s.phoneE164(s.phone.Text)
	if err != nil {
		return a, err
	}
	a.Phone = phone
	if err := a.Validate(); err != nil {
		return a, err
	}
	return a, inventory.CheckUniqueName(s.g.shown().accounts, a.Name, s.id)
}

func (s *accountScreen) saveAccount() {
	s.g.touch()
	for _, e := range []*widget.Entry{s.name, s.awsAccount, s.iamUser, s.email, s.phone} {
		_ = e.Validate()
	}
	a, err := s.fields()
	if err != nil {
		say(s.problem, lang.L("Not saved: ")+message(err), widget.DangerImportance)
		s.notSaved = true
		s.problem.Show()
		return
	}
	s.notSaved = false
	s.problem.Hide()
	a.ID = s.id
	// fn may run twice (reloaded after a conflict): it leaves a as is.
	var saved inventory.Account
	s.g.edit(func(d *vault.Data) (err error) {
		saved, err = d.SaveAccount(a)
		return err
	}, func() {
		s.id = saved.ID
		s.load()
		say(s.problem, lang.L("Saved."), widget.SuccessImportance)
		s.problem.Show()
	})
}

func (s *accountScreen) confirmDelete() {
	a, ok := s.account()
	if !ok {
		s.g.showTab(s.g.inventoryTab)
		return
	}
	s.g.confirmDanger(lang.L("Delete account?"),
		fmt.Sprintf(lang.L("Delete %s and its %s from the inventory? Its seeds stay in the vault. This cannot be undone."), a.Name, plural(len(a.Factors), "factor record")),
		lang.L("Delete"), func() {
			s.g.edit(func(d *vault.Data) error {
				_, err := d.DeleteAccount(a.ID)
				return err
			}, nil)
		})
}

// dataChanged shows what the vault now has: the title, the factors,
// the seeds and keys that can be added, the lost-device panel. A saved
// account that is gone (deleted here or elsewhere) closes the page.
func (s *accountScreen) dataChanged() {
	a, ok := s.account()
	if !ok && s.id != "" {
		s.g.showTab(s.g.inventoryTab)
		return
	}
	if !ok {
		s.title.SetText(lang.L("New account"))
		s.remove.Hide()
		s.saved.Hide()
		return
	}
	s.title.SetText(a.Name)
	s.remove.Show()
	s.saved.Show()
	s.showAWSAction(a)

	s.factors.Objects = nil
	for _, f := range a.Factors {
		l := newWrappingLabel(s.g.factorName(f))
		rm := widget.NewButtonWithIcon(lang.L("Remove"), theme.DeleteIcon(), func() { s.confirmRemoveFactor(f) })
		s.factors.Add(container.NewBorder(nil, nil, nil, container.NewCenter(rm), l))
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

	if a.IsAWSRoot() {
		s.lostButton.Show()
		if s.lostBox.Visible() {
			s.showLost()
		}
	} else {
		s.lostButton.Hide()
		s.lostBox.Hide()
	}
}

// showLost fills the lost-device panel from the saved account.
func (s *accountScreen) showLost() {
	a, _ := s.account()
	// The steps of token/inventory, or their translation
	// ("lost.aws_root.1", ...) filled with the email and phone on file.
	data := map[string]any{
		"Email": cmp.Or(a.Email, lang.L("the root user's email address")),
		"Phone": cmp.Or(a.Phone, lang.L("the phone number on file for the account")),
	}
	var steps []string
	for i, step := range inventory.LostDeviceSteps(a) {
		if a.IsAWSRoot() {
			step = lang.X(fmt.Sprintf("lost.aws_root.%d", i+1), step, data)
		}
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, step))
	}
	s.lostText.SetText(strings.Join(steps, "\n\n"))
	// The inventory check's findings about the recovery phone and email,
	// worded as everywhere else.
	var warn []string
	for _, f := range inventory.Check(inventory.Input{Accounts: []inventory.Account{a}}, s.g.now()) {
		switch f.Code {
		case inventory.CodeNoPhone, inventory.CodePhoneInvalid, inventory.CodeNoEmail:
			msg, fix := s.g.findingWords(f)
			warn = append(warn, msg+" "+fix)
		}
	}
	if len(warn) == 0 {
		s.lostBox.Objects[0].Hide()
	} else {
		s.lostWarn.SetText(strings.Join(warn, "\n"))
		s.lostBox.Objects[0].Show()
	}
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

// object is what the page draws.
func (s *accountScreen) object() fyne.CanvasObject { return s.content }
