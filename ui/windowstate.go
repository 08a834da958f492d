package ui

import "github.com/go-gl/glfw/v3.3/glfw"

// The window's state, for the ticker's rate (lifecycle.go): whether it
// has the focus and whether it is minimized. Fyne tells the first
// through the app's lifecycle (the app enters the foreground when its
// window gains the focus, leaves it when the focus goes elsewhere); it
// has no event for minimizing, which GLFW, Fyne's desktop driver, has.

// watchLifecycle follows the focus through the app's lifecycle.
func (g *gui) watchLifecycle() {
	lc := g.app.Lifecycle()
	lc.SetOnEnteredForeground(func() { g.setFocused(true) })
	lc.SetOnExitedForeground(func() { g.setFocused(false) })
}

// glContextWindow is a window of Fyne's desktop driver, which can run
// code with its GL context current (so glfw.GetCurrentContext is its
// GLFW window). The test driver's windows are not.
type glContextWindow interface {
	RunWithContext(func())
}

// watchWindow asks GLFW to say when the window is minimized or restored.
// It is called on the UI goroutine (the driver's main thread) once the
// window is on screen (the first change of focus or tick), and does its
// work once.
func (g *gui) watchWindow() {
	if g.watchingWindow {
		return
	}
	w, ok := g.win.(glContextWindow)
	if !ok {
		return
	}
	g.watchingWindow = true
	w.RunWithContext(func() {
		v := glfw.GetCurrentContext()
		if v == nil {
			return
		}
		// Fyne sets no iconify callback of its own. GLFW calls this
		// while the driver polls its events, on the main thread.
		v.SetIconifyCallback(func(_ *glfw.Window, iconified bool) {
			g.setMinimized(iconified)
		})
	})
}
