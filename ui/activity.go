package ui

import (
	"time"

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

// idleTimer measures the time since the last activity on two clocks:
// the app's (time.Now, whose monotonic reading Go compares by), which on
// Linux stops while the machine is suspended, and the wall clock, which
// does not. The idle time is the larger of the two, so a laptop resumed
// hours later locks at once, and a wall clock set back cannot keep the
// vault open either.
type idleTimer struct {
	now  func() time.Time // the app's clock
	wall func() time.Time // the wall clock, without a monotonic reading
	// The last activity on each clock.
	lastNow, lastWall time.Time
}

func newIdleTimer(now func() time.Time) idleTimer {
	return idleTimer{now: now, wall: func() time.Time { return now().Round(0) }}
}

// touch records activity now.
func (t *idleTimer) touch() { t.lastNow, t.lastWall = t.now(), t.wall() }

// since is the time since the last activity.
func (t *idleTimer) since() time.Duration {
	return max(t.now().Sub(t.lastNow), t.wall().Sub(t.lastWall))
}
