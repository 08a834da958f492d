package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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

// accountFields is the account's own form (account_fields.go).
type accountFields struct {
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
}

// newFields builds the account's form and its Save and Delete buttons.
func (s *accountScreen) newFields() *widget.Form {
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

	s.problem = newProblemLabel()
	s.save = widget.NewButtonWithIcon(lang.L("Save account"), theme.DocumentSaveIcon(), s.saveAccount)
	s.save.Importance = widget.HighImportance
	s.remove = widget.NewButtonWithIcon(lang.L("Delete account…"), theme.DeleteIcon(), s.confirmDelete)
	s.remove.Importance = widget.DangerImportance

	return widget.NewForm(
		&widget.FormItem{Text: lang.L("Name"), Widget: s.name, HintText: lang.L("A name of your choice, unique in the inventory")},
		widget.NewFormItem(lang.L("Provider"), s.provider),
		&widget.FormItem{Text: lang.L("AWS account"), Widget: s.awsAccount, HintText: lang.L("For AWS only: the 12-digit id or the alias")},
		widget.NewFormItem(lang.L("Principal"), container.NewBorder(nil, nil, s.principal, nil, s.iamUser)),
		&widget.FormItem{Text: lang.L("Recovery email"), Widget: s.email, HintText: lang.L("Where the provider writes when a factor is lost")},
		widget.NewFormItem(lang.L("Phone region"), s.region.entry),
		&widget.FormItem{Text: lang.L("Recovery phone"), Widget: s.phone,
			HintText: lang.L("As written in that region, e.g. 080-1234-5678 in Japan; saved as +818012345678")},
	)
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
