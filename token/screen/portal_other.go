//go:build !linux

package screen

import "image"

// usePortal is false: outside Linux the screen is read directly.
func usePortal() bool { return false }

func capturePortal() (image.Image, error) { return nil, ErrNoDisplay }

func quietX11() {}
