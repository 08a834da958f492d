package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// detailScreen shows one seed: its codes, renaming and deleting, the
// backup QR with the re-enrollment check, and AWS enrollment help.
type detailScreen struct {
	pageDefaults
	g  *gui
	id string

	avatar    *avatar
	title     *widget.Label
	subtitle  *widget.Label
	code      *widget.Label
	countdown *countdown
	next      *widget.Label
	nextShow  *widget.Button
	verified  *widget.Label

	issuer  *widget.Entry
	account *widget.Entry
	rename  *widget.Button

	backupPart *fyne.Container // the QR code and the check, one part of body
	backup     *backupQR
	showQR     *widget.Button

	verifyCode   *widget.Entry
	verifyDevice *widget.Entry
	verifyButton *widget.Button
	verifyResult *widget.Label

	awsBox   *fyne.Container
	awsInfo  *widget.Label
	awsCodes *widget.Label
	awsShown bool

	copies *oathCopy // On YubiKeys (oath.go)

	period  int64
	body    *fyne.Container
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newDetailScreen(g *gui, id string) *detailScreen {
	s := &detailScreen{g: g, id: id, period: -1}
	seed, _ := g.seedByID(id)

	s.avatar = newAvatar(56)
	s.title = newPageTitle("")
	s.title.Truncation = fyne.TextTruncateEllipsis
	s.subtitle = widget.NewLabel("")
	s.subtitle.Truncation = fyne.TextTruncateEllipsis
	s.code = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true, Bold: true})
	s.code.SizeName = theme.SizeNameHeadingText
	s.countdown = newCountdown()
	copyButton := widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		if seed, ok := g.seedByID(s.id); ok {
			g.copyCode(seed)
		}
	})
	s.next = widget.NewLabel("")
	s.nextShow = widget.NewButton(lang.L("Show the next code"), s.showNext)
	s.verified = newWrappingLabel("")

	s.backupPart = s.newBackup()
	s.awsBox = s.newAWS()
	nameBox := s.newName(seed)
	s.copies = newOATHCopy(g, id)

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), g.back)
	header := container.NewBorder(nil, nil, container.NewCenter(s.avatar), nil,
		container.New(&tightColumn{}, s.title, s.subtitle))
	s.body = container.NewVBox(
		header,
		container.NewHBox(s.code, container.NewCenter(s.countdown), container.NewCenter(copyButton)),
		container.NewHBox(s.nextShow, s.next),
		widget.NewSeparator(),
		s.backupPart,
		s.awsBox,
		s.copies.box,
		widget.NewSeparator(),
		nameBox,
	)
	s.scroll = container.NewVScroll(container.NewPadded(s.body))
	s.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, s.scroll)
	s.dataChanged()
	return s
}

// newName builds the form that renames the seed, and its Delete button.
func (s *detailScreen) newName(seed token.Seed) fyne.CanvasObject {
	s.issuer = widget.NewEntry()
	s.account = widget.NewEntry()
	s.account.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return humanError(token.ErrAccount)
		}
		return nil
	}
	s.issuer.SetText(seed.Issuer)
	s.account.SetText(seed.Account)
	s.rename = widget.NewButtonWithIcon(lang.L("Save name"), theme.DocumentSaveIcon(), s.saveName)
	deleteButton := widget.NewButtonWithIcon(lang.L("Delete seed…"), theme.DeleteIcon(), s.confirmDelete)
	deleteButton.Importance = widget.DangerImportance
	nameForm := widget.NewForm(
		widget.NewFormItem(lang.L("Issuer"), s.issuer),
		widget.NewFormItem(lang.L("Account"), s.account),
	)
	return container.NewVBox(heading(lang.L("Name")), nameForm, container.NewHBox(s.rename, deleteButton))
}

// dataChanged shows the seed as the vault now has it.
func (s *detailScreen) dataChanged() {
	seed, ok := s.g.seedByID(s.id)
	if !ok {
		s.g.back()
		return
	}
	dev, isAWS := aws.Recognize(seed)
	s.avatar.set(firstNonEmpty(seed.Issuer, seed.Account), isAWS)
	s.title.SetText(firstNonEmpty(seed.Issuer, seed.Account))
	s.subtitle.SetText(seed.Account)
	switch {
	case seed.Verified.IsZero():
		s.verified.SetText(lang.L("No other device has been checked against this seed yet."))
	case seed.VerifiedOn != "":
		s.verified.SetText(fmt.Sprintf(lang.L("Last checked on another device (%s): %s."), seed.VerifiedOn, seed.Verified.Local().Format(lang.L("2 January 2006, 15:04"))))
	default:
		s.verified.SetText(fmt.Sprintf(lang.L("Last checked on another device: %s."), seed.Verified.Local().Format(lang.L("2 January 2006, 15:04"))))
	}
	if users := inventory.SeedUsers(s.g.shown().accounts, seed.ID); len(users) > 0 {
		s.subtitle.SetText(fmt.Sprintf(lang.L("%s · factor of %s"), seed.Account, strings.Join(users, ", ")))
	}
	if isAWS {
		what := lang.L("an IAM user")
		if inventory.PrincipalForDevice(dev) == inventory.RootPrincipal {
			what = lang.L("the root user")
		}
		kind := lang.L("account alias")
		if dev.IsAccountID() {
			kind = lang.L("account")
		}
		s.awsInfo.SetText(fmt.Sprintf(lang.L("This is an AWS virtual MFA device of %s %s, named %q (probably %s). When you assign it in the AWS console, AWS asks for two consecutive codes."), kind, dev.Account, dev.Name, what))
		s.awsBox.Show()
	} else {
		s.awsBox.Hide()
	}
	if seed.Kind == token.HOTP {
		s.nextShow.SetText(lang.L("Use the next code"))
	}
	s.copies.refresh()
	s.period = -1
	s.tick(s.g.now())
}

// tick keeps the current code, its countdown (as on the codes list)
// and the AWS pair up to date.
func (s *detailScreen) tick(now time.Time) {
	seed, ok := s.g.seedByID(s.id)
	if !ok {
		return
	}
	period := int64(0)
	if seed.Kind == token.TOTP {
		period = now.Unix() / int64(max(seed.Period, 1))
		s.countdown.set(int((seed.Remaining(now)+time.Second-1)/time.Second), seed.Period)
		s.countdown.Show()
	} else {
		s.countdown.Hide()
	}
	if period == s.period {
		return
	}
	s.period = period
	s.code.SetText(codeText(seed.Code(now)))
	if s.next.Text != "" && seed.Kind == token.TOTP {
		s.showNext()
	}
	if s.awsShown {
		s.showAWS(now)
	}
}

// showNext shows the code of the next period on demand; for HOTP it
// moves the counter on, as pressing a hardware token's button would.
func (s *detailScreen) showNext() {
	s.g.touch()
	seed, ok := s.g.seedByID(s.id)
	if !ok {
		return
	}
	now := s.g.now()
	if seed.Kind == token.HOTP {
		id := s.id
		s.g.edit(func(d *vault.Data) error {
			_, err := d.AdvanceCounter(id)
			return err
		}, nil)
		return
	}
	next, err := seed.NextCode(now)
	from := now.Add(seed.Remaining(now)).Local().Format("15:04:05")
	s.next.SetText(fmt.Sprintf(lang.L("Next: %s (from %s)"), codeText(next, err), from))
}

func (s *detailScreen) saveName() {
	s.g.touch()
	if err := s.account.Validate(); err != nil {
		return
	}
	issuer, account, id := strings.TrimSpace(s.issuer.Text), strings.TrimSpace(s.account.Text), s.id
	var renamed token.Seed
	s.g.edit(func(d *vault.Data) (err error) {
		renamed, err = d.RenameSeed(id, issuer, account)
		return err
	}, func() {
		s.g.setStatus(fmt.Sprintf(lang.L("Renamed to %s."), renamed.Label()))
	})
}

func (s *detailScreen) confirmDelete() {
	s.g.touch()
	seed, ok := s.g.seedByID(s.id)
	if !ok {
		return
	}
	id := s.id
	s.g.confirmDanger(fmt.Sprintf(lang.L("Delete %s?"), seed.Label()),
		lang.L("Twofold will no longer show codes for this seed, and its backup QR is gone with it.\n\nBefore deleting, make sure another device holds the seed, or that you have removed it from the account."),
		lang.L("Delete"), func() {
			s.g.edit(func(d *vault.Data) error {
				_, err := d.DeleteSeed(id)
				return err
			}, func() {
				s.g.setStatus(fmt.Sprintf(lang.L("Deleted %s."), seed.Label()))
			})
		})
}

// close forgets the secret on screen.
func (s *detailScreen) close() {
	s.hideBackup()
}

// object is what the page draws.
func (s *detailScreen) object() fyne.CanvasObject { return s.content }
