package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// wizardScreen moves seeds to a new phone in one sitting: choose the
// seeds and name the phone, then for each QR code (one per seed, or
// Google Authenticator transfer codes of up to ten) scan it and type the
// code the phone then shows for each seed in it. A code that matches the
// current or an adjacent period is recorded in the vault as verified on
// that phone (vault.Data.VerifySeed), which clears the "never verified on
// a second device" finding. A summary ends it: which seeds are on the
// phone and verified, which were skipped and why.
//
// This file is the first stage (choosing); wizard_move.go shows the codes
// and the summary.
type wizardScreen struct {
	pageDefaults
	g     *gui
	stage *fyne.Container // the stage shown: choose, move or summary

	// Choosing.
	choose    fyne.CanvasObject
	device    *widget.Entry
	mode      *widget.RadioGroup
	checks    []*widget.Check // one per seed of seedIDs
	seedIDs   []string
	byAccount *widget.Select
	chosen    *widget.Label
	problem   *widget.Label
	start     *widget.Button

	// Moving.
	move     fyne.CanvasObject
	qrImage  *canvas.Image
	progress *widget.Label
	holds    *widget.Label
	ask      *widget.Label
	code     *widget.Entry
	check    *widget.Button
	skip     *widget.Button
	result   *widget.Label
	phone    string         // the new phone's name, as typed
	google   bool           // transfer codes, not one QR code a seed
	steps    []transferCode // one QR code each
	step     int            // the QR code shown
	inStep   int            // the seed of it asked about

	// The outcome.
	summary  *widget.Label
	verified []token.Seed
	skipped  []skippedSeed

	content fyne.CanvasObject
}

// skippedSeed is a seed that did not get onto the phone, and why.
type skippedSeed struct {
	seed token.Seed
	why  string
}

// The ways of moving.
const (
	modeEach   = "One QR code per seed (any authenticator app)"
	modeGoogle = "Google Authenticator transfer codes (up to 10 seeds a code)"
)

var (
	errNoPhoneName = errors.New("no phone name")
	errNoSeedPick  = errors.New("no seed chosen")
)

func newWizardScreen(g *gui) *wizardScreen {
	s := &wizardScreen{g: g}
	s.choose = s.newChooseStage()
	s.move = s.newMoveStage()
	s.summary = newWrappingLabel("")
	s.stage = container.NewStack(s.choose)
	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), g.back)
	title := heading(lang.L("Move seeds to a new phone"))
	s.content = container.NewPadded(container.NewBorder(container.NewHBox(back, title), nil, nil, nil, s.stage))
	return s
}

func (s *wizardScreen) newChooseStage() fyne.CanvasObject {
	intro := newWrappingLabel(lang.L("Twofold shows the QR codes of the seeds you choose, one after another. Scan each with the new phone's authenticator app, then type the code the phone shows: Twofold checks it and records that the phone holds the seed."))
	s.device = widget.NewEntry()
	s.device.SetPlaceHolder(lang.L("e.g. Pixel 9"))
	s.device.OnChanged = func(string) { s.g.touch() }
	s.mode = widget.NewRadioGroup([]string{lang.L(modeEach), lang.L(modeGoogle)}, nil)
	s.mode.SetSelected(lang.L(modeEach))
	s.mode.Required = true

	list := container.NewVBox()
	for _, seed := range s.g.shown().seeds {
		c := widget.NewCheck(seed.Label(), func(bool) { s.countChosen() })
		c.Checked = true
		s.checks = append(s.checks, c)
		s.seedIDs = append(s.seedIDs, seed.ID)
		list.Add(c)
	}
	all := widget.NewButton(lang.L("All"), func() { s.pick(func(string) bool { return true }) })
	none := widget.NewButton(lang.L("None"), func() { s.pick(func(string) bool { return false }) })
	var names, noCodes []string
	for _, a := range s.g.shown().accounts {
		if slices.ContainsFunc(a.Factors, func(f inventory.Factor) bool { return f.SeedID != "" }) {
			names = append(names, a.Name)
			if s.g.shown().codes[a.ID].Unused == 0 {
				noCodes = append(noCodes, a.Name)
			}
		}
	}
	codesNote := codesReminder(noCodes)
	s.byAccount = widget.NewSelect(names, s.pickAccount)
	s.byAccount.PlaceHolder = lang.L("Seeds of an account…")
	if len(names) == 0 {
		s.byAccount.Hide()
	}
	s.chosen = widget.NewLabel("")
	s.problem = newProblemLabel()
	s.start = widget.NewButtonWithIcon(lang.L("Show the first QR code…"), theme.NavigateNextIcon(), s.confirmStart)
	s.start.Importance = widget.HighImportance
	s.countChosen()

	form := widget.NewForm(widget.NewFormItem(lang.L("New phone"), s.device), widget.NewFormItem(lang.L("How"), s.mode))
	top := container.NewVBox(intro, codesNote, form, container.NewBorder(nil, nil, container.NewHBox(all, none), s.chosen, s.byAccount))
	bottom := container.NewVBox(s.problem, container.NewHBox(s.start))
	return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(list))
}

func (s *wizardScreen) object() fyne.CanvasObject { return s.content }

func (s *wizardScreen) shown() { s.g.win.Canvas().Focus(s.device) }

// pick checks the seeds for which want(id) holds.
func (s *wizardScreen) pick(want func(id string) bool) {
	s.g.touch()
	for i, c := range s.checks {
		c.SetChecked(want(s.seedIDs[i]))
	}
	s.countChosen()
}

// pickAccount checks the seeds that are factors of the named account.
func (s *wizardScreen) pickAccount(name string) {
	for _, a := range s.g.shown().accounts {
		if a.Name != name {
			continue
		}
		s.pick(func(id string) bool {
			return slices.ContainsFunc(a.Factors, func(f inventory.Factor) bool { return f.SeedID == id })
		})
	}
}

func (s *wizardScreen) countChosen() {
	s.chosen.SetText(fmt.Sprintf(lang.L("%d of %d chosen"), len(s.chosenSeeds()), len(s.checks)))
}

// chosenSeeds are the checked seeds, in the vault's order.
func (s *wizardScreen) chosenSeeds() []token.Seed {
	var seeds []token.Seed
	for i, c := range s.checks {
		if !c.Checked {
			continue
		}
		if seed, ok := s.g.seedByID(s.seedIDs[i]); ok {
			seeds = append(seeds, seed)
		}
	}
	return seeds
}

// confirmStart checks the choice, says what the QR codes give away, and
// starts.
func (s *wizardScreen) confirmStart() {
	s.g.touch()
	phone := strings.TrimSpace(s.device.Text)
	seeds := s.chosenSeeds()
	switch {
	case phone == "":
		s.refuse(errNoPhoneName)
		return
	case len(seeds) == 0:
		s.refuse(errNoSeedPick)
		return
	}
	s.problem.Hide()
	google := s.mode.Selected == lang.L(modeGoogle)
	s.g.confirmThen(lang.L("Show the QR codes?"),
		lang.L("Each QR code is the seed itself. Anyone who scans or photographs it, now or from a screenshot later, can make your codes for that account.\n\nShow them only where nobody can see your screen, and with no screen sharing or recording running."),
		lang.L("Show the QR codes"), func() { s.begin(phone, seeds, google) })
}

func (s *wizardScreen) refuse(err error) {
	text := lang.L("Name the new phone (such as Pixel 9): Twofold records which phone holds each seed.")
	if errors.Is(err, errNoSeedPick) {
		text = lang.L("Choose at least one seed to move.")
	}
	say(s.problem, text, widget.DangerImportance)
	s.problem.Show()
	relayout(s.content)
}

// close takes the QR codes off the screen and out of memory.
func (s *wizardScreen) close() {
	s.steps = nil
	s.qrImage.Image = nil
	s.qrImage.Refresh()
	s.code.SetText("")
}

// showStage puts one stage on the page.
func (s *wizardScreen) showStage(o fyne.CanvasObject) {
	s.stage.Objects = []fyne.CanvasObject{o}
	relayout(s.content)
}

// codesReminder names the accounts whose seeds move and that have no
// unused recovery code kept: if the new phone fails them before the old
// one is wiped, nothing else brings them back. Hidden when there is none.
func codesReminder(accounts []string) *widget.Label {
	l := newNoticeLabel()
	if len(accounts) == 0 {
		l.Hide()
		return l
	}
	text := strings.Join(accounts[:min(len(accounts), namesShown)], ", ")
	if more := len(accounts) - namesShown; more > 0 {
		text += fmt.Sprintf(lang.L(" and %d more"), more)
	}
	say(l, fmt.Sprintf(lang.L("No recovery codes are kept for %s: keep the ones the service gave on the account's page before the old phone is wiped, as they are the way back in if the move goes wrong."), text), widget.WarningImportance)
	l.Show()
	return l
}
