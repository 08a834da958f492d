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
// pasted links. What was read is listed first, each seed New or
// Duplicate; Import adds the new ones in one change of the vault (all or
// nothing) and says what it added and skipped.
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
