package ui

import (
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errNotANumber is a period that is not a whole number.
var errNotANumber = errors.New("not a whole number")

const periodNumberMessage = "A whole number of seconds; usually 30." // shown as lang.L of it

// addScreen adds a seed: from an otpauth:// link, typed by hand, or from
// a QR code image.
type addScreen struct {
	pageDefaults
	g *gui

	tabs *container.AppTabs

	// Paste a link.
	uri        *widget.Entry
	uriPreview *widget.Label
	uriAdd     *widget.Button

	// Type it in.
	issuer    *widget.Entry
	account   *widget.Entry
	secret    *widget.Entry
	kind      *widget.Select
	algorithm *widget.Select
	digits    *widget.Select
	period    *widget.Entry
	form      *widget.Form

	// From a QR image.
	qrOpen    *widget.Button
	qrPreview *widget.Label
	qrAdd     *widget.Button
	qrSeed    *token.Seed

	content fyne.CanvasObject
}

const (
	kindTOTP = "Time-based (TOTP)" // shown as lang.L of it, as kindHOTP
	kindHOTP = "Counter-based (HOTP)"
)

func newAddScreen(g *gui) *addScreen {
	s := &addScreen{g: g}

	// Paste a link.
	s.uri = widget.NewEntry()
	s.uri.SetPlaceHolder(lang.L("otpauth://totp/Issuer:account?secret=…"))
	s.uri.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return nil // nothing typed yet is not a mistake
		}
		if isTransferLink(text) {
			return nil // handed to the import page
		}
		_, err := token.ParseURI(text)
		return humanError(err)
	}
	s.uriPreview = newWrappingLabel("")
	s.uriAdd = widget.NewButtonWithIcon(lang.L("Add seed"), theme.ContentAddIcon(), func() {
		if isTransferLink(s.uri.Text) {
			s.g.importText(s.uri.Text)
			return
		}
		seed, err := token.ParseURI(s.uri.Text)
		if err != nil {
			s.uri.SetValidationError(humanError(err))
			return
		}
		s.save(seed)
	})
	s.uriAdd.Importance = widget.HighImportance
	s.uri.OnChanged = func(string) { s.uriChanged() }
	s.uri.OnSubmitted = func(string) { s.uriAdd.OnTapped() }
	uriHelp := newWrappingLabel(lang.L("Sites that show a QR code for an authenticator app usually also offer the link or the key behind it (“can't scan the code?”). Paste the otpauth:// link here."))
	uriTab := container.NewVBox(uriHelp, s.uri, s.uriPreview, container.NewHBox(s.uriAdd))
	s.uriChanged()

	// Type it in.
	s.issuer = widget.NewEntry()
	s.issuer.SetPlaceHolder(lang.L("e.g. GitHub"))
	s.account = widget.NewEntry()
	s.account.SetPlaceHolder(lang.L("e.g. alice@example.com"))
	s.account.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return humanError(token.ErrAccount)
		}
		return nil
	}
	s.secret = widget.NewEntry()
	s.secret.SetPlaceHolder(lang.L("e.g. JBSW Y3DP EHPK 3PXP"))
	s.secret.Validator = func(text string) error {
		_, err := token.NormalizeSecret(text)
		return humanError(err)
	}
	s.kind = widget.NewSelect([]string{lang.L(kindTOTP), lang.L(kindHOTP)}, func(k string) {
		if k == lang.L(kindHOTP) {
			s.period.Disable()
		} else {
			s.period.Enable()
		}
	})
	s.algorithm = widget.NewSelect([]string{string(token.SHA1), string(token.SHA256), string(token.SHA512)}, nil)
	s.algorithm.SetSelected(string(token.SHA1))
	s.digits = widget.NewSelect([]string{"6", "7", "8"}, nil)
	s.digits.SetSelected(strconv.Itoa(token.DefaultDigits))
	s.period = widget.NewEntry()
	s.period.SetText(strconv.Itoa(token.DefaultPeriod))
	s.period.Validator = func(text string) error {
		p, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return errors.New(lang.L(periodNumberMessage))
		}
		if p < 1 || p > token.MaxPeriod {
			return humanError(token.ErrPeriod)
		}
		return nil
	}
	s.kind.SetSelected(lang.L(kindTOTP))
	s.form = widget.NewForm(
		widget.NewFormItem(lang.L("Issuer"), s.issuer),
		widget.NewFormItem(lang.L("Account"), s.account),
		widget.NewFormItem(lang.L("Secret key"), s.secret),
		widget.NewFormItem(lang.L("Type"), s.kind),
		widget.NewFormItem(lang.L("Algorithm"), s.algorithm),
		widget.NewFormItem(lang.L("Digits"), s.digits),
		widget.NewFormItem(lang.L("Period (seconds)"), s.period),
	)
	s.form.Items[2].HintText = lang.L("Letters and digits 2–7; spaces and dashes are ignored.")
	s.form.Items[4].HintText = lang.L("Leave the defaults unless the site names others.")
	s.form.SubmitText = lang.L("Add seed")
	s.form.OnSubmit = s.submitForm
	formTab := container.NewVScroll(s.form)

	// From a QR image.
	s.qrOpen = widget.NewButtonWithIcon(lang.L("Open a QR code image…"), theme.FolderOpenIcon(), s.pickImage)
	s.qrPreview = newWrappingLabel(lang.L("PNG or JPEG, such as a screenshot of the page that shows the QR code."))
	s.qrAdd = widget.NewButtonWithIcon(lang.L("Add seed"), theme.ContentAddIcon(), func() {
		if s.qrSeed != nil {
			s.save(*s.qrSeed)
		}
	})
	s.qrAdd.Importance = widget.HighImportance
	s.qrAdd.Disable()
	qrTab := container.NewVBox(container.NewHBox(s.qrOpen), s.qrPreview, container.NewHBox(s.qrAdd))

	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Paste a link"), container.NewPadded(uriTab)),
		container.NewTabItem(lang.L("Type the key"), container.NewPadded(formTab)),
		container.NewTabItem(lang.L("QR code image"), container.NewPadded(qrTab)),
		container.NewTabItem(lang.L("From another app"), container.NewPadded(importTab(g))),
	)
	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), g.back)
	title := heading(lang.L("Add a seed"))
	s.content = container.NewBorder(container.NewHBox(back, title), nil, nil, nil, s.tabs)
	return s
}

func (s *addScreen) shown() { s.g.win.Canvas().Focus(s.uri) }

// close forgets what was typed (the screen goes away or the vault locks).
func (s *addScreen) close() {
	s.uri.SetText("")
	s.secret.SetText("")
	s.qrSeed = nil
}

func (s *addScreen) uriChanged() {
	s.g.touch()
	if strings.TrimSpace(s.uri.Text) == "" {
		s.uriPreview.SetText("")
		s.uriAdd.Disable()
		return
	}
	s.uriAdd.SetText(lang.L("Add seed"))
	if isTransferLink(s.uri.Text) {
		say(s.uriPreview, lang.L("A Google Authenticator transfer link: its seeds are read on the import page, where you see them before anything is saved."), widget.SuccessImportance)
		s.uriAdd.SetText(lang.L("Import…"))
		s.uriAdd.Enable()
		return
	}
	seed, err := token.ParseURI(s.uri.Text)
	if err != nil {
		say(s.uriPreview, message(err), widget.DangerImportance)
		s.uriAdd.Disable()
		return
	}
	say(s.uriPreview, describe(seed), widget.SuccessImportance)
	s.uriAdd.Enable()
}

// formSeed builds the seed the form describes.
func (s *addScreen) formSeed() (token.Seed, error) {
	secret, err := token.NormalizeSecret(s.secret.Text)
	if err != nil {
		return token.Seed{}, err
	}
	alg, err := token.ParseAlgorithm(s.algorithm.Selected)
	if err != nil {
		return token.Seed{}, err
	}
	digits, _ := strconv.Atoi(s.digits.Selected)
	seed := token.Seed{
		Kind:      token.TOTP,
		Issuer:    strings.TrimSpace(s.issuer.Text),
		Account:   strings.TrimSpace(s.account.Text),
		Secret:    secret,
		Algorithm: alg,
		Digits:    digits,
	}
	if s.kind.Selected == lang.L(kindHOTP) {
		seed.Kind = token.HOTP
	} else {
		p, err := strconv.Atoi(strings.TrimSpace(s.period.Text))
		if err != nil {
			return token.Seed{}, fmt.Errorf("%w: %w", token.ErrPeriod, errNotANumber)
		}
		seed.Period = p
	}
	return seed, seed.Validate()
}

func (s *addScreen) submitForm() {
	seed, err := s.formSeed()
	if err != nil {
		// Put the problem at the field it belongs to.
		switch {
		case errors.Is(err, token.ErrSecret):
			s.secret.SetValidationError(humanError(err))
		case errors.Is(err, token.ErrAccount):
			s.account.SetValidationError(humanError(err))
		case errors.Is(err, token.ErrPeriod):
			s.period.SetValidationError(humanError(err))
		default:
			s.g.showError(lang.L("This seed is not valid"), err)
		}
		return
	}
	s.save(seed)
}

// pickImage asks for a QR code image and reads it.
func (s *addScreen) pickImage() {
	exts := []string{".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"}
	s.g.opts.Files.Open(exts, func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.g.showError(lang.L("Could not open the image"), err)
			return
		}
		defer r.Close()
		s.readImage(r)
	})
}

// readImage decodes the QR code in an image and shows what it holds.
func (s *addScreen) readImage(r io.Reader) {
	s.qrSeed = nil
	s.qrAdd.Disable()
	text, err := qr.Decode(r)
	if err == nil && isTransferLink(text) {
		s.g.importText(text)
		return
	}
	if err == nil {
		var seed token.Seed
		seed, err = token.ParseURI(text)
		if err == nil {
			s.qrSeed = &seed
			say(s.qrPreview, fmt.Sprintf(lang.L("Found: %s"), describe(seed)), widget.SuccessImportance)
			s.qrAdd.Enable()
			return
		}
	}
	say(s.qrPreview, message(err), widget.DangerImportance)
}

// isTransferLink says whether text is a Google Authenticator transfer
// link (otpauth-migration://), which the import page reads.
func isTransferLink(text string) bool {
	text = strings.ToLower(strings.TrimSpace(text))
	return strings.HasPrefix(text, "otpauth-migration:")
}

// importText opens the import page with text pasted there and read.
func (g *gui) importText(text string) {
	g.showImport()
	if s := pageAs[*importScreen](g); s != nil {
		s.paste.SetText(strings.TrimSpace(text))
		s.readPasted()
	}
}

// save adds seed to the vault (vault.Data.AddSeeds, which also links an
// AWS seed to its account). When the vault already holds the same
// secret it asks first, and the answer the dialog falls back on is No.
func (s *addScreen) save(seed token.Seed) {
	s.store(seed, vault.RefuseDuplicates)
}

func (s *addScreen) store(seed token.Seed, dup vault.DuplicatePolicy) {
	now := s.g.now()
	s.g.editOr(func(d *vault.Data) error {
		_, err := d.AddSeeds([]token.Seed{seed}, now, dup)
		return err
	}, func() {
		if s.g.page == page(s) {
			s.g.back()
		}
		s.g.codes.clearSearch()
		s.g.setStatus(fmt.Sprintf(lang.L("Added %s."), seed.Label()))
	}, func(err error) bool {
		var dupErr *vault.DuplicateError
		if !errors.As(err, &dupErr) {
			return false
		}
		s.g.askDefaultNo(lang.L("Already in the vault"),
			fmt.Sprintf(lang.L("The vault already holds this secret, as %s. Add it again?"), dupErr.Existing.Label()),
			lang.L("Add again"), func() { s.store(seed, vault.AllowDuplicates) })
		return true
	})
}

// describe says what a seed is without its secret.
func describe(s token.Seed) string {
	name := s.Label()
	if s.Kind == token.HOTP {
		return fmt.Sprintf(lang.L("%s: %d-digit codes on demand (HOTP, %s)."), name, s.Digits, s.Algorithm)
	}
	return fmt.Sprintf(lang.L("%s: %d-digit codes every %d seconds (%s)."), name, s.Digits, s.Period, s.Algorithm)
}

// humanError turns err into an error whose text a person understands,
// short enough for the hint under a form field; nil stays nil.
func humanError(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(fieldMessage(err))
}

// object is what the page draws.
func (s *addScreen) object() fyne.CanvasObject { return s.content }
