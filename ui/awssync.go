package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// awsSyncScreen asks IAM which MFA devices the account's users and root
// have, with a profile of the AWS config, and brings the inventory in
// line, as 'twofold aws sync' does; it then shows the same report in
// words. The calls run off the UI goroutine and can be cancelled.
type awsSyncScreen struct {
	pageDefaults
	g *gui

	profile  *widget.Select
	run      *widget.Button
	progress *awsProgress
	problem  *widget.Label
	report   *iamReport
	scroll   *container.Scroll

	content fyne.CanvasObject
}

func newAWSSyncScreen(g *gui) *awsSyncScreen {
	s := &awsSyncScreen{g: g, progress: newAWSProgress()}
	title := newPageTitle(lang.L("Sync with AWS"))
	intro := newWrappingLabel(lang.L("Twofold asks IAM which MFA devices each user and the root user have, adds what your inventory lacks, and marks what IAM no longer has as gone. Nothing is deleted, and nothing changes in AWS. The profile needs read access to IAM (iam:ListUsers, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:GetAccountSummary)."))
	s.problem = newProblemLabel()
	s.profile = newProfileSelect(s.problem)
	s.run = widget.NewButtonWithIcon(lang.L("Sync"), theme.ViewRefreshIcon(), s.sync)
	s.run.Importance = widget.HighImportance
	s.report = newIAMReport()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() {
		g.showTab(g.inventoryTab)
	})
	body := container.NewVBox(
		title, intro,
		widget.NewForm(widget.NewFormItem(lang.L("AWS profile"), s.profile)),
		container.NewHBox(s.run),
		s.progress.box,
		s.problem,
		s.report.Container,
	)
	s.scroll = container.NewVScroll(container.NewPadded(body))
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, s.scroll)
	return s
}

// sync runs the sync with the profile picked.
func (s *awsSyncScreen) sync() {
	s.g.touch()
	s.problem.Hide()
	s.report.Hide()
	s.run.Disable()
	ctx := s.progress.start(lang.L("Asking IAM for the users and their MFA devices…"))
	s.g.syncIAM(ctx, profileOf(s.profile), func() {
		s.progress.say(lang.L("Saving the inventory…"))
	}, func(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport, err error) {
		s.progress.done()
		s.run.Enable()
		if err != nil {
			say(s.problem, fmt.Sprintf(lang.L("Not synced: %s"), awsMessage(err)), widget.DangerImportance)
			s.problem.Show()
			reveal(s.scroll, s.problem)
			return
		}
		s.report.set(s.g, snap, rep)
		s.report.Show()
		reveal(s.scroll, s.report.Container)
		s.g.setStatus(fmt.Sprintf(lang.L("Synced the inventory with AWS account %s."), snap.AccountID))
	})
}

// close cancels a sync still reading IAM; nothing is saved then.
func (s *awsSyncScreen) close() { s.progress.stop() }

// object is what the page draws.
func (s *awsSyncScreen) object() fyne.CanvasObject { return s.content }
