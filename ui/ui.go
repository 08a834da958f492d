// Package ui is Twofold's desktop app, built with Fyne. Each screen is an
// unexported struct holding its widgets, built by newXxxScreen; the
// domain logic stays in token/... and this package only shows it.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Options is what the command line hands to the app.
type Options struct {
	VaultPath string
}

// Run opens the main window and blocks until the app quits.
func Run(a fyne.App, opts Options) {
	w := a.NewWindow("Twofold")
	w.SetContent(container.NewCenter(widget.NewLabel("Twofold: vault " + opts.VaultPath)))
	w.Resize(fyne.NewSize(480, 640))
	w.ShowAndRun()
}
