package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// accountScreen adds or edits one inventory account: its fields, with
// the same rules as 'twofold account add/edit', its factors (as 'twofold
// factor add/rm'), and for an AWS root user the steps back in when its
// MFA device is lost. A new account has no id until it is saved.
type accountScreen struct {
	pageDefaults
	g  *gui
	id string

	title *widget.Label
	accountFields
	factorEditor
	lostDevice
	recoveryCodes
	awsAction *widget.Button // the AWS steps that add a factor (awsaccount.go)

	saved *fyne.Container // what only a saved account has: factors, lost device

	content fyne.CanvasObject
}

func newAccountScreen(g *gui, id string) *accountScreen {
	s := &accountScreen{g: g, id: id}
	s.title = newPageTitle(lang.L("New account"))
	s.title.Truncation = fyne.TextTruncateEllipsis

	form := s.newFields()
	factorBox := s.newFactorEditor()
	lostBox := s.newLostDevice()
	codesBox := s.newRecoveryCodes()
	s.awsAction = s.newAWSAction()
	s.saved = container.NewVBox(
		widget.NewSeparator(),
		container.NewHBox(s.lostButton, s.awsAction),
		lostBox,
		factorBox,
		codesBox,
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

// account returns the saved account this page shows.
func (s *accountScreen) account() (inventory.Account, bool) {
	for _, a := range s.g.shown().accounts {
		if s.id != "" && a.ID == s.id {
			return a, true
		}
	}
	return inventory.Account{}, false
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

	s.showFactors(a)
	s.showRecoveryCodes(a)
	s.showLostDevice(a)
}

// object is what the page draws.
func (s *accountScreen) object() fyne.CanvasObject { return s.content }
