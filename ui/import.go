package ui

import (
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/screen"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// importScreen brings seeds in from other authenticator apps: an export
// file of any kind transfer.Detect knows, the QR codes on the screen, or
// pasted links. What was read is listed first, each seed New or
// Duplicate; Import adds the new ones in one change of the vault (all or
// nothing) and says what it added and skipped.
//
// Reading runs off the window's thread (a screenshot or a large image
// takes a while to decode) and comes back with fyne.Do.
type importScreen struct {
	pageDefaults
	g *gui

	openFile  *widget.Button
	scan      *widget.Button
	paste     *widget.Entry
	readPaste *widget.Button
	status    *widget.Label // what the last read did, or why it failed
	pending   *widget.Label // a Google export with codes still to read
	list      *widget.List
	importNew *widget.Button
	clear     *widget.Button
	result    *widget.Label // what the import added and skipped

	// What was read so far: seeds ready to add, and Google transfer codes
	// kept until their export is whole (its codes may come one a read).
	seeds   []token.Seed
	batches []transfer.Batch
	rows    []previewRow // the preview of seeds and the whole exports
	reading bool

	content fyne.CanvasObject
}

// previewRow is one seed of the preview, and the seed the vault (or an
// earlier row) already holds with its secret, if any.
type previewRow struct {
	seed      token.Seed
	duplicate *token.Seed
}

// errNeedPassphrase stands for the passphrase not yet asked: reading an
// encrypted export stops with it, the page asks, and reads again.
var errNeedPassphrase = errors.New("the export is encrypted")

func newImportScreen(g *gui) *importScreen {
	s := &importScreen{g: g}
	s.openFile = widget.NewButtonWithIcon(lang.L("Open a file…"), theme.FolderOpenIcon(), s.pickFile)
	s.scan = widget.NewButtonWithIcon(lang.L("Scan the screen"), theme.ViewFullScreenIcon(), s.scanScreen)
	s.paste = widget.NewMultiLineEntry()
	s.paste.SetPlaceHolder("otpauth-migration://offline?data=…")
	s.paste.SetMinRowsVisible(2)
	s.paste.Wrapping = fyne.TextWrapBreak
	s.readPaste = widget.NewButtonWithIcon(lang.L("Read the link"), theme.ContentPasteIcon(), s.readPasted)
	intro := newWrappingLabel(lang.L("Bring in the seeds of Google Authenticator (its “Transfer accounts” codes), Aegis, 2FAS, a list of otpauth:// links, a Twofold backup, or screenshots of QR codes. Nothing is saved until you press Import."))

	s.status = newNoticeLabel()
	s.pending = newNoticeLabel()
	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			// The longest state sizes the column.
			state := heading(lang.L(stateDuplicate))
			return container.NewBorder(nil, nil, state, nil, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { s.bindRow(id, o) },
	)
	s.list.OnSelected = func(id widget.ListItemID) { s.list.Unselect(id) }
	s.importNew = widget.NewButtonWithIcon(lang.L("Import"), theme.DownloadIcon(), s.doImport)
	s.importNew.Importance = widget.HighImportance
	s.importNew.Disable()
	s.clear = widget.NewButtonWithIcon(lang.L("Clear the list"), theme.ContentClearIcon(), s.forget)
	s.clear.Disable()
	s.result = newNoticeLabel()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), g.back)
	title := heading(lang.L("Import seeds"))
	top := container.NewVBox(
		container.NewHBox(back, title),
		intro,
		container.NewHBox(s.openFile, s.scan),
		container.NewBorder(nil, nil, nil, container.NewVBox(s.readPaste), s.paste),
		s.status,
		s.pending,
	)
	bottom := container.NewVBox(s.result, container.NewHBox(s.importNew, s.clear))
	s.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil, s.list))
	return s
}

// importTab is the add page's tab that leads here, each button straight
// to its way of importing.
func importTab(g *gui) fyne.CanvasObject {
	start := func(then func(s *importScreen)) func() {
		return func() {
			g.showImport()
			if s := pageAs[*importScreen](g); s != nil {
				then(s)
			}
		}
	}
	help := newWrappingLabel(lang.L("Move seeds over from Google Authenticator, Aegis, 2FAS, a list of otpauth:// links or a Twofold backup, or take the QR codes shown on the screen. You see the list before anything is saved."))
	return container.NewVBox(help, container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Open a file…"), theme.FolderOpenIcon(), start((*importScreen).pickFile)),
		widget.NewButtonWithIcon(lang.L("Scan the screen"), theme.ViewFullScreenIcon(), start((*importScreen).scanScreen)),
		widget.NewButtonWithIcon(lang.L("Paste a link"), theme.ContentPasteIcon(), start(func(s *importScreen) { s.g.win.Canvas().Focus(s.paste) })),
	))
}

// close forgets what was read and pasted: the seeds' secrets.
func (s *importScreen) close() {
	s.paste.SetText("")
	s.seeds, s.batches, s.rows = nil, nil, nil
}

// dataChanged redoes the preview: a seed added meanwhile is a duplicate now.
func (s *importScreen) dataChanged() { s.refresh() }

func (s *importScreen) object() fyne.CanvasObject { return s.content }

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

// readEncrypted reads content with the passphrase given, stopping with a
// passphraseNeeded when the export is encrypted and pass is empty or wrong.
func (s *importScreen) readEncrypted(name string, content []byte, pass string) (transfer.Contents, error) {
	got, err := transfer.Read(content, func() (string, error) {
		if pass == "" {
			return "", errNeedPassphrase
		}
		return pass, nil
	})
	if errors.Is(err, errNeedPassphrase) || (pass != "" && errors.Is(err, transfer.ErrWrongPassphrase)) {
		return got, &passphraseNeeded{name: name, content: content, wrong: pass != ""}
	}
	return got, err
}

// passphraseNeeded carries an encrypted export back to the window's
// thread, to ask for its passphrase and read it again.
type passphraseNeeded struct {
	name    string
	content []byte
	wrong   bool
}

func (p *passphraseNeeded) Error() string { return p.name + ": " + errNeedPassphrase.Error() }

// askPassphrase asks for an encrypted export's passphrase, then reads it.
func (s *importScreen) askPassphrase(p *passphraseNeeded) {
	entry := widget.NewPasswordEntry()
	text := lang.L("Enter the passphrase this export was made with.")
	if p.wrong {
		text = lang.L("That passphrase does not open this export. Check Caps Lock and the keyboard layout, and try again.")
	}
	explain := newWrappingLabel(text)
	ok := false
	d := dialog.NewForm(fmt.Sprintf(lang.L("%s is encrypted"), p.name), lang.L("Open"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem("", explain), widget.NewFormItem(lang.L("Passphrase"), entry)},
		func(answer bool) { ok = answer }, s.g.win)
	d.Resize(fyne.NewSize(440, 220))
	s.g.show(d)
	// Read once the dialog has closed, after the gui's own bookkeeping
	// (see confirmThen).
	d.SetOnClosed(func() {
		pass := entry.Text
		entry.SetText("")
		if !ok {
			say(s.status, fmt.Sprintf(lang.L("Nothing read from %s: it needs its passphrase."), p.name), widget.WarningImportance)
			s.status.Show()
			relayout(s.content)
			return
		}
		s.run(fmt.Sprintf(lang.L("Opening %s…"), p.name), func() (transfer.Contents, error) {
			return s.readEncrypted(p.name, p.content, pass)
		}, p.name)
	})
	s.g.win.Canvas().Focus(entry)
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
		got, _, err := transfer.ReadScreenshots(shots)
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
	say(s.status, doing, widget.MediumImportance)
	s.status.Show()
	relayout(s.content)
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		got, err := work()
		fyne.Do(func() {
			if s.g.page != page(s) {
				return // the page went (back, or locked) meanwhile
			}
			s.setReading(false)
			var need *passphraseNeeded
			switch {
			case errors.As(err, &need):
				s.status.Hide()
				s.askPassphrase(need)
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

// take adds what was read to the preview.
func (s *importScreen) take(got transfer.Contents, source string) {
	s.seeds = append(s.seeds, got.Seeds...)
	s.batches = append(s.batches, got.Batches...)
	s.result.Hide()
	text := fmt.Sprintf(lang.L("Read %s from %s."), plural(len(got.Seeds), "seed"), source)
	switch n := len(got.Batches); {
	case n > 0 && len(got.Seeds) == 0:
		text = fmt.Sprintf(lang.L("Read %s from %s."), plural(n, "Google transfer code"), source)
	case n > 0:
		text = fmt.Sprintf(lang.L("Read %s and %s from %s."), plural(len(got.Seeds), "seed"), plural(n, "Google transfer code"), source)
	}
	say(s.status, text, widget.SuccessImportance)
	s.refresh()
}

// forget empties the preview.
func (s *importScreen) forget() {
	s.seeds, s.batches = nil, nil
	s.status.Hide()
	s.refresh()
}

// refresh recomputes the preview: the seeds read, then those of the
// Google exports whose codes are all read, each New or Duplicate.
func (s *importScreen) refresh() {
	ready := slices.Clone(s.seeds)
	s.pending.Hide()
	if len(s.batches) > 0 {
		fromExports, err := transfer.GatherBatches(s.batches)
		if err != nil {
			say(s.pending, importMessage(err), widget.WarningImportance)
			s.pending.Show()
		} else {
			ready = append(ready, fromExports...)
		}
	}
	rows, err := preview(s.g.shown().seeds, ready, s.g.now())
	if err != nil {
		s.failed(err)
		rows = nil
	}
	s.rows = rows
	s.updateButtons()
	relayout(s.content)
}

func (s *importScreen) updateButtons() {
	if s.reading || s.newCount() == 0 {
		s.importNew.Disable()
	} else {
		s.importNew.Enable()
	}
	s.importNew.SetText(lang.L("Import"))
	if n := s.newCount(); n > 0 {
		s.importNew.SetText(fmt.Sprintf(lang.L("Import %s"), plural(n, "new seed")))
	}
	if len(s.seeds)+len(s.batches) == 0 {
		s.clear.Disable()
	} else {
		s.clear.Enable()
	}
}

func (s *importScreen) newCount() int {
	n := 0
	for _, r := range s.rows {
		if r.duplicate == nil {
			n++
		}
	}
	return n
}

// The states of a seed in the preview.
const (
	stateNew       = "New"
	stateDuplicate = "Duplicate"
)

func (s *importScreen) bindRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	box := o.(*fyne.Container)
	name, state := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
	if r.duplicate != nil {
		say(state, lang.L(stateDuplicate), widget.LowImportance)
		name.SetText(fmt.Sprintf(lang.L("%s: same secret as %s"), r.seed.Label(), r.duplicate.Label()))
	} else {
		say(state, lang.L(stateNew), widget.SuccessImportance)
		name.SetText(r.seed.Label())
	}
}

// preview says of each seed whether the vault would add it (New) or skip
// it (Duplicate of a seed it holds, or of an earlier one of the list), by
// a trial run of vault.Data.AddSeeds on a copy of the seeds held, so that
// the list follows the vault's own rule.
func preview(held, seeds []token.Seed, now time.Time) ([]previewRow, error) {
	trial := vault.Data{Seeds: slices.Clone(held)}
	report, err := trial.AddSeeds(seeds, now, vault.SkipDuplicates)
	if err != nil {
		return nil, err
	}
	// AddSeeds keeps the order and adds the first of equal seeds, so each
	// seed is New while added copies of it remain, then Duplicate.
	added := map[token.Seed]int{}
	for _, a := range report.Added {
		s := a.Seed
		s.ID, s.Added = "", time.Time{}
		added[s]++
	}
	skipped := map[token.Seed][]token.Seed{}
	for _, sk := range report.Skipped {
		skipped[sk.Seed] = append(skipped[sk.Seed], sk.Existing)
	}
	rows := make([]previewRow, 0, len(seeds))
	for _, s := range seeds {
		if added[s] > 0 {
			added[s]--
			rows = append(rows, previewRow{seed: s})
			continue
		}
		row := previewRow{seed: s}
		if len(skipped[s]) > 0 {
			existing := skipped[s][0]
			skipped[s], row.duplicate = skipped[s][1:], &existing
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// doImport adds the new seeds in one change of the vault.
func (s *importScreen) doImport() {
	s.g.touch()
	seeds := make([]token.Seed, len(s.rows))
	for i, r := range s.rows {
		seeds[i] = r.seed
	}
	now := s.g.now()
	var report vault.AddReport
	s.importNew.Disable()
	s.g.edit(func(d *vault.Data) error {
		var err error
		report, err = d.AddSeeds(seeds, now, vault.SkipDuplicates)
		if err == nil && len(report.Added) == 0 {
			return vault.ErrUnchanged // every seed skipped: leave the file alone
		}
		return err
	}, func() { s.imported(report) })
}

// imported says what the import added and skipped, and empties the list.
func (s *importScreen) imported(r vault.AddReport) {
	var b strings.Builder
	if len(r.Added) > 0 {
		var names []string
		for _, a := range r.Added {
			name := a.Seed.Label()
			if a.Link.Linked {
				name = fmt.Sprintf(lang.L("%s (a factor of %s)"), name, a.Link.Account)
			}
			names = append(names, name)
		}
		fmt.Fprintf(&b, lang.L("Added %s: %s."), plural(len(r.Added), "seed"), strings.Join(names, lang.L(", ")))
	} else {
		fmt.Fprintf(&b, lang.L("Added %s."), plural(len(r.Added), "seed"))
	}
	if len(r.Skipped) > 0 {
		var names []string
		for _, sk := range r.Skipped {
			names = append(names, sk.Seed.Label())
		}
		b.WriteString("\n")
		fmt.Fprintf(&b, lang.L("Skipped %s already in the vault: %s."), plural(len(r.Skipped), "seed"), strings.Join(names, lang.L(", ")))
	}
	s.seeds, s.batches = nil, nil
	s.status.Hide()
	s.refresh()
	say(s.result, b.String(), widget.SuccessImportance)
	s.result.Show()
	relayout(s.content)
	s.g.setStatus(fmt.Sprintf(lang.L("Imported %s, skipped %d."), plural(len(r.Added), "seed"), len(r.Skipped)))
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
		return lang.L("Twofold cannot read this file: it reads Google Authenticator transfer codes, Aegis and 2FAS exports, lists of otpauth:// links, Twofold backups and PNG or JPEG images of QR codes.")
	case errors.Is(err, transfer.ErrMissingBatch):
		return fmt.Sprintf(lang.L("A Google Authenticator export is not complete (%s): open or scan its other codes too. Its seeds are listed once all its codes are read."), err)
	case errors.Is(err, qr.ErrImageTooLarge), errors.Is(err, transfer.ErrTooLarge):
		return fmt.Sprintf(lang.L("This file is too large to be an export or a screenshot: %s."), err)
	case errors.Is(err, screen.ErrCancelled):
		return lang.L("The screen was not captured: the desktop's screenshot request was declined.")
	case errors.Is(err, screen.ErrNoDisplay):
		return lang.L("There is no screen to capture.")
	case errors.Is(err, transfer.ErrNoUsableSlot):
		return lang.L("This Aegis export can be opened only on the phone it came from (it has no password slot). Export it again with a password.")
	}
	return fmt.Sprintf(lang.L("Could not read %s"), err)
}
