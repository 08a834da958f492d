package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

func (s *wizardScreen) newMoveStage() fyne.CanvasObject {
	var code fyne.CanvasObject
	s.qrImage, code = newQRCanvas(260)
	s.progress = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.holds = widget.NewLabel("")
	s.holds.Alignment = fyne.TextAlignCenter
	s.holds.Truncation = fyne.TextTruncateEllipsis
	s.ask = newWrappingLabel("")
	s.code = widget.NewEntry()
	s.code.SetPlaceHolder(lang.L("Code the new phone shows"))
	s.code.OnSubmitted = func(string) { s.checkCode() }
	s.check = widget.NewButtonWithIcon(lang.L("Check"), theme.ConfirmIcon(), s.checkCode)
	s.check.Importance = widget.HighImportance
	s.skip = widget.NewButtonWithIcon(lang.L("Skip this seed"), theme.MediaSkipNextIcon(), s.skipSeed)
	s.result = newWrappingLabel("")
	bottom := container.NewVBox(
		s.holds,
		s.ask,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.check, s.skip), s.code),
		s.result,
	)
	return container.NewBorder(s.progress, bottom, nil, nil, code)
}

// begin makes the QR codes (transfer codes off the window's thread: each
// is read back before it is shown) and shows the first.
func (s *wizardScreen) begin(phone string, seeds []token.Seed, google bool) {
	s.phone, s.google = phone, google
	s.verified, s.skipped = nil, nil
	s.step, s.inStep = 0, 0
	if !google {
		s.steps = nil
		for _, seed := range seeds {
			img, err := qr.Image(seed.URI(), transferPixels)
			if err != nil {
				s.g.showError(lang.L("Cannot draw the QR code"), err)
				return
			}
			s.steps = append(s.steps, transferCode{image: img, seeds: []token.Seed{seed}})
		}
		s.showStep()
		return
	}
	s.start.Disable()
	say(s.chosen, lang.L("Preparing the codes…"), widget.MediumImportance)
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		codes, err := renderTransferCodes(seeds)
		_, refused := transfer.EncodeMigration(seeds, 0)
		s.g.do(func() {
			s.start.Enable()
			s.countChosen()
			if s.g.page != page(s) {
				return
			}
			if err != nil {
				s.g.showError(lang.L("Cannot make the transfer codes"), err)
				return
			}
			for _, r := range refused {
				s.skipped = append(s.skipped, skippedSeed{seed: r.Seed, why: fmt.Sprintf(lang.L("Google Authenticator cannot hold it: %s"), r.Reason.Error())})
			}
			s.steps = codes
			s.showStep()
		})
	}()
}

// showStep shows the QR code of the step and asks about its seed.
func (s *wizardScreen) showStep() {
	if s.step >= len(s.steps) {
		s.showSummary()
		return
	}
	st := s.steps[s.step]
	seed := st.seeds[s.inStep]
	s.qrImage.Image = st.image
	s.qrImage.Refresh()
	if !s.google {
		s.progress.SetText(fmt.Sprintf(lang.L("Seed %d of %d"), s.step+1, len(s.steps)))
		s.holds.SetText(seed.Label())
	} else {
		s.progress.SetText(fmt.Sprintf(lang.L("Code %d of %d: seed %d of %d in it"), s.step+1, len(s.steps), s.inStep+1, len(st.seeds)))
		s.holds.SetText(holdsText(st.seeds))
	}
	s.ask.SetText(fmt.Sprintf(lang.L("Scan the code, then type the code the phone shows for %s:"), seed.Label()))
	s.code.SetText("")
	s.result.SetText("")
	s.result.Hide()
	s.showStage(s.move)
	s.g.win.Canvas().Focus(s.code)
}

// current is the seed asked about.
func (s *wizardScreen) current() token.Seed { return s.steps[s.step].seeds[s.inStep] }

// checkCode checks the typed code against the seed and, when it matches,
// records the seed verified on the phone and goes on.
func (s *wizardScreen) checkCode() {
	s.g.touch()
	if s.step >= len(s.steps) {
		return
	}
	seed := s.current()
	typed := strings.TrimSpace(s.code.Text)
	if typed == "" {
		s.wrong(fmt.Sprintf(lang.L("Type the code the new phone shows for %s."), seed.Label()))
		return
	}
	now, phone := s.g.now(), s.phone
	var stored token.Seed
	s.check.Disable()
	s.g.editOr(func(d *vault.Data) error {
		var err error
		stored, err = d.VerifySeed(seed.ID, typed, phone, now)
		return err
	}, func() {
		s.check.Enable()
		s.verified = append(s.verified, stored)
		s.advance()
	}, func(err error) bool {
		s.check.Enable()
		if errors.Is(err, vault.ErrMismatch) {
			s.wrong(fmt.Sprintf(lang.L("That code does not match %s. Check that the phone scanned this QR code and that its clock is set automatically, then type the code it shows now, or skip this seed."), seed.Label()))
		} else {
			s.wrong(message(err))
		}
		return true
	})
}

func (s *wizardScreen) wrong(text string) {
	say(s.result, text, widget.DangerImportance)
	s.result.Show()
	relayout(s.content)
	s.code.SetText("")
	s.g.win.Canvas().Focus(s.code)
}

// skipSeed leaves the seed asked about unverified and goes on.
func (s *wizardScreen) skipSeed() {
	s.g.touch()
	if s.step >= len(s.steps) {
		return
	}
	s.skipped = append(s.skipped, skippedSeed{seed: s.current(), why: lang.L("you skipped it")})
	s.advance()
}

// advance goes to the next seed of the code, or the next code.
func (s *wizardScreen) advance() {
	s.inStep++
	if s.inStep >= len(s.steps[s.step].seeds) {
		s.step, s.inStep = s.step+1, 0
	}
	s.showStep()
}

// showSummary ends the wizard: what is on the phone, what is not.
func (s *wizardScreen) showSummary() {
	s.qrImage.Image = nil
	s.qrImage.Refresh()
	s.steps = nil
	s.summary.SetText(summaryText(s.phone, s.verified, s.skipped))
	done := widget.NewButtonWithIcon(lang.L("Done"), theme.ConfirmIcon(), s.g.back)
	done.Importance = widget.HighImportance
	s.showStage(container.NewBorder(nil, container.NewHBox(done), nil, nil, container.NewVScroll(s.summary)))
	s.g.setStatus(fmt.Sprintf(lang.L("%s verified on %s."), plural(len(s.verified), "seed"), s.phone))
}

// summaryText says which seeds are on the phone and verified, and which
// were skipped and why.
func summaryText(phone string, verified []token.Seed, skipped []skippedSeed) string {
	var b strings.Builder
	if len(verified) == 0 {
		fmt.Fprintf(&b, lang.L("No seed was verified on %s."), phone)
		b.WriteString("\n")
	} else {
		fmt.Fprintf(&b, lang.L("On %s and verified (%d):"), phone, len(verified))
		b.WriteString("\n")
		for _, s := range verified {
			fmt.Fprintf(&b, "  ✓ %s\n", s.Label())
		}
	}
	if len(skipped) > 0 {
		b.WriteString("\n")
		fmt.Fprintf(&b, lang.L("Skipped, not verified on %s (%d):"), phone, len(skipped))
		b.WriteString("\n")
		for _, s := range skipped {
			fmt.Fprintf(&b, "  – %s: %s\n", s.seed.Label(), s.why)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
