package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// importScreen brings seeds in from other authenticator apps: an export
// file of any kind transfer.Detect knows, the QR codes on the screen, or
// pasted links. It names the app it recognised and asks, in the page,
// for the passphrase of an encrypted export. What was read is listed
// first, each seed New or Duplicate, and each entry that could not be
// taken as Could not read with the reason; Import adds the new seeds in
// one change of the vault and says what it added and skipped. A Google
// export of several codes is taken code by code: the seeds of the codes
// read are listed, and the page says which codes are still to come.
//
// Reading runs off the window's thread (a screenshot or a large image
// takes a while to decode) and comes back with gui.do.
type importScreen struct {
	pageDefaults
	g *gui

	openFile  *widget.Button
	scan      *widget.Button
	paste     *widget.Entry
	readPaste *widget.Button
	status    *widget.Label // what the last read did, or why it failed
	pending   *widget.Label // a Google export with codes still to read
	pass      *exportPassForm
	list      *widget.List
	importNew *widget.Button
	clear     *widget.Button
	result    *widget.Label // what the import added and skipped

	// What was read so far: seeds ready to add, Google transfer codes
	// (the other codes of their export may come in a later read), and
	// the entries that could not be taken.
	seeds   []token.Seed
	batches []transfer.Batch
	unread  []transfer.Unread
	rows    []previewRow // the preview: seeds, then the entries not taken
	reading bool

	content fyne.CanvasObject
}

func newImportScreen(g *gui) *importScreen {
	s := &importScreen{g: g}
	sources := s.newSources()
	s.list = s.newPreview()
	s.importNew = widget.NewButtonWithIcon(lang.L("Import"), theme.DownloadIcon(), s.doImport)
	s.importNew.Importance = widget.HighImportance
	s.importNew.Disable()
	s.clear = widget.NewButtonWithIcon(lang.L("Clear the list"), theme.ContentClearIcon(), s.forget)
	s.clear.Disable()
	s.result = newNoticeLabel()

	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), g.back)
	title := heading(lang.L("Import seeds"))
	top := container.NewVBox(container.NewHBox(back, title), sources)
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
	help := newWrappingLabel(lang.L("Move seeds over from Google Authenticator, Aegis, 2FAS or another authenticator app or password manager, a list of otpauth:// links or a Twofold backup, or take the QR codes shown on the screen. You see the list before anything is saved."))
	return container.NewVBox(help, container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Open a file…"), theme.FolderOpenIcon(), start((*importScreen).pickFile)),
		widget.NewButtonWithIcon(lang.L("Scan the screen"), theme.ViewFullScreenIcon(), start((*importScreen).scanScreen)),
		widget.NewButtonWithIcon(lang.L("Paste a link"), theme.ContentPasteIcon(), start(func(s *importScreen) { s.g.win.Canvas().Focus(s.paste) })),
	))
}

// close forgets what was read and pasted: the seeds' secrets.
func (s *importScreen) close() {
	s.paste.SetText("")
	s.pass.close()
	s.seeds, s.batches, s.unread, s.rows = nil, nil, nil, nil
}

// dataChanged redoes the preview: a seed added meanwhile is a duplicate now.
func (s *importScreen) dataChanged() { s.refresh() }

func (s *importScreen) object() fyne.CanvasObject { return s.content }

// take adds what was read to the preview.
func (s *importScreen) take(got transfer.Contents, source string) {
	s.seeds = append(s.seeds, got.Seeds...)
	s.batches = append(s.batches, got.Batches...)
	s.unread = append(s.unread, got.Unread...)
	s.result.Hide()
	text := fmt.Sprintf(lang.L("Read %s from %s."), plural(len(got.Seeds), "seed"), source)
	switch n := len(got.Batches); {
	case n > 0 && len(got.Seeds) == 0:
		text = fmt.Sprintf(lang.L("Read %s from %s."), plural(n, "Google transfer code"), source)
	case n > 0:
		text = fmt.Sprintf(lang.L("Read %s and %s from %s."), plural(len(got.Seeds), "seed"), plural(n, "Google transfer code"), source)
	}
	if got.Format != "" && got.Format != transfer.FormatURIs {
		text += " " + fmt.Sprintf(lang.L("Recognised: %s."), formatName(got.Format))
	}
	importance := widget.SuccessImportance
	if n := len(got.Unread); n > 0 {
		text += " " + fmt.Sprintf(lang.L("Entries that could not be read: %d (see the list)."), n)
		importance = widget.WarningImportance
	}
	say(s.status, text, importance)
	s.refresh()
}

// forget empties the preview.
func (s *importScreen) forget() {
	s.seeds, s.batches, s.unread = nil, nil, nil
	s.status.Hide()
	s.refresh()
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
	if len(s.seeds)+len(s.batches)+len(s.unread) == 0 {
		s.clear.Disable()
	} else {
		s.clear.Enable()
	}
}

// doImport adds the new seeds in one change of the vault.
func (s *importScreen) doImport() {
	s.g.touch()
	var seeds []token.Seed
	for _, r := range s.rows {
		if r.unread == nil {
			seeds = append(seeds, r.seed)
		}
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
	// The codes of a Google export not whole yet are kept, so that the
	// page goes on saying which are still to come; the seeds of the
	// codes read are in the vault now, and so listed as duplicates.
	if _, pending, err := transfer.JoinBatches(s.batches); err != nil || len(pending) == 0 {
		s.batches = nil
	}
	if n := len(s.unread); n > 0 {
		b.WriteString("\n")
		fmt.Fprintf(&b, lang.L("Left out, as they could not be read: %d."), n)
	}
	s.seeds, s.unread = nil, nil
	s.status.Hide()
	s.refresh()
	say(s.result, b.String(), widget.SuccessImportance)
	s.result.Show()
	relayout(s.content)
	s.g.setStatus(fmt.Sprintf(lang.L("Imported %s, skipped %d."), plural(len(r.Added), "seed"), len(r.Skipped)))
}
