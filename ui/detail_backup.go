package ui

import (
	"errors"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/vault"
)

// newBackup builds the part that puts the seed on a new phone: its
// backup QR code, then the check of the code the phone shows.
func (s *detailScreen) newBackup() *fyne.Container {
	g := s.g
	s.backup = newBackupQR(g.copySecret, func() { s.showQR.Show() })
	s.showQR = widget.NewButtonWithIcon(lang.L("Show backup QR…"), theme.VisibilityIcon(), s.confirmShowQR)
	backupIntro := newWrappingLabel(lang.L("Put this seed on a new phone: show its QR code, scan it with the authenticator app there, then type the code the phone shows."))

	s.verifyCode = widget.NewEntry()
	s.verifyCode.SetPlaceHolder(lang.L("Code the new phone shows"))
	s.verifyCode.OnSubmitted = func(string) { s.verify() }
	s.verifyDevice = widget.NewEntry()
	s.verifyDevice.SetPlaceHolder(lang.L("New phone's name, e.g. Pixel 9 (optional)"))
	s.verifyDevice.OnSubmitted = func(string) { s.verify() }
	s.verifyButton = widget.NewButtonWithIcon(lang.L("Verify on new phone"), theme.ConfirmIcon(), s.verify)
	s.verifyResult = newNoticeLabel()
	return container.NewVBox(
		heading(lang.L("Back up to a new phone")),
		backupIntro,
		s.verified,
		container.NewHBox(s.showQR),
		s.backup.box,
		container.NewBorder(nil, nil, nil, s.verifyButton, s.verifyCode),
		s.verifyDevice,
		s.verifyResult,
	)
}

// confirmShowQR says what the backup QR gives away before showing it.
func (s *detailScreen) confirmShowQR() {
	s.g.askToShowQR(s.backup, s.id, lang.L("Show the backup QR code?"),
		lang.L("This QR code is the seed itself. Anyone who scans or photographs it, now or from a screenshot later, can make your codes for this account for as long as the seed is in use.\n\nShow it only where nobody can see your screen, and with no screen sharing or recording running."),
		func() {
			s.showQR.Hide()
			// Bring the whole QR code into view for the phone's camera.
			reveal(s.scroll, s.body, s.backupPart, s.backup.box)
		})
}

// hideBackup takes the QR code and key off the screen.
func (s *detailScreen) hideBackup() {
	s.backup.clear()
	s.showQR.Show()
}

// verify checks the code the new phone shows and records the success.
func (s *detailScreen) verify() {
	s.g.touch()
	_, ok := s.g.seedByID(s.id)
	if !ok {
		return
	}
	typed := strings.TrimSpace(s.verifyCode.Text)
	if typed == "" {
		s.result(false, lang.L("Type the code your new phone shows for this account."))
		return
	}
	now, id, device := s.g.now(), s.id, strings.TrimSpace(s.verifyDevice.Text)
	s.g.editOr(func(d *vault.Data) error {
		_, err := d.VerifySeed(id, typed, device, now)
		return err
	}, func() {
		s.verifyCode.SetText("")
		// The phone has the seed now: take the QR code off the screen,
		// and go back to the top rather than stay in a near-empty view.
		s.hideBackup()
		s.scroll.ScrollToTop()
		s.result(true, lang.L("It matches: the new phone holds this seed and makes the same codes."))
	}, func(err error) bool {
		if errors.Is(err, vault.ErrMismatch) {
			s.result(false, lang.L("That code does not match. Check that the phone scanned this QR code and that its clock is set automatically, then try the code it shows now."))
		} else {
			s.result(false, message(err))
		}
		return true
	})
}

func (s *detailScreen) result(ok bool, text string) {
	importance := widget.DangerImportance
	if ok {
		importance = widget.SuccessImportance
	}
	say(s.verifyResult, text, importance)
	s.verifyResult.Show()
	scrollIntoView(s.scroll, s.body, s.backupPart, s.verifyResult)
}
