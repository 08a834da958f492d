// Package assets holds the files embedded in the Twofold binary: the app
// icon (512x512 PNG, two interlocked rings for two factors; the Makefile's
// icon target redraws it with ImageMagick).
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app icon, for the window, the tray and the packages.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
