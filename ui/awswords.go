package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// The AWS sync report and the enrollment result come from token/... as
// data (codes and values); the app words them here, in its language,
// through lang.X with the report's values as template data ("aws.finding.
// user_no_mfa" and so on in translations/ja.json).

// awsLine is one thing the sync report says, as a finding row shows it.
type awsLine struct {
	severity finding.Severity
	msg      string
}

// iamReport shows an AWS sync's report as the Inventory shows findings:
// who was synced, then what is wrong in IAM (most severe first, many of a
// kind counted in one row), what changed in the inventory, and what IAM
// did not show this profile.
type iamReport struct {
	*fyne.Container
	// Text is all the report says, one line each.
	Text string
}

func newIAMReport() *iamReport {
	r := &iamReport{Container: container.NewVBox()}
	r.Hide()
	return r
}

// set shows the report of a sync of snap.
func (r *iamReport) set(g *gui, snap inventory.IAMSnapshot, rep inventory.IAMSyncReport) {
	r.Objects = nil
	r.Text = strings.Join(addReportParts(r.Container, g.iamReportParts(snap, rep)), "\n")
	r.Refresh()
}

// addReportParts adds parts to c as headings and finding rows, and
// returns what they say, one line each.
func addReportParts(c *fyne.Container, parts []reportPart) []string {
	var text []string
	for _, part := range parts {
		if part.heading != "" {
			h := widget.NewLabelWithStyle(part.heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			h.Wrapping = fyne.TextWrapWord
			c.Add(h)
			text = append(text, part.heading)
		}
		for _, l := range part.lines {
			c.Add(findingRow(l.severity, l.msg, "", finding.Action{}))
			text = append(text, l.msg)
		}
	}
	return text
}

// iamReportText is the report as plain lines, for a page that shows it in
// one label.
func (g *gui) iamReportText(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport) string {
	var text []string
	for _, part := range g.iamReportParts(snap, rep) {
		if part.heading != "" {
			text = append(text, part.heading)
		}
		for _, l := range part.lines {
			text = append(text, "・"+l.msg)
		}
	}
	return strings.Join(text, "\n")
}

type reportPart struct {
	heading string
	lines   []awsLine
}

func (g *gui) iamReportParts(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport) []reportPart {
	data := map[string]any{"Account": snap.AccountID, "Name": snap.AccountName, "ARN": snap.CallerARN}
	who := lang.X("aws.report.caller", "AWS account {{.Account}}{{if .Name}} ({{.Name}}){{end}}, as an IAM principal ({{.ARN}})", data)
	if snap.CallerIsRoot {
		who = lang.X("aws.report.caller_root", "AWS account {{.Account}}{{if .Name}} ({{.Name}}){{end}}, as the root user ({{.ARN}})", data)
	}
	parts := []reportPart{{heading: who}}
	var found []awsLine
	if rep.NoRootCredentials {
		found = append(found, awsLine{finding.Info, lang.L("The root user of this account has no credentials at all: the organization manages root access centrally, so nobody can sign in as root. That is safe.")})
	}
	found = append(found, g.iamFindingLines(rep.Findings)...)
	if len(found) > 0 {
		parts = append(parts, reportPart{heading: lang.L("Found in IAM"), lines: found})
	}
	changes := reportPart{heading: lang.L("Changes to your inventory")}
	for _, c := range rep.Changes {
		changes.lines = append(changes.lines, awsLine{finding.Info, g.iamChangeWords(c)})
	}
	if len(rep.Changes) == 0 {
		changes.lines = append(changes.lines, awsLine{finding.Info, lang.L("Your inventory already matched IAM.")})
	}
	parts = append(parts, changes)
	if len(rep.Unseen) > 0 {
		unseen := reportPart{heading: lang.L("Not seen with this profile")}
		for _, u := range rep.Unseen {
			unseen.lines = append(unseen.lines, awsLine{finding.Info, iamUnseenWords(u)})
		}
		parts = append(parts, unseen)
	}
	return parts
}

// iamFindingLines words the report's findings, the worst first; users
// without MFA are counted in one line when there are many.
func (g *gui) iamFindingLines(findings []inventory.IAMFinding) []awsLine {
	var critical, warning, users []string
	for _, f := range findings {
		switch f.Code {
		case inventory.IAMRootNoMFA:
			critical = append(critical, lang.L("The root user has no MFA device: anyone with the root password can sign in."))
		case inventory.IAMUserNoMFA:
			users = append(users, f.Principal)
		case inventory.IAMDeviceUnassigned:
			warning = append(warning, lang.X("aws.finding.device_unassigned", "The virtual MFA device {{.Device}} is assigned to nobody: a leftover of an enrollment that did not finish. Delete it in IAM.", map[string]any{"Device": f.Device}))
		case inventory.IAMFactorUnknown:
			warning = append(warning, lang.X("aws.finding.factor_unknown", "AWS lists no MFA device for the root user, yet your inventory records {{.Factor}}: AWS does not know this device. The seed may belong to another account, or the device was never enabled. Twofold no longer counts it.", map[string]any{"Factor": g.factorByID(f.FactorID)}))
		default:
			warning = append(warning, f.Code)
		}
	}
	if len(users) >= groupAt {
		shown := strings.Join(users[:namesShown], ", ")
		critical = append(critical, lang.X("aws.finding.users_no_mfa", "{{.Count}} IAM users have no MFA device: {{.Names}} and {{.More}} more.", map[string]any{"Count": len(users), "Names": shown, "More": len(users) - namesShown}))
	} else {
		for _, u := range users {
			critical = append(critical, lang.X("aws.finding.user_no_mfa", "{{.User}} has no MFA device.", map[string]any{"User": u}))
		}
	}
	var out []awsLine
	for _, s := range critical {
		out = append(out, awsLine{finding.Critical, s})
	}
	for _, s := range warning {
		out = append(out, awsLine{finding.Warning, s})
	}
	return out
}

func (g *gui) iamChangeWords(c inventory.IAMChange) string {
	data := map[string]any{"User": c.Principal, "Root": c.Principal == inventory.RootPrincipal, "Account": c.Account,
		"Devices": c.Devices, "Had": c.Had, "Device": c.Device, "Type": c.DeviceType, "Factor": g.factorByID(c.FactorID)}
	switch c.Kind {
	case inventory.ChangeAccountAdded:
		return lang.X("aws.change.account_added", "IAM has {{if .Root}}the root user{{else}}user {{.User}}{{end}}; added the account {{.Account}} to your inventory.", data)
	case inventory.ChangeDevicesFound:
		return lang.X("aws.change.devices_found", "IAM has {{if eq .Devices 1}}1 MFA device{{else}}{{.Devices}} MFA devices{{end}} for {{.User}}; your inventory had {{if .Had}}{{.Had}}{{else}}none{{end}}.", data)
	case inventory.ChangeDeviceGone:
		return lang.X("aws.change.device_gone", "IAM no longer has the device {{.Device}} of {{.User}}; marked gone in your inventory.", data)
	case inventory.ChangeFactorUnknown:
		return lang.X("aws.change.factor_unknown", "IAM lists no MFA device for the root user; your inventory no longer counts {{.Factor}}.", data)
	case inventory.ChangeFactorKnown:
		return lang.X("aws.change.factor_known", "IAM says the root user has MFA again; your inventory counts {{.Factor}} again.", data)
	}
	return c.Kind
}

func iamUnseenWords(u inventory.IAMUnseen) string {
	data := map[string]any{"Permission": u.Permission}
	switch u.Code {
	case inventory.UnseenRootKeys:
		return lang.L("The root user's hardware and FIDO devices: IAM shows them only to root credentials.")
	case inventory.UnseenRootDevice:
		return lang.L("The root user's MFA device: IAM says root has MFA, and it is not a virtual device this profile can see.")
	case inventory.UnseenUsers:
		return lang.X("aws.unseen.users", "The IAM users and their devices: {{.Permission}} was refused.", data)
	case inventory.UnseenVirtual:
		return lang.X("aws.unseen.virtual_devices", "The root user's virtual devices and unassigned ones: {{.Permission}} was refused.", data)
	case inventory.UnseenRootMFA:
		return lang.X("aws.unseen.root_mfa", "Whether the root user has MFA: {{.Permission}} was refused.", data)
	}
	return u.Code
}

// factorByID names the factor with id as the app names factors.
func (g *gui) factorByID(id string) string {
	for _, a := range g.shown().accounts {
		for _, f := range a.Factors {
			if f.ID == id {
				return g.factorName(f)
			}
		}
	}
	return lang.L("a factor")
}

// enrolledWords says what an enrollment did.
func enrolledWords(e awsiam.Enrolled) string {
	return lang.X("aws.enrolled", "Enrolled {{.Serial}} for {{.User}} in AWS account {{.Account}}; its seed {{.Seed}} is in the vault.",
		map[string]any{"Serial": e.Serial, "User": e.User, "Account": e.AccountID, "Seed": e.Seed.Label()})
}

// enrollSteps name the steps of an enrollment (awsiam.EnrollError.Step).
var enrollSteps = map[string]string{
	awsiam.StepCreate: "Creating the device in IAM", awsiam.StepStore: "Storing the seed in the vault",
	awsiam.StepWait: "Waiting for the next code", awsiam.StepCodes: "Computing the two codes",
	awsiam.StepEnable: "Enabling the device in IAM", awsiam.StepRecord: "Recording the factor in the inventory",
}

// awsEnrollMessage is what a person reads when an enrollment failed: the
// step, why, and what was undone or is left to undo by hand.
func awsEnrollMessage(err error) string {
	var e *awsiam.EnrollError
	if !errors.As(err, &e) {
		return awsMessage(err)
	}
	var why string
	switch {
	case errors.Is(e.Err, context.Canceled):
		why = lang.L("it was cancelled.")
	case errors.Is(e.Err, awsiam.ErrInvalidCode):
		why = lang.L("IAM refused the two codes. The clock of this computer may be off: check it, then try again.")
	case errors.Is(e.Err, awsiam.ErrDeviceNameTaken):
		why = lang.L("IAM already has a virtual MFA device of that name. Choose another device name, or delete the old device in IAM.")
	case errors.Is(e.Err, awsiam.ErrDeviceLimit):
		why = lang.L("the user already has the 8 MFA devices IAM allows. Remove one first.")
	default:
		why = awsMessage(e.Err)
	}
	parts := []string{lang.X("aws.enroll.failed", "{{.Step}} failed: {{.Why}}", map[string]any{"Step": lang.L(enrollSteps[e.Step]), "Why": why})}
	if len(e.Undone) == 0 && len(e.NotUndone) == 0 {
		parts = append(parts, lang.L("Nothing was changed."))
	}
	for _, u := range e.Undone {
		data := map[string]any{"Serial": u.Serial, "User": u.User}
		switch u.Kind {
		case awsiam.UndoDeactivate:
			parts = append(parts, lang.X("aws.undone.deactivate_device", "Undone: the device was deactivated for {{.User}}.", data))
		case awsiam.UndoDelete:
			parts = append(parts, lang.X("aws.undone.delete_device", "Undone: the virtual MFA device {{.Serial}} was deleted in IAM.", data))
		case awsiam.UndoRemoveSeed:
			parts = append(parts, lang.L("Undone: the seed was taken out of the vault."))
		}
	}
	for _, u := range e.NotUndone {
		data := map[string]any{"Serial": u.Serial, "User": u.User, "Why": awsMessage(u.Err)}
		switch u.Kind {
		case awsiam.UndoDeactivate:
			parts = append(parts, lang.X("aws.todo.deactivate_device", "Not undone, do it by hand: deactivate {{.Serial}} for {{.User}} in IAM ({{.Why}})", data))
		case awsiam.UndoDelete:
			parts = append(parts, lang.X("aws.todo.delete_device", "Not undone, do it by hand: delete the virtual MFA device {{.Serial}} in IAM ({{.Why}})", data))
		case awsiam.UndoRemoveSeed:
			parts = append(parts, lang.X("aws.todo.remove_seed", "Not undone, do it by hand: delete the new seed from the vault ({{.Why}})", data))
		}
	}
	return strings.Join(parts, " ")
}
