package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/internal/secretfile"
	"github.com/twofoldmfa/twofold/token/kit"
)

// kitButton is the Settings page's way to the emergency kit.
func (g *gui) kitButton() *widget.Button {
	return widget.NewButtonWithIcon(lang.L("Print emergency kit…"), theme.DocumentPrintIcon(), g.askKit)
}

// askKit says what the kit gives away and asks for the paper size, then
// where to save it.
func (g *gui) askKit() {
	if !g.isUnlocked() {
		return
	}
	warning := newWrapLabel(kitWarning(len(g.shown().seeds)))
	paper := widget.NewRadioGroup([]string{"A4", lang.L("Letter")}, nil)
	paper.Horizontal = true
	paper.Required = true
	paper.SetSelected(lang.L(localPaper()))
	body := container.NewVBox(warning, widget.NewForm(widget.NewFormItem(lang.L("Paper"), paper)))
	d := dialog.NewCustomConfirm(lang.L("Print emergency kit"), lang.L("Choose file…"), lang.L("Cancel"), body, func(ok bool) {
		if ok {
			size := kit.A4
			if paper.Selected == lang.L("Letter") {
				size = kit.Letter
			}
			g.chooseKitFile(size)
		}
	}, g.win)
	d.Resize(fyne.NewSize(460, 0))
	g.show(d)
}

// kitWarning is kit.Warning in the app's language: what the kit gives
// away, said before it is made.
func kitWarning(seeds int) string {
	return fmt.Sprintf(lang.L("The kit shows the secrets of %s in clear text, as QR codes and as text: anyone who reads the paper or the file can make their codes. Print it, keep the paper locked away, and delete the file."), plural(seeds, "seed"))
}

// localPaper is Letter where the locale's region prints on it, A4
// elsewhere. It reads the POSIX locale (LC_PAPER is the paper's own
// setting); where there is none, A4.
func localPaper() string {
	for _, name := range []string{"LC_ALL", "LC_PAPER", "LANG"} {
		loc := os.Getenv(name)
		if loc == "" {
			continue
		}
		loc, _, _ = strings.Cut(loc, ".")
		_, region, _ := strings.Cut(loc, "_")
		switch region {
		case "US", "CA", "MX", "PH", "CL", "CO", "VE":
			return "Letter"
		}
		return "A4"
	}
	return "A4"
}

// chooseKitFile asks where to save the kit, then writes it there.
func (g *gui) chooseKitFile(size kit.Paper) {
	name := "twofold-emergency-kit-" + g.now().Format("2006-01-02") + ".pdf"
	g.opts.Files.Save(name, func(path string) { g.writeKit(path, size) })
}

// writeKit lays the kit out from the vault's data as it is now and writes
// it to path (a new file only its owner can read, never the vault's own),
// off the UI thread, then says where it went.
func (g *gui) writeKit(path string, size kit.Paper) {
	// The kit in the app's language; one the kit has no words for prints
	// in English.
	words, err := kit.ParseLanguage(appLanguage())
	if err != nil {
		words = kit.English
	}
	in := kit.Input{Seeds: slices.Clone(g.shown().seeds), Accounts: slices.Clone(g.shown().accounts), Keys: slices.Clone(g.shown().keys), Paper: size, Language: words}
	now := g.now()
	g.work.Add(1)
	go func() {
		defer g.work.Done()
		var pdf bytes.Buffer
		err := kit.Write(&pdf, in, now)
		if err == nil {
			err = secretfile.Write(path, pdf.Bytes(), true, g.opts.VaultPath)
		}
		g.do(func() {
			if err != nil {
				g.showError(lang.L("Emergency kit not saved"), err)
				return
			}
			// A dialog, not the status line: the person is on Settings.
			// It offers to open the kit in the system's PDF viewer, which
			// prints it.
			said := newWrapLabel(fmt.Sprintf(lang.L("Saved as %s. Print it, keep the paper locked away, then delete the file."), filepath.Base(path)))
			d := dialog.NewCustomConfirm(lang.L("Emergency kit saved"), lang.L("Open to print"), lang.L("Close"), said,
				func(open bool) {
					if open {
						g.openFile(path)
					}
				}, g.win)
			d.Resize(fyne.NewSize(460, 0))
			g.show(d)
		})
	}()
}

// openFile opens path in the application the system gives its type.
func (g *gui) openFile(path string) {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = fyne.CurrentApp().OpenURL(u)
	}
	switch {
	case errors.Is(err, exec.ErrNotFound):
		// Fyne opens files with xdg-open on Linux, which a bare system
		// may lack.
		g.show(dialog.NewInformation(lang.L("Could not open the file"),
			fmt.Sprintf(lang.L("No program to open it was found (xdg-open). Open %s with a PDF viewer to print it."), path), g.win))
	case err != nil:
		g.showError(lang.L("Could not open the file"), err)
	}
}
