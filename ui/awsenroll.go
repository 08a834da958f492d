package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/vault"
)

// vaultHolder is what an enrollment asks of the unlocked vault: a change
// that saves each step to the vault unlocked when it began, even if the
// app locks meanwhile, so that a failed step can still be undone.
type vaultHolder interface {
	Hold() (change func(fn func(d *vault.Data) error) error, release func(), ok bool)
}

// awsEnrollScreen adds a backup MFA device to an IAM user, as 'twofold
// aws enroll' does (awsiam.Enroll): IAM makes a virtual device, its seed
// goes into the vault at once, the device is enabled with two consecutive
// codes, and the inventory records it; a failed step undoes the ones
// before it. Then it offers the new seed's QR code, to put it on a phone.
type awsEnrollScreen struct {
	pageDefaults
	g         *gui
	vault     vaultHolder
	accountID string

	intro    *widget.Label
	profile  *widget.Select
	device   *widget.Entry
	run      *widget.Button
	progress *awsProgress
	result   *widget.Label
	showQR   *widget.Button

	seedID  string // the seed enrolled
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newAWSEnrollScreen(g *gui, accountID string) *awsEnrollScreen {
	s := &awsEnrollScreen{g: g, vault: g.sess, accountID: accountID, progress: newAWSProgress()}
	a, _ := s.g.accountByID(s.accountID)
	title := newPageTitle(lang.L("Add a backup device"))
	s.intro = newWrappingLabel(fmt.Sprintf(lang.L("Twofold asks IAM for a new virtual MFA device for %s in AWS account %s, keeps its seed in this vault, and enables it with two codes it makes itself (waiting up to 30 seconds for the next pair). If a step fails, the steps before it are undone. The profile needs iam:CreateVirtualMFADevice and iam:EnableMFADevice for this user."),
		a.Principal, a.AWSAccount))
	s.result = newNoticeLabel()
	s.profile = newProfileSelect(s.result)
	s.device = widget.NewEntry()
	s.device.SetText(a.Principal + "-twofold")
	s.run = widget.NewButtonWithIcon(lang.L("Add the device"), theme.ContentAddIcon(), s.enroll)
	s.run.Importance = widget.HighImportance
	s.showQR = widget.NewButtonWithIcon(lang.L("Show its QR code…"), theme.VisibilityIcon(), func() {
		g.showDetail(s.seedID)
		if d := pageAs[*detailScreen](g); d != nil {
			d.confirmShowQR()
		}
	})
	s.showQR.Hide()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() { g.showAccount(accountID) })
	body := container.NewVBox(
		title, s.intro,
		widget.NewForm(
			widget.NewFormItem(lang.L("AWS profile"), s.profile),
			&widget.FormItem{Text: lang.L("Device name"), Widget: s.device, HintText: lang.L("Its name in IAM; unique in the account")},
		),
		container.NewHBox(s.run),
		s.progress.box,
		s.result,
		container.NewHBox(s.showQR),
	)
	s.scroll = container.NewVScroll(container.NewPadded(body))
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, s.scroll)
	return s
}

// enroll runs the enrollment off the UI goroutine.
func (s *awsEnrollScreen) enroll() {
	s.g.touch()
	a, ok := s.g.accountByID(s.accountID)
	change, release, unlocked := s.vault.Hold()
	if !ok || !unlocked {
		release()
		return
	}
	req := awsiam.Enrollment{User: a.Principal, DeviceName: strings.TrimSpace(s.device.Text)}
	profile := profileOf(s.profile)
	store := &vault.EnrollStore{Change: change, Now: s.g.now}
	clock := s.g.awsClock()
	s.result.Hide()
	s.showQR.Hide()
	s.run.Disable()
	ctx := s.progress.start(lang.L("Creating the device in IAM, then enabling it with the next two codes (up to 30 seconds)…"))
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		defer release()
		api, err := s.g.connectIAM(ctx, profile)
		var done awsiam.Enrolled
		if err == nil {
			done, err = awsiam.Enroll(ctx, api, store, clock, req)
		}
		s.g.do(func() {
			s.progress.done()
			s.run.Enable()
			if err != nil && pageAs[*awsEnrollScreen](s.g) != s {
				// The page was left, which cancelled the enrollment.
				s.g.setStatus(awsEnrollMessage(err))
			}
			if err != nil {
				say(s.result, fmt.Sprintf(lang.L("Not added: %s"), awsEnrollMessage(err)), widget.DangerImportance)
				s.result.Show()
				reveal(s.scroll, s.result)
				return
			}
			s.seedID = done.Seed.ID
			say(s.result, fmt.Sprintf(lang.L("%s Put it on a second phone or app now: show its QR code and scan it there."), enrolledWords(done)), widget.SuccessImportance)
			s.result.Show()
			s.showQR.Show()
			s.run.Disable()
			reveal(s.scroll, s.result)
			s.g.setStatus(fmt.Sprintf(lang.L("Added a backup MFA device for %s."), req.User))
		})
	}()
}

// close cancels an enrollment under way: it then undoes its steps.
func (s *awsEnrollScreen) close() { s.progress.stop() }

// object is what the page draws.
func (s *awsEnrollScreen) object() fyne.CanvasObject { return s.content }
