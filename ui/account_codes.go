package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// recoveryCodes is the account page's part for the one-time recovery
// codes the vault keeps (vault.RecoveryCodes), as 'twofold codes' does:
// how many are left, copy the next one (marked used in the same save),
// keep the service's new list, forget them. No label shows a code.
type recoveryCodes struct {
	codesLeft    *widget.Label
	copyNextCode *widget.Button
	newCodes     *widget.Button
	forgetCodes  *widget.Button
	codesProblem *widget.Label
}

func (s *accountScreen) newRecoveryCodes() fyne.CanvasObject {
	s.codesLeft = newWrappingLabel("")
	s.copyNextCode = widget.NewButtonWithIcon(lang.L("Copy the next code"), theme.ContentCopyIcon(), s.copyNext)
	s.newCodes = widget.NewButtonWithIcon(lang.L("Keep new codes…"), theme.ContentAddIcon(), s.askNewCodes)
	s.forgetCodes = widget.NewButtonWithIcon(lang.L("Forget the codes"), theme.DeleteIcon(), s.confirmForgetCodes)
	s.codesProblem = newProblemLabel()
	return container.NewVBox(
		heading(lang.L("Recovery codes")),
		s.codesLeft,
		container.NewHBox(s.copyNextCode, s.newCodes, s.forgetCodes),
		s.codesProblem,
	)
}

// showRecoveryCodes says how many of a's codes are left.
func (s *accountScreen) showRecoveryCodes(a inventory.Account) {
	t := s.g.shown().codes[a.ID]
	s.codesLeft.Importance = widget.MediumImportance
	s.copyNextCode.Enable()
	s.forgetCodes.Show()
	switch {
	case t.Total == 0:
		s.codesLeft.SetText(lang.L("No recovery codes kept. Keep the ones the service gave when MFA was turned on: they count as a factor while any is unused."))
		s.copyNextCode.Hide()
		s.forgetCodes.Hide()
		return
	case t.Unused == 0:
		s.codesLeft.Importance = widget.DangerImportance
		s.codesLeft.SetText(fmt.Sprintf(lang.L("All %d recovery codes are used: generate new ones at the service and keep them here."), t.Total))
		s.copyNextCode.Disable()
	case t.Unused <= inventory.LowRecoveryCodes:
		s.codesLeft.Importance = widget.WarningImportance
		s.codesLeft.SetText(fmt.Sprintf(lang.L("%d of %d recovery codes left: generate new ones at the service soon."), t.Unused, t.Total))
	default:
		s.codesLeft.SetText(fmt.Sprintf(lang.L("%d of %d recovery codes left."), t.Unused, t.Total))
	}
	s.copyNextCode.Show()
	s.codesLeft.Refresh()
}

// copyNext marks the next unused code used and, once that is saved,
// puts it on the clipboard: a failed save copies nothing and uses none.
func (s *accountScreen) copyNext() {
	s.g.touch()
	s.codesProblem.Hide()
	id := s.id
	var code string
	var left inventory.CodeTally
	s.g.editOr(func(d *vault.Data) error {
		rc, t, err := d.UseNextRecoveryCode(id, s.g.now())
		code, left = rc.Code, t
		return err
	}, func() {
		s.g.copySecret(code)
		code = ""
		say(s.codesProblem, fmt.Sprintf(lang.L("Copied a recovery code and marked it used: %d of %d left. The clipboard clears in %d seconds."),
			left.Unused, left.Total, int(s.g.pref.ClipboardClear().Seconds())), widget.SuccessImportance)
		s.codesProblem.Show()
	}, s.codesRefused)
}

// codesRefused shows an error of the recovery codes under their buttons.
func (s *accountScreen) codesRefused(err error) bool {
	text := codesMessage(err)
	if text == "" {
		return false
	}
	say(s.codesProblem, text, widget.DangerImportance)
	s.codesProblem.Show()
	return true
}

// codesMessage words the errors of reading and keeping recovery codes,
// or "" for others. A line is named by its number, never its text.
func codesMessage(err error) string {
	var line *vault.CodeLineError
	switch {
	case errors.As(err, &line) && errors.Is(err, vault.ErrDuplicateCode):
		return fmt.Sprintf(lang.L("Line %d repeats line %d: nothing was kept."), line.Line, line.First)
	case errors.As(err, &line):
		return fmt.Sprintf(lang.L("Line %d is not a recovery code (one code a line, letters and digits with spaces or dashes): nothing was kept."), line.Line)
	case errors.Is(err, vault.ErrNoCodes):
		return lang.L("No codes found: paste them one a line.")
	case errors.Is(err, vault.ErrCodesTooLarge), errors.Is(err, vault.ErrTooManyCodes):
		return fmt.Sprintf(lang.L("This is more than a list of recovery codes (at most %d): nothing was kept."), vault.MaxRecoveryCodes)
	case errors.Is(err, vault.ErrAllCodesUsed):
		return lang.L("Every recovery code is used: generate new ones at the service.")
	case errors.Is(err, vault.ErrNoCodesKept):
		return lang.L("No recovery codes are kept for this account.")
	}
	return ""
}

// askNewCodes asks for the service's list of codes, pasted or read from
// the file it offers.
func (s *accountScreen) askNewCodes() {
	s.g.touch()
	s.codesProblem.Hide()
	paste := widget.NewMultiLineEntry()
	paste.SetPlaceHolder(lang.L("Paste the codes, one a line"))
	paste.SetMinRowsVisible(6)
	var d dialog.Dialog
	load := widget.NewButtonWithIcon(lang.L("Read the service's file…"), theme.FolderOpenIcon(), func() {
		d.Hide()
		s.g.opts.Files.Open(nil, func(r fyne.URIReadCloser, err error) {
			if err != nil {
				s.g.showError(lang.L("Could not open the file"), err)
				return
			}
			defer r.Close()
			s.readNewCodes(r)
		})
	})
	intro := newWrappingLabel(lang.L("The codes the service showed or offered to download when MFA was turned on, or the new ones it just issued. New codes replace the kept ones as a whole."))
	body := container.NewBorder(container.NewVBox(intro, container.NewHBox(load)), nil, nil, nil, paste)
	d = dialog.NewCustomConfirm(lang.L("Keep recovery codes"), lang.L("Keep"), lang.L("Cancel"), body, func(ok bool) {
		if ok {
			s.readNewCodes(strings.NewReader(paste.Text))
		}
		paste.SetText("")
	}, s.g.win)
	d.Resize(fyne.NewSize(520, 420))
	s.g.show(d)
}

// readNewCodes reads a list of codes and keeps it, asking first when it
// replaces codes already kept. Bad input keeps nothing.
func (s *accountScreen) readNewCodes(r io.Reader) {
	codes, err := vault.ReadRecoveryCodes(r)
	if err != nil {
		if !s.codesRefused(err) {
			s.g.showError(lang.L("Could not read the codes"), err)
		}
		return
	}
	a, ok := s.account()
	if !ok {
		return
	}
	t := s.g.shown().codes[a.ID]
	if t.Total == 0 {
		s.keepCodes(codes, false)
		return
	}
	s.g.confirmDanger(lang.L("Replace the recovery codes?"),
		fmt.Sprintf(lang.L("Replace the %d kept codes of %s (%d unused) with the %d new ones? Do this once the service has issued them: the old codes stop working there."),
			t.Total, a.Name, t.Unused, len(codes)),
		lang.L("Replace"), func() { s.keepCodes(codes, true) })
}

func (s *accountScreen) keepCodes(codes []string, replace bool) {
	id := s.id
	s.g.editOr(func(d *vault.Data) error {
		_, err := d.AddRecoveryCodes(id, codes, replace, s.g.now())
		return err
	}, func() {
		say(s.codesProblem, fmt.Sprintf(lang.L("Kept %d recovery codes, all unused."), len(codes)), widget.SuccessImportance)
		s.codesProblem.Show()
	}, s.codesRefused)
}

func (s *accountScreen) confirmForgetCodes() {
	a, ok := s.account()
	if !ok {
		return
	}
	t := s.g.shown().codes[a.ID]
	s.g.confirmDanger(lang.L("Forget the recovery codes?"),
		fmt.Sprintf(lang.L("Forget the %d recovery codes of %s (%d unused)? This cannot be undone."), t.Total, a.Name, t.Unused),
		lang.L("Forget"), func() {
			s.g.editOr(func(d *vault.Data) error {
				_, err := d.RemoveRecoveryCodes(a.ID)
				return err
			}, nil, s.codesRefused)
		})
}
