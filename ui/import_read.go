package ui

import (
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/screen"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// newSources builds the ways to read seeds in (a file, the screen, a
// pasted link) and the lines that say how reading went.
func (s *importScreen) newSources() fyne.CanvasObject {
	s.openFile = widget.NewButtonWithIcon(lang.L("Open a file…"), theme.FolderOpenIcon(), s.pickFile)
	s.scan = widget.NewButtonWithIcon(lang.L("Scan the screen"), theme.ViewFullScreenIcon(), s.scanScreen)
	s.paste = widget.NewMultiLineEntry()
	s.paste.SetPlaceHolder("otpauth-migration://offline?data=…")
	s.paste.SetMinRowsVisible(2)
	s.paste.Wrapping = fyne.TextWrapBreak
	s.readPaste = widget.NewButtonWithIcon(lang.L("Read the link"), theme.ContentPasteIcon(), s.readPasted)
	intro := newWrappingLabel(lang.L("Bring in the seeds of Google Authenticator (its “Transfer accounts” codes, one at a time), the export of another authenticator app or password manager, a list of otpauth:// links, a Twofold backup, or screenshots of QR codes. Nothing is saved until you press Import."))

	s.status = newNoticeLabel()
	s.pending = newNoticeLabel()
	s.pass = newExportPassForm(s)
	return container.NewVBox(
		intro,
		container.NewHBox(s.openFile, s.scan),
		container.NewBorder(nil, nil, nil, container.NewVBox(s.readPaste), s.paste),
		s.status,
		s.pass.box,
		s.pending,
	)
}

// errNeedPassphrase stands for the passphrase not yet asked: reading an
// encrypted export stops with it, the page asks, and reads again.
var errNeedPassphrase = errors.New("the export is encrypted")

// pickFile asks for an export file and reads it.
func (s *importScreen) pickFile() {
	s.g.opts.Files.Open(nil, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.failed(err)
			return
		}
		name := r.URI().Name()
		s.run(fmt.Sprintf(lang.L("Reading %s…"), name), func() (transfer.Contents, error) {
			defer r.Close()
			content, err := transfer.ReadLimited(r)
			if err != nil {
				return transfer.Contents{}, err
			}
			return s.readEncrypted(name, content, "")
		}, name)
	})
}

// readContent reads an export's bytes (tests call it as pickFile would).
func (s *importScreen) readContent(name string, content []byte) {
	s.run(fmt.Sprintf(lang.L("Reading %s…"), name), func() (transfer.Contents, error) {
		return s.readEncrypted(name, content, "")
	}, name)
}

// readEncrypted reads content with the passphrase given. An encrypted
// export (transfer.NeedsPassphrase) read without one, or with a wrong
// one, stops with a passphraseNeeded: the page asks, and reads again.
func (s *importScreen) readEncrypted(name string, content []byte, pass string) (transfer.Contents, error) {
	needed := func(wrong bool) error {
		format, _ := transfer.Detect(content)
		return &passphraseNeeded{name: name, content: content, format: format, wrong: wrong}
	}
	if pass == "" && transfer.NeedsPassphrase(content) {
		return transfer.Contents{}, needed(false)
	}
	got, err := transfer.ReadEntries(content, func() (string, error) {
		if pass == "" {
			return "", errNeedPassphrase
		}
		return pass, nil
	})
	if errors.Is(err, errNeedPassphrase) || (pass != "" && errors.Is(err, transfer.ErrWrongPassphrase)) {
		return transfer.Contents{}, needed(pass != "")
	}
	return got, err
}

// readPasted reads the pasted links (or any pasted export text).
func (s *importScreen) readPasted() {
	text := strings.TrimSpace(s.paste.Text)
	if text == "" {
		s.failed(errNothingPasted)
		return
	}
	s.runThen(lang.L("Reading the pasted text…"), func() (transfer.Contents, error) {
		return s.readEncrypted(lang.L("The pasted text"), []byte(text), "")
	}, lang.L("the pasted text"), func() { s.paste.SetText("") }) // it holds secrets
}

var errNothingPasted = errors.New("nothing pasted")

// scanScreen reads the OTP QR codes on every monitor; other QR codes on
// the screen are left alone.
func (s *importScreen) scanScreen() {
	s.run(lang.L("Looking for QR codes on the screen…"), func() (transfer.Contents, error) {
		shots, err := s.g.opts.Capture()
		if err != nil {
			return transfer.Contents{}, err
		}
		got, _, err := transfer.ReadScreenshotEntries(shots)
		return got, err
	}, lang.L("the screen"))
}

// run does work off the window's thread and takes in what it read from
// source. While it runs the ways in are disabled.
func (s *importScreen) run(doing string, work func() (transfer.Contents, error), source string) {
	s.runThen(doing, work, source, nil)
}

// runThen is run, with then called after a successful read.
func (s *importScreen) runThen(doing string, work func() (transfer.Contents, error), source string, then func()) {
	s.g.touch()
	s.setReading(true)
	s.result.Hide() // the last import's words, not this read's
	say(s.status, doing, widget.MediumImportance)
	s.status.Show()
	relayout(s.content)
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		got, err := work()
		s.g.do(func() {
			if s.g.page != page(s) {
				return // the page went (back, or locked) meanwhile
			}
			s.setReading(false)
			var need *passphraseNeeded
			switch {
			case errors.As(err, &need):
				s.status.Hide()
				s.pass.ask(need)
			case err != nil:
				s.failed(fmt.Errorf("%s: %w", source, err))
			default:
				s.take(got, source)
				if then != nil {
					then()
				}
			}
		})
	}()
}

func (s *importScreen) setReading(on bool) {
	s.reading = on
	for _, w := range []fyne.Disableable{s.openFile, s.scan, s.readPaste} {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	s.updateButtons()
}

// failed says in one line why nothing was read.
func (s *importScreen) failed(err error) {
	say(s.status, importMessage(err), widget.DangerImportance)
	s.status.Show()
	relayout(s.content)
}

// importMessage is message for what reading an import can fail with.
// The transfer package's own errors name the part that is wrong ("entry
// 7: ...") and never a secret, so they are shown as they are.
func importMessage(err error) string {
	switch {
	case errors.Is(err, errNothingPasted):
		return lang.L("Paste a link first: the otpauth-migration:// or otpauth:// link, or the text of an export.")
	case errors.Is(err, transfer.ErrNoCodeOnScreen):
		return lang.L("No QR code was found on the screen. Show the code in full, uncovered by this window, and scan again.")
	case errors.Is(err, qr.ErrNoCode):
		return lang.L("No QR code was found in this image. Try a sharper screenshot that shows the whole code.")
	case errors.Is(err, transfer.ErrUnknownFormat):
		return lang.L("Twofold cannot read this file: it reads Google Authenticator transfer codes, the exports of Aegis, 2FAS and most other authenticator apps and password managers, lists of otpauth:// links, Twofold backups and PNG or JPEG images of QR codes.")
	case errors.Is(err, transfer.ErrMissingBatch):
		return fmt.Sprintf(lang.L("A Google Authenticator export is not complete (%s): open or scan its other codes too. Its seeds are listed once all its codes are read."), err)
	case errors.Is(err, qr.ErrImageTooLarge), errors.Is(err, transfer.ErrTooLarge):
		return fmt.Sprintf(lang.L("This file is too large to be an export or a screenshot: %s."), err)
	case errors.Is(err, screen.ErrCancelled):
		return lang.L("The screen was not captured: the desktop's screenshot request was declined.")
	case errors.Is(err, screen.ErrNoDisplay):
		return lang.L("There is no screen to capture.")
	case errors.Is(err, transfer.ErrWrongPassphrase), errors.Is(err, kdf.ErrTooCostly), errors.Is(err, token.ErrName):
		return message(err)
	case errors.Is(err, transfer.ErrNoUsableSlot):
		return lang.L("This Aegis export can be opened only on the phone it came from (it has no password slot). Export it again with a password.")
	}
	return fmt.Sprintf(lang.L("Could not read %s"), err)
}
