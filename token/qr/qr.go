// Package qr turns seeds into backup QR codes and QR images back into
// otpauth:// URIs.
//
// A backup QR is the whole secret: anyone who photographs it can make
// codes forever. Callers show it only when the user asks and after saying
// so; this package never writes one anywhere by itself.
package qr

import (
	"fmt"
	"image"
	"io"

	"github.com/skip2/go-qrcode"
)

// recovery is the error-correction level of backup QR codes. Medium (15%)
// keeps the module count low, so a phone reads a screen from further away,
// while still forgiving a glare spot.
const recovery = qrcode.Medium

// PNG renders content as a black-on-white PNG of size×size pixels with
// the quiet zone phone cameras need.
func PNG(content string, size int) ([]byte, error) {
	b, err := qrcode.Encode(content, recovery, size)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code: %w", err)
	}
	return b, nil
}

// Image renders content as an image for on-screen display.
func Image(content string, size int) (image.Image, error) {
	q, err := qrcode.New(content, recovery)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code: %w", err)
	}
	return q.Image(size), nil
}

// Terminal renders content with Unicode half blocks, two modules per
// character cell, dark on light as a phone expects.
func Terminal(content string) (string, error) {
	q, err := qrcode.New(content, recovery)
	if err != nil {
		return "", fmt.Errorf("encoding QR code: %w", err)
	}
	return q.ToSmallString(false), nil
}

// Decode reads the first QR code in an image file (PNG or JPEG). Where an
// image holds several, which one is first is unspecified; DecodeAll reads
// them all.
func Decode(r io.Reader) (string, error) {
	texts, err := DecodeAll(r)
	if err != nil {
		return "", err
	}
	return texts[0], nil
}
