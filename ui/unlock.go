package ui

import (
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"io/fs"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/passphrase"
	"github.com/twofoldmfa/twofold/token/vault"
)

// unlockScreen opens the vault, or creates it on the first run.
type unlockScreen struct {
	g        *gui
	creating bool

	title      *widget.Label
	intro      *widget.Label
	passphrase *widget.Entry
	repeat     *widget.Entry
	strength   *strengthView
	where      *widget.Label
	problem    *widget.Label
	button     *widget.Button
	createBox  *fyne.Container
	content    fyne.CanvasObject
}

func newUnlockScreen(g *gui) *unlockScreen {
	s := &unlockScreen{g: g}
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.intro = newWrappingLabel("")
	s.intro.Alignment = fyne.TextAlignCenter

	s.passphrase = widget.NewPasswordEntry()
	s.passphrase.SetPlaceHolder(lang.L("Passphrase"))
	s.passphrase.OnChanged = func(string) { s.changed() }
	s.passphrase.OnSubmitted = func(string) {
		if s.creating {
			s.g.win.Canvas().Focus(s.repeat)
			return
		}
		s.submit()
	}
	s.repeat = widget.NewPasswordEntry()
	s.repeat.SetPlaceHolder(lang.L("Repeat the passphrase"))
	s.repeat.OnChanged = func(string) { s.changed() }
	s.repeat.OnSubmitted = func(string) { s.submit() }

	s.strength = newStrengthView()
	s.where = widget.NewLabel("")
	s.where.Wrapping = fyne.TextWrapBreak
	s.createBox = container.NewVBox(s.repeat, s.strength.box, s.where)

	s.problem = newProblemLabel()

	s.button = widget.NewButton("", s.submit)
	s.button.Importance = widget.HighImportance

	logo := canvas.NewImageFromResource(g.opts.Icon)
	if g.opts.Icon == nil {
		logo = canvas.NewImageFromResource(theme.AccountIcon())
	}
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(96))

	form := container.NewVBox(
		container.NewCenter(logo), s.title, s.intro,
		s.passphrase, s.createBox, s.problem, s.button,
	)
	s.content = container.NewCenter(container.New(&fixedWidth{width: 380}, form))
	s.reset()
	return s
}

// reset clears the fields and chooses between creating and unlocking.
func (s *unlockScreen) reset() {
	_, err := os.Stat(s.g.opts.VaultPath)
	s.creating = errors.Is(err, fs.ErrNotExist)
	s.passphrase.SetText("")
	s.repeat.SetText("")
	s.problem.Hide()
	s.passphrase.Enable()
	s.repeat.Enable()
	if s.creating {
		s.title.SetText(lang.L("Create your vault"))
		s.intro.SetText(lang.L("Twofold keeps your seeds in a file encrypted with a passphrase. Choose one you will remember: without it nobody, not even you, can open the vault."))
		s.button.SetText(lang.L("Create vault"))
		s.where.SetText(fmt.Sprintf(lang.L("The vault will be kept in %s"), s.g.opts.VaultPath))
		s.createBox.Show()
	} else {
		s.title.SetText(lang.L("Unlock Twofold"))
		s.intro.SetText(lang.L("Enter the passphrase of your vault."))
		s.button.SetText(lang.L("Unlock"))
		s.createBox.Hide()
	}
	s.changed()
}

func (s *unlockScreen) focus() { s.g.win.Canvas().Focus(s.passphrase) }

// changed updates the strength meter and the button as the user types.
func (s *unlockScreen) changed() {
	s.g.touch()
	if !s.creating {
		s.button.Enable()
		if s.passphrase.Text == "" {
			s.button.Disable()
		}
		return
	}
	tooShort := s.strength.show(s.passphrase.Text)
	ok := !tooShort && s.passphrase.Text == s.repeat.Text
	// Complain about the repeat once it cannot become the passphrase by
	// typing on, not at every key on the way.
	pass, repeat := s.passphrase.Text, s.repeat.Text
	if repeat != "" && (!strings.HasPrefix(pass, repeat) || len(repeat) >= len(pass)) && repeat != pass {
		s.showProblem(lang.L("The two passphrases differ."))
	} else {
		s.problem.Hide()
	}
	if ok {
		s.button.Enable()
	} else {
		s.button.Disable()
	}
}

func (s *unlockScreen) showProblem(text string) {
	s.problem.SetText(text)
	s.problem.Show()
}

// submit creates or unlocks the vault in a goroutine: the KDF takes a
// noticeable fraction of a second on purpose.
func (s *unlockScreen) submit() {
	if s.button.Disabled() {
		return
	}
	pass, path, creating := s.passphrase.Text, s.g.opts.VaultPath, s.creating
	if creating {
		if err := passphrase.Check(pass); err != nil {
			s.showProblem(message(err))
			return
		}
		if s.strength.confirmWeak(s.g, pass, s.submit) {
			return
		}
	}
	s.button.Disable()
	s.passphrase.Disable()
	s.repeat.Disable()
	if creating {
		s.button.SetText(lang.L("Creating…"))
	} else {
		s.button.SetText(lang.L("Unlocking…"))
	}
	s.problem.Hide()
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		var v *vault.Vault
		var err error
		if creating {
			v, err = vault.Create(path, pass)
		} else {
			v, err = vault.Open(path, pass)
		}
		s.g.do(func() { s.done(v, pass, err) })
	}()
}

func (s *unlockScreen) done(v *vault.Vault, pass string, err error) {
	if err != nil {
		keep := s.passphrase.Text
		s.reset()
		if !s.creating {
			s.passphrase.SetText(keep)
		}
		s.showProblem(message(err))
		s.focus()
		return
	}
	s.passphrase.SetText("")
	s.repeat.SetText("")
	s.g.opened(v, pass)
}

// fixedWidth lays its objects out in a column of a fixed width.
type fixedWidth struct{ width float32 }

func (f *fixedWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.width, h)
}

func (f *fixedWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
