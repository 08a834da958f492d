package transfer

import (
	"errors"
	"image"
	"slices"
	"strings"

	"github.com/twofoldmfa/twofold/token/qr"
)

// ErrNoCodeOnScreen is screenshots holding no QR code of an OTP link.
var ErrNoCodeOnScreen = errors.New("no OTP QR code found on the screen")

// ReadScreenshots reads the QR codes on screenshots of every monitor, each
// text once. A screen often shows other QR codes too (a web page's own,
// say): codes that are no OTP link are left alone and counted in ignored;
// a malformed OTP link fails the read as in a file (ReadScreenshotEntries
// names it instead). Google transfer codes come back as batches, as Read
// leaves them.
func ReadScreenshots(shots []image.Image) (c Contents, ignored int, err error) {
	c, ignored, err = ReadScreenshotEntries(shots)
	if err == nil && len(c.Unread) > 0 {
		return Contents{}, ignored, UnreadError{c.Unread[0]}
	}
	return c, ignored, err
}

// ReadScreenshotEntries is ReadScreenshots that takes every code it can
// and names the others in Unread.
func ReadScreenshotEntries(shots []image.Image) (c Contents, ignored int, err error) {
	var texts []string
	for _, shot := range shots {
		found, err := qr.DecodeImage(shot)
		if errors.Is(err, qr.ErrNoCode) {
			continue
		}
		if err != nil {
			return Contents{}, 0, err
		}
		for _, text := range found {
			switch {
			case slices.Contains(texts, text):
			case strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), "otpauth"):
				texts = append(texts, text)
			default:
				ignored++
			}
		}
	}
	if len(texts) == 0 {
		return Contents{}, ignored, ErrNoCodeOnScreen
	}
	c = ParseCodes(texts)
	c.Format = FormatImage
	return c, ignored, nil
}
