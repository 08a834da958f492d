// Command barewindow opens an empty Fyne window with one label and does
// nothing else. scripts/bench-gui.sh measures it next to Twofold, so that
// Twofold's start time, memory and idle CPU read as ratios to the least
// any Fyne app costs on the same machine.
//
// With -tick the label changes once a second, as a countdown does: the
// least any Fyne app costs that must redraw once a second, which is what
// Twofold's codes screen does while it idles.
package main

import (
	"flag"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	tick := flag.Bool("tick", false, "change the label once a second")
	flag.Parse()
	a := app.NewWithID("io.github.twofoldmfa.barewindow")
	w := a.NewWindow("Bare window")
	label := widget.NewLabel("Hello")
	w.SetContent(label)
	w.Resize(fyne.NewSize(560, 720))
	if *tick {
		go func() {
			for t := range time.Tick(time.Second) {
				text := fmt.Sprintf("Hello %2d s", 30-t.Unix()%30)
				fyne.Do(func() { label.SetText(text) })
			}
		}()
	}
	w.ShowAndRun()
}
