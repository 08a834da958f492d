package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // QR images arrive as screenshots and photos
	_ "image/png"
	"io"
)

// Limits on what the decoder accepts. An image file is untrusted input: a
// PNG of a few hundred bytes can announce 20000×20000 pixels, which would
// take gigabytes once decoded. The header is read first and such images are
// refused before any pixel is decoded.
const (
	// MaxPixels bounds width×height: 50 megapixels is far beyond any
	// screen (an 8K display is 33) or phone photo a QR arrives in.
	MaxPixels = 50_000_000
	// MaxFileBytes bounds how much of an image file is read.
	MaxFileBytes = 64 << 20
)

var (
	// ErrNoCode is returned when an image holds no readable QR code.
	ErrNoCode = errors.New("no QR code found in the image")
	// ErrImageTooLarge is returned for an image file or an image beyond
	// MaxFileBytes or MaxPixels.
	ErrImageTooLarge = errors.New("image too large")
)

// DecodeAll reads every QR code in an image file (PNG or JPEG), in the
// order the decoder finds them, each text once. It reads at most
// MaxFileBytes and refuses, from the header alone, an image of more than
// MaxPixels or one whose decoding would take more than MaxDecodedBytes
// (its colour model and bit depth, a progressive JPEG's coefficients).
func DecodeAll(r io.Reader) ([]string, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading image: %w", err)
	}
	if len(raw) > MaxFileBytes {
		return nil, fmt.Errorf("%w: file beyond %d MiB", ErrImageTooLarge, MaxFileBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("reading image header: %w", err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	if err := checkDecodedBytes(raw, cfg, format); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("reading image: %w", err)
	}
	return DecodeImage(img)
}

// DecodeImage reads every QR code in img, each text once. It looks at the
// image as it is first and, where that finds nothing, in a bounded list of
// other ways (see views), stopping at the first that reads a code.
func DecodeImage(img image.Image) ([]string, error) {
	size := img.Bounds().Size()
	if err := checkSize(size.X, size.Y); err != nil {
		return nil, err
	}
	texts, _ := search(luminance(img))
	if len(texts) == 0 {
		return nil, ErrNoCode
	}
	return texts, nil
}

func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("reading image: empty image of %d×%d pixels", w, h)
	}
	if int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("%w: %d×%d pixels, the limit is %d megapixels", ErrImageTooLarge, w, h, MaxPixels/1_000_000)
	}
	return nil
}
