package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// awsRootScreen guides the root user through the AWS console, the only
// place AWS lets root add MFA. The console makes the device's seed and
// shows it as a QR code or a secret key; the person copies the key here,
// Twofold keeps it in the vault as a factor of the root account at once,
// shows the two consecutive codes the console asks for (aws.Enrollment),
// and can show the seed's QR code to put the same seed on a phone too.
// A last sync with IAM confirms that root now has the device.
type awsRootScreen struct {
	pageDefaults
	g         *gui
	accountID string

	device  *widget.Entry
	secret  *widget.Entry
	keep    *widget.Button
	problem *widget.Label

	stored *fyne.Container // what shows once the seed is in the vault
	codes  *widget.Label
	backup *backupQR
	showQR *widget.Button

	profile  *widget.Select
	check    *widget.Button
	progress *awsProgress
	verdict  *widget.Label
	report   *widget.Label

	seedID string // the seed kept, once it is
	name   string // its device name
	scroll *container.Scroll

	content fyne.CanvasObject
}

// consoleSteps are the console's own words, in its order, up to where
// the secret key is shown.
var consoleSteps = []string{
	"Sign in to the AWS console as the root user (the account's email address and password).",
	"Open the menu under your account name, top right, and choose Security credentials.",
	"Under Multi-factor authentication (MFA), choose Assign MFA device.",
	"Type a device name (the same as below), choose Authenticator app, then Next.",
	"Under Set up device, choose Show secret key, copy the key, and paste it below. (Show QR code shows the same seed as a QR code.)",
}

func newAWSRootScreen(g *gui, accountID string) *awsRootScreen {
	s := &awsRootScreen{g: g, accountID: accountID, progress: newAWSProgress()}
	a, _ := s.g.accountByID(s.accountID)
	title := newPageTitle(lang.L("Add a virtual MFA device for root"))
	intro := newWrappingLabel(fmt.Sprintf(lang.L("AWS lets the root user of account %s add MFA only in the AWS console, and the console makes the seed. Follow these steps there; Twofold keeps the seed and gives the two codes the console asks for."), a.AWSAccount))
	var steps []string
	for i, step := range consoleSteps {
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, lang.L(step)))
	}
	stepText := newWrappingLabel(strings.Join(steps, "\n"))

	s.device = widget.NewEntry()
	s.device.SetText("root-twofold")
	s.secret = widget.NewPasswordEntry()
	s.secret.SetPlaceHolder(lang.L("The secret key the console shows"))
	s.secret.OnSubmitted = func(string) { s.keepSeed() }
	s.keep = widget.NewButtonWithIcon(lang.L("Keep the seed and show the codes"), theme.ConfirmIcon(), s.keepSeed)
	s.keep.Importance = widget.HighImportance
	s.problem = newProblemLabel()

	// Once kept: the codes, the QR code for a phone, the check.
	s.codes = newWrappingLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
	s.backup = newBackupQR(g.copySecret, func() {
		s.showQR.Show()
		s.scroll.Refresh()
	})
	s.showQR = widget.NewButtonWithIcon(lang.L("Show its QR code for a phone…"), theme.VisibilityIcon(), s.confirmShowQR)
	s.verdict = newNoticeLabel()
	s.report = newWrappingLabel("")
	s.report.Hide()
	s.profile = newProfileSelect(s.verdict)
	s.check = widget.NewButtonWithIcon(lang.L("Check with AWS"), theme.ViewRefreshIcon(), s.checkIAM)
	codesIntro := newWrappingLabel(lang.L("6. In the console, type these as MFA code 1 and MFA code 2, then choose Add MFA."))
	phoneIntro := newWrappingLabel(lang.L("To have the same seed on a phone as well (a second copy of this factor), show its QR code and scan it with the phone's authenticator app."))
	checkIntro := newWrappingLabel(lang.L("7. Once the console says the device is assigned, check that IAM lists it. The profile needs iam:ListVirtualMFADevices."))
	s.stored = container.NewVBox(
		codesIntro, s.codes,
		phoneIntro, container.NewHBox(s.showQR), s.backup.box,
		checkIntro,
		widget.NewForm(widget.NewFormItem(lang.L("AWS profile"), s.profile)),
		container.NewHBox(s.check),
		s.progress.box, s.verdict, s.report,
	)
	s.stored.Hide()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() { g.showAccount(accountID) })
	body := container.NewVBox(
		title, intro, stepText,
		widget.NewForm(
			&widget.FormItem{Text: lang.L("Device name"), Widget: s.device, HintText: lang.L("As typed in the console")},
			widget.NewFormItem(lang.L("Secret key"), s.secret),
		),
		container.NewHBox(s.keep),
		s.problem,
		widget.NewSeparator(),
		s.stored,
	)
	s.scroll = container.NewVScroll(container.NewPadded(body))
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, s.scroll)
	return s
}

// keepSeed stores the seed typed as a factor of the root account.
func (s *awsRootScreen) keepSeed() {
	s.g.touch()
	a, ok := s.g.accountByID(s.accountID)
	if !ok || s.seedID != "" {
		return
	}
	name := strings.TrimSpace(s.device.Text)
	secret, err := token.NormalizeSecret(s.secret.Text)
	switch {
	case name == "":
		s.say(lang.L("Type the device name you gave in the console."))
		return
	case err != nil:
		s.say(message(err))
		return
	}
	seed := token.Seed{Kind: token.TOTP, Issuer: aws.Issuer, Account: name + "@" + a.AWSAccount, Secret: secret, Algorithm: token.SHA1, Digits: 6, Period: 30}
	id, now := s.accountID, s.g.now()
	var stored token.Seed
	s.g.edit(func(d *vault.Data) (err error) {
		stored, err = d.AddSeedFor(id, seed, now)
		return err
	}, func() {
		s.seedID, s.name = stored.ID, name
		s.problem.Hide()
		s.secret.SetText("")
		s.secret.Disable()
		s.device.Disable()
		s.keep.Disable()
		s.stored.Show()
		s.tick(s.g.now())
		reveal(s.scroll, s.stored)
		s.g.setStatus(fmt.Sprintf(lang.L("Kept the seed of %s in the vault."), stored.Label()))
	})
}

func (s *awsRootScreen) say(text string) {
	say(s.problem, text, widget.DangerImportance)
	s.problem.Show()
}

// tick shows the two consecutive codes to type: the previous period's
// and the current one, both already valid, as 'aws enroll' sends them
// (a code of a period still to come may be refused). They can be typed
// until the current period ends; then the next pair shows.
func (s *awsRootScreen) tick(now time.Time) {
	seed, ok := s.g.seedByID(s.seedID)
	if !ok {
		return
	}
	e, err := aws.Enrollment(seed, now.Add(-time.Duration(seed.Period)*time.Second))
	if err != nil {
		s.codes.SetText(message(err))
		return
	}
	until := now.Add(seed.Remaining(now))
	s.codes.SetText(fmt.Sprintf(lang.L("MFA code 1:  %s\nMFA code 2:  %s\n\nType both and choose Add MFA before %s; after that, a new pair shows here."),
		e.First, e.Second, until.Local().Format("15:04:05")))
}

// confirmShowQR says what the QR code gives away before showing it.
func (s *awsRootScreen) confirmShowQR() {
	s.g.askToShowQR(s.backup, s.seedID, lang.L("Show the QR code?"),
		lang.L("This QR code is the root user's MFA seed itself. Anyone who scans or photographs it can make the codes that, with the password, sign in as root.\n\nShow it only where nobody can see your screen, and with no screen sharing or recording running."),
		func() {
			s.showQR.Hide()
			reveal(s.scroll, s.stored, s.backup.box)
		})
}

// hideQR takes the QR code and key off the screen.
func (s *awsRootScreen) hideQR() {
	s.backup.clear()
	s.showQR.Show()
	s.scroll.Refresh()
}

// checkIAM syncs with IAM and says whether root now has the device.
func (s *awsRootScreen) checkIAM() {
	s.g.touch()
	a, _ := s.g.accountByID(s.accountID)
	s.verdict.Hide()
	s.report.Hide()
	s.check.Disable()
	ctx := s.progress.start(lang.L("Asking IAM for root's MFA devices…"))
	s.g.syncIAM(ctx, profileOf(s.profile), nil, func(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport, err error) {
		s.progress.done()
		s.check.Enable()
		switch {
		case err != nil:
			say(s.verdict, fmt.Sprintf(lang.L("Not checked: %s"), awsMessage(err)), widget.DangerImportance)
		case snap.AccountID != a.AWSAccount && !aws.IsAlias(a.AWSAccount):
			say(s.verdict, fmt.Sprintf(lang.L("This profile is for AWS account %s, not %s: pick a profile of account %s."), snap.AccountID, a.AWSAccount, a.AWSAccount), widget.DangerImportance)
		default:
			text, ok := rootDeviceVerdict(snap, s.name)
			importance := widget.DangerImportance
			if ok {
				importance = widget.SuccessImportance
			}
			say(s.verdict, text, importance)
			s.report.SetText(s.g.iamReportText(snap, rep))
			s.report.Show()
		}
		s.verdict.Show()
		reveal(s.scroll, s.stored, s.verdict)
	})
}

// rootDeviceVerdict says whether snap shows the virtual device name as
// root's.
func rootDeviceVerdict(snap inventory.IAMSnapshot, name string) (string, bool) {
	for _, d := range snap.Devices {
		if d.User == inventory.RootPrincipal && d.Type == inventory.IAMVirtual && inventory.DeviceName(d.Serial) == name {
			return fmt.Sprintf(lang.L("Done: IAM lists the virtual MFA device %s for root, and its seed is in this vault. The inventory now records it."), name), true
		}
	}
	for _, d := range snap.Unassigned {
		if inventory.DeviceName(d.Serial) == name {
			return fmt.Sprintf(lang.L("IAM has the device %s but it is assigned to nobody: the console did not finish. Type the two codes again (new ones appear every 30 seconds) and choose Add MFA, then check again."), name), false
		}
	}
	if !snap.VirtualListed {
		return lang.L("IAM did not let this profile list virtual MFA devices (iam:ListVirtualMFADevices), so Twofold cannot confirm the device. Check in the console, or use a profile with that permission."), false
	}
	return fmt.Sprintf(lang.L("IAM does not list a virtual MFA device %s for root yet. If the console refused the codes, type the next two and choose Add MFA again; if you gave up, delete the seed from the vault."), name), false
}

// close cancels a check under way and forgets the QR code.
func (s *awsRootScreen) close() {
	s.progress.stop()
	s.hideQR()
}

// object is what the page draws.
func (s *awsRootScreen) object() fyne.CanvasObject { return s.content }
