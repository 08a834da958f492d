package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
)

// FileDialogs asks the person which file to open or where to save one.
// Neither calls then when the person cancels.
type FileDialogs interface {
	// Open asks for a file to read, of one of exts (".png", say; none
	// means any), and hands it to then, which closes it; err is why it
	// could not be opened.
	Open(exts []string, then func(r fyne.URIReadCloser, err error))
	// Save asks where to save a file named name and hands its path to
	// then; the caller writes the file itself.
	Save(name string, then func(path string))
}

// fyneFiles is the real FileDialogs: Fyne's dialogs in the window, closed
// by a lock like every dialog.
type fyneFiles struct{ g *gui }

func (f fyneFiles) Open(exts []string, then func(r fyne.URIReadCloser, err error)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if r == nil && err == nil {
			return // cancelled
		}
		then(r, err)
	}, f.g.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	f.g.show(d)
}

func (f fyneFiles) Save(name string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			f.g.showError(lang.L("Cannot save there"), err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		// The file is written anew, readable by its owner only.
		w.Close()
		then(path)
	}, f.g.win)
	d.SetFileName(name)
	f.g.show(d)
}
