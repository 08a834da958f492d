package ui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// AWSOptions is how the app reaches AWS; the zero value is the real
// thing: the SDK's configuration chain and the wall clock.
type AWSOptions struct {
	// Connect connects to IAM with a profile ("" for the SDK's default
	// chain); nil means awsiam.New.
	Connect func(ctx context.Context, profile string) (awsiam.IAM, error)
	// Clock is what an enrollment reads and waits on; nil means the
	// wall clock.
	Clock awsiam.Clock
	// ConnectOrganization connects to an organization's management (or
	// delegated administrator) account with a profile; nil means
	// awsiam.New.
	ConnectOrganization func(ctx context.Context, profile string) (awsiam.Organization, error)
}

func (g *gui) connectOrganization(ctx context.Context, profile string) (awsiam.Organization, error) {
	if g.opts.AWS.ConnectOrganization != nil {
		return g.opts.AWS.ConnectOrganization(ctx, profile)
	}
	return awsiam.New(ctx, profile)
}

func (g *gui) connectIAM(ctx context.Context, profile string) (awsiam.IAM, error) {
	if g.opts.AWS.Connect != nil {
		return g.opts.AWS.Connect(ctx, profile)
	}
	return awsiam.New(ctx, profile)
}

func (g *gui) awsClock() awsiam.Clock {
	if g.opts.AWS.Clock != nil {
		return g.opts.AWS.Clock
	}
	return awsiam.RealClock{}
}

// defaultChain is the profile choice that leaves the SDK to its chain
// (AWS_PROFILE, environment variables, the default profile, SSO).
const defaultChain = "As the environment says (AWS_PROFILE, AWS_ACCESS_KEY_ID…)"

// newProfileSelect lists the profiles of the shared AWS config files,
// with AWS_PROFILE's picked; a problem reading them goes to problem.
func newProfileSelect(problem *widget.Label) *widget.Select {
	names, current, err := awsiam.Profiles()
	if err != nil {
		say(problem, awsMessage(err), widget.DangerImportance)
		problem.Show()
	}
	sel := widget.NewSelect(append([]string{lang.L(defaultChain)}, names...), nil)
	sel.SetSelectedIndex(0)
	if current != "" {
		sel.SetSelected(current)
	}
	return sel
}

// profileOf is the profile a profile select names; "" for the chain.
func profileOf(sel *widget.Select) string {
	if sel.Selected == lang.L(defaultChain) {
		return ""
	}
	return sel.Selected
}

// awsProgress is a running call to AWS as a page shows it: what it does,
// an endless bar, and a Cancel button that ends its context.
type awsProgress struct {
	box    *fyne.Container
	what   *widget.Label
	bar    *widget.ProgressBarInfinite
	cancel context.CancelFunc
}

func newAWSProgress() *awsProgress {
	p := &awsProgress{what: newWrappingLabel(""), bar: widget.NewProgressBarInfinite()}
	p.bar.Stop()
	stop := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), p.stop)
	p.box = container.NewVBox(p.what, container.NewBorder(nil, nil, nil, stop, p.bar))
	p.box.Hide()
	return p
}

// start shows what runs and returns the context to run it in.
func (p *awsProgress) start(what string) context.Context {
	p.stop()
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.what.SetText(what)
	p.bar.Start()
	p.box.Show()
	return ctx
}

// say changes what the bar says runs.
func (p *awsProgress) say(what string) { p.what.SetText(what) }

// done hides the bar once the call has returned.
func (p *awsProgress) done() {
	p.bar.Stop()
	p.box.Hide()
	p.cancel = nil
}

// stop cancels the running call, if any; its caller says the rest.
func (p *awsProgress) stop() {
	if p.cancel != nil {
		p.cancel()
	}
}

// syncIAM reads IAM with profile off the UI goroutine and brings the
// inventory in line (vault.Data.ApplyIAMs), as 'twofold aws sync' does;
// done runs on the UI goroutine with the snapshot and the report, or the
// error (the vault then unchanged). step, when not nil, hears when the
// reading is over and the saving starts.
func (g *gui) syncIAM(ctx context.Context, profile string, step func(), done func(inventory.IAMSnapshot, inventory.IAMSyncReport, error)) {
	g.work.Add(1)
	go func() {
		defer g.work.Done()
		snap, err := g.readIAM(ctx, profile)
		g.do(func() {
			if err == nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			if err != nil {
				done(snap, inventory.IAMSyncReport{}, err)
				return
			}
			if step != nil {
				step()
			}
			at := g.now()
			var rep inventory.IAMSyncReport
			g.editOr(func(d *vault.Data) error {
				// ApplyIAMs says when nothing changed: no save then.
				reps, err := d.ApplyIAMs([]inventory.IAMSnapshot{snap}, at)
				rep = reps[0]
				return err
			}, func() { done(snap, rep, nil) }, func(err error) bool {
				done(snap, rep, err)
				return true
			})
		})
	}()
}

func (g *gui) readIAM(ctx context.Context, profile string) (inventory.IAMSnapshot, error) {
	api, err := g.connectIAM(ctx, profile)
	if err != nil {
		return inventory.IAMSnapshot{}, err
	}
	return api.Snapshot(ctx)
}

// accountByID returns the shown copy of the account with id.
func (g *gui) accountByID(id string) (inventory.Account, bool) { return g.sess.shown.accountByID(id) }

// awsMessage is what a person reads for an error of AWS or of an
// enrollment: the app's words for the common cases, else the error's
// own line (which names the call and what was undone, never a secret).
func awsMessage(err error) string {
	var enroll *awsiam.EnrollError
	switch {
	case errors.Is(err, context.Canceled) && !errors.As(err, &enroll):
		return lang.L("Cancelled. Nothing was changed.")
	case errors.Is(err, awsiam.ErrNoCredentials):
		return lang.L("There are no AWS credentials for this profile. Pick another profile, or sign in with 'aws configure' or 'aws sso login' in a terminal, then try again.")
	case errors.Is(err, awsiam.ErrSSOExpired):
		return lang.L("The AWS SSO session of this profile has expired. Sign in again with 'aws sso login --profile NAME' in a terminal, then try again.")
	case errors.As(err, &enroll):
		return sentence(err.Error())
	case errors.Is(err, awsiam.ErrNetwork):
		return lang.L("AWS cannot be reached. Check the network connection (and AWS_ENDPOINT_URL, if it is set), then try again.")
	case errors.Is(err, awsiam.ErrThrottled):
		return lang.L("AWS kept asking to slow down, even after retries. Wait a minute and try again.")
	case err == nil:
		return ""
	case errors.Is(err, vault.ErrConflict), errors.Is(err, vault.ErrLocked):
		return message(err)
	}
	return sentence(err.Error())
}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
