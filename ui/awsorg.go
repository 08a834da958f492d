package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// awsOrgScreen syncs every account of an AWS organization, as 'twofold
// aws sync --organization' does: with the management account's (or a
// delegated administrator's) profile it lists the accounts and reads each
// one's IAM through a role there (awsiam.Client.ReadOrganization), then
// applies all that was read in one save (vault.Data.ApplyIAMs; nothing is
// saved when nothing changed). It shows the reading account by account,
// can be cancelled (nothing saved then), and ends with each account's
// report, or why it was not read.
type awsOrgScreen struct {
	pageDefaults
	g *gui

	profile  *widget.Select
	role     *widget.Entry
	run      *widget.Button
	progress *awsProgress
	problem  *widget.Label
	summary  *widget.Label
	results  *fyne.Container
	// Text is all the results say, one line each.
	Text   string
	scroll *container.Scroll

	content fyne.CanvasObject
}

func (g *gui) showAWSOrgSync() { g.openWhenUnlocked(func() page { return newAWSOrgScreen(g) }) }

func newAWSOrgScreen(g *gui) *awsOrgScreen {
	s := &awsOrgScreen{g: g, progress: newAWSProgress()}
	title := newPageTitle(lang.L("Sync the organization"))
	intro := newWrappingLabel(lang.L("With the management account's profile (or a delegated administrator's), Twofold lists the organization's accounts and asks IAM in each, through a role there, which MFA devices its users and root user have. Everything read is applied in one save; nothing changes in AWS. Accounts that are not active are skipped."))
	s.problem = newProblemLabel()
	s.profile = newProfileSelect(s.problem)
	s.role = widget.NewEntry()
	s.role.SetText(awsiam.DefaultRole)
	s.run = widget.NewButtonWithIcon(lang.L("Sync"), theme.ViewRefreshIcon(), s.sync)
	s.run.Importance = widget.HighImportance
	s.summary = newNoticeLabel()
	s.results = container.NewVBox()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), func() {
		g.showTab(g.inventoryTab)
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("AWS profile"), s.profile),
		&widget.FormItem{Text: lang.L("Role in each account"), Widget: s.role, HintText: lang.L("The role the management account may assume in each member account")},
	)
	body := container.NewVBox(title, intro, form, container.NewHBox(s.run), s.progress.box, s.problem, s.summary, s.results)
	s.scroll = container.NewVScroll(container.NewPadded(body))
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, s.scroll)
	return s
}

// sync reads the organization off the UI goroutine, then saves.
func (s *awsOrgScreen) sync() {
	s.g.touch()
	s.problem.Hide()
	s.summary.Hide()
	s.results.Objects = nil
	s.results.Refresh()
	s.Text = ""
	s.run.Disable()
	ctx := s.progress.start(lang.L("Listing the organization's accounts…"))
	profile, role := profileOf(s.profile), strings.TrimSpace(s.role.Text)
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		org, err := s.readOrganization(ctx, profile, role)
		s.g.do(func() {
			if err == nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			if err != nil {
				s.failed(err)
				return
			}
			s.progress.say(lang.L("Saving the inventory…"))
			s.apply(org)
		})
	}()
}

func (s *awsOrgScreen) readOrganization(ctx context.Context, profile, role string) (awsiam.OrgRead, error) {
	api, err := s.g.connectOrganization(ctx, profile)
	if err != nil {
		return awsiam.OrgRead{}, err
	}
	return api.ReadOrganization(ctx, awsiam.OrgOptions{Role: role, Progress: func(p awsiam.Progress) {
		text := lang.X("aws.org.progress", "Account {{.Done}} of {{.Total}} done: {{.Account}} ({{.Name}})",
			map[string]any{"Done": p.Done, "Total": p.Total, "Account": p.Account.ID, "Name": p.Account.Name})
		s.g.do(func() {
			if ctx.Err() == nil {
				s.progress.say(text)
			}
		})
	}})
}

// apply saves all that was read in one edit and shows the results.
func (s *awsOrgScreen) apply(org awsiam.OrgRead) {
	at := s.g.now()
	snaps := org.Snapshots()
	var reps []inventory.IAMSyncReport
	s.g.editOr(func(d *vault.Data) error {
		var err error
		reps, err = d.ApplyIAMs(snaps, at)
		return err
	}, func() {
		s.progress.done()
		s.run.Enable()
		s.show(org, reps)
	}, func(err error) bool {
		s.failed(err)
		return true
	})
}

// failed says why nothing was synced.
func (s *awsOrgScreen) failed(err error) {
	s.progress.done()
	s.run.Enable()
	say(s.problem, fmt.Sprintf(lang.L("Not synced: %s"), orgMessage(err)), widget.DangerImportance)
	s.problem.Show()
	reveal(s.scroll, s.problem)
}

// show lists each account of the organization with its report, or why it
// was not read, and a summary line above them.
func (s *awsOrgScreen) show(org awsiam.OrgRead, reps []inventory.IAMSyncReport) {
	var text []string
	read, skipped, failed := 0, 0, 0
	for i, m := range org.Accounts {
		if i > 0 {
			s.results.Add(widget.NewSeparator())
		}
		var parts []reportPart
		switch {
		case m.Read():
			parts = s.g.iamReportParts(m.Snapshot, reps[read])
			read++
		default:
			data := map[string]any{"Account": m.Account.ID, "Name": m.Account.Name, "State": m.Account.State}
			line := awsLine{finding.Info, lang.X("aws.org.skipped", "Not active ({{.State}}): not read.", data)}
			if !m.Skipped {
				failed++
				line = awsLine{finding.Critical, fmt.Sprintf(lang.L("Not read: %s"), orgMessage(m.Err))}
			} else {
				skipped++
			}
			parts = []reportPart{{heading: lang.X("aws.org.member", "AWS account {{.Account}} ({{.Name}})", data), lines: []awsLine{line}}}
		}
		text = append(text, addReportParts(s.results, parts)...)
	}
	summary := lang.X("aws.org.summary", "Read {{.Read}} of {{.Total}} accounts{{if .Skipped}}; {{.Skipped}} not active, skipped{{end}}{{if .Failed}}; {{.Failed}} could not be read, the others were synced{{end}}.",
		map[string]any{"Read": read, "Total": len(org.Accounts), "Skipped": skipped, "Failed": failed})
	importance := widget.SuccessImportance
	if failed > 0 {
		importance = widget.WarningImportance
	}
	say(s.summary, summary, importance)
	s.summary.Show()
	s.Text = strings.Join(append([]string{summary}, text...), "\n")
	s.results.Refresh()
	reveal(s.scroll, s.summary)
	s.g.setStatus(summary)
}

// orgMessage is awsMessage with the words of an organization sync.
func orgMessage(err error) string {
	var role *awsiam.RoleError
	switch {
	case errors.Is(err, awsiam.ErrRoleRefused) && errors.As(err, &role):
		return lang.X("aws.org.role_refused", "AWS refused to let Twofold assume {{.Role}}. Check that the role exists in that account and trusts the management account, or name another role above.", map[string]any{"Role": role.Role})
	case errors.Is(err, awsiam.ErrNoOrganization):
		return lang.L("This account is in no organization: use Sync with AWS instead.")
	case errors.Is(err, awsiam.ErrNoOrganizationAccess):
		return lang.L("This profile may not list the organization's accounts: use the management account's credentials, or a delegated administrator's.")
	}
	return awsMessage(err)
}

// close cancels a sync still reading; nothing is saved then.
func (s *awsOrgScreen) close() { s.progress.stop() }

// object is what the page draws.
func (s *awsOrgScreen) object() fyne.CanvasObject { return s.content }
