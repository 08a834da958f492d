package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// activityCatcher puts content over a background that notices the mouse
// moving, so that reading codes without clicking still counts as using
// the app for the idle lock. The background sits under the content: it
// takes no taps and steals no hover from the widgets above it.
func activityCatcher(g *gui, content fyne.CanvasObject) fyne.CanvasObject {
	bg := &activityBackground{touch: g.touch}
	bg.ExtendBaseWidget(bg)
	return container.NewStack(bg, content)
}

type activityBackground struct {
	widget.BaseWidget
	touch func()
}

var _ desktop.Hoverable = (*activityBackground)(nil)

func (b *activityBackground) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

func (b *activityBackground) MouseIn(*desktop.MouseEvent)    { b.touch() }
func (b *activityBackground) MouseMoved(*desktop.MouseEvent) { b.touch() }
func (b *activityBackground) MouseOut()                      {}
