package ui

import (
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// newAWSAction is the account page's AWS button: "Add a backup device"
// on an IAM user's account, the console's steps on the root user's; it
// is hidden on other accounts (showAWSAction).
func (s *accountScreen) newAWSAction() *widget.Button {
	return widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() {
		a, ok := s.account()
		switch {
		case !ok:
		case a.IsAWSRoot():
			s.g.showAWSRoot(a.ID)
		default:
			s.g.showAWSEnroll(a.ID)
		}
	})
}

// showAWSAction words the AWS button for account a, or hides it.
func (s *accountScreen) showAWSAction(a inventory.Account) {
	switch {
	case a.Provider != inventory.AWS || a.Principal == "":
		s.awsAction.Hide()
		return
	case a.IsAWSRoot():
		s.awsAction.SetText("Add a virtual MFA device (console)…")
	default:
		s.awsAction.SetText("Add a backup device…")
	}
	s.awsAction.Show()
}
