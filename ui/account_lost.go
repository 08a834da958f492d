package ui

import (
	"cmp"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// lostDevice is the panel of an AWS root user's way back in when its MFA
// device is lost (account_lost.go).
type lostDevice struct {
	lostButton *widget.Button
	lostBox    *fyne.Container
	lostText   *widget.Label
	lostWarn   *widget.Label
}

// newLostDevice builds the lost-device panel, hidden; its button goes
// beside the AWS steps.
func (s *accountScreen) newLostDevice() fyne.CanvasObject {
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
	return s.lostBox
}

// showLostDevice offers the lost-device panel to an AWS root user only.
func (s *accountScreen) showLostDevice(a inventory.Account) {
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
	for _, f := range inventory.Check(inventory.Input{Accounts: []inventory.Account{a}, Codes: s.g.shown().codes}, s.g.now()) {
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
