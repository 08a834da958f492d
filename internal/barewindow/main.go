// Command barewindow opens an empty Fyne window with one label and does
// nothing else. scripts/bench-gui.sh measures it next to Twofold, so that
// Twofold's start time, memory and idle CPU read as ratios to the least
// any Fyne app costs on the same machine.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.twofoldmfa.barewindow")
	w := a.NewWindow("Bare window")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(560, 720))
	w.ShowAndRun()
}
