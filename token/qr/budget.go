package qr

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
)

// MaxDecodedBytes bounds the memory an image file takes once decoded and
// searched for codes, estimated from its header before any pixel is
// decoded. The pixel count alone says too little: a 16-bit RGBA PNG
// takes eight bytes a pixel, and a progressive JPEG keeps every DCT
// coefficient (four bytes a pixel for each colour component) on top of
// its pixels, so a file of a few hundred kilobytes under MaxPixels could
// take more than a gigabyte. 192 MiB keeps a whole import, with the
// vault's key derivation, under 300 MB; it admits an 8-bit RGBA image of
// about 28 megapixels (a 6K screen), a baseline 4:2:0 JPEG of the 50
// megapixel limit, a progressive one of about 22.
const MaxDecodedBytes = 192 << 20

// searchBytesPerPixel is what finding the codes adds to the decoded
// image: the brightness plane, the detector's copy of it and its bit
// matrix.
const searchBytesPerPixel = 3

// decodedBytes estimates the memory that decoding an image of the given
// header and searching it take: width×height times the bytes a pixel of
// the decoded form holds (by its colour model), a progressive JPEG's
// coefficient buffers, and the search's own planes.
func decodedBytes(raw []byte, cfg image.Config, format string) int64 {
	perPixel := float64(bytesPerPixel(cfg.ColorModel)) + searchBytesPerPixel
	if format == "jpeg" {
		progressive, planes := jpegFrame(raw)
		if cfg.ColorModel == color.YCbCrModel {
			perPixel = planes + searchBytesPerPixel // Y and its subsampled chroma
		}
		if progressive {
			perPixel += 4 * planes // one int32 per coefficient
		}
	}
	return int64(float64(int64(cfg.Width)*int64(cfg.Height)) * perPixel)
}

// bytesPerPixel is the size of one pixel of the image the standard
// decoders return for a colour model (unknown models count as the
// largest, 16-bit RGBA).
func bytesPerPixel(m color.Model) int {
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4, the most a JPEG's planes take
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// jpegFrame reads a JPEG's markers up to its start of frame and reports
// whether it is progressive (SOF2, SOF6, SOF10, SOF14) and its planes:
// the samples its components hold for each pixel (3 for 4:4:4 colour,
// 1.5 for 4:2:0, 4 for CMYK). Anything it cannot follow counts as
// progressive with four full planes, the costliest case.
func jpegFrame(raw []byte) (progressive bool, planes float64) {
	i := 2 // after SOI
	for i+4 <= len(raw) {
		if raw[i] != 0xff {
			break
		}
		marker := raw[i+1]
		switch {
		case marker == 0xff: // fill byte
			i++
			continue
		case marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8):
			i += 2
			continue
		}
		length := int(binary.BigEndian.Uint16(raw[i+2:]))
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			if p, ok := framePlanes(raw[i+4:]); ok {
				return marker&0x03 == 0x02, p
			}
			break
		}
		i += 2 + length
	}
	return true, 4
}

// framePlanes reads a start of frame's components (ITU T.81 B.2.2: P,
// Y, X, Nf, then Nf times C, Hi|Vi, Tq) into the samples per pixel.
func framePlanes(frame []byte) (float64, bool) {
	if len(frame) < 6 {
		return 0, false
	}
	n := int(frame[5])
	if n == 0 || len(frame) < 6+3*n {
		return 0, false
	}
	var hMax, vMax int
	for c := range n {
		f := frame[6+3*c+1]
		hMax, vMax = max(hMax, int(f>>4)), max(vMax, int(f&0x0f))
	}
	if hMax == 0 || vMax == 0 {
		return 0, false
	}
	planes := 0.0
	for c := range n {
		f := frame[6+3*c+1]
		planes += float64(int(f>>4)*int(f&0x0f)) / float64(hMax*vMax)
	}
	return planes, true
}

// checkDecodedBytes refuses an image whose decoding would take more than
// MaxDecodedBytes.
func checkDecodedBytes(raw []byte, cfg image.Config, format string) error {
	if n := decodedBytes(raw, cfg, format); n > MaxDecodedBytes {
		return fmt.Errorf("%w: %d×%d pixels would take %d MiB once decoded, the limit is %d MiB",
			ErrImageTooLarge, cfg.Width, cfg.Height, n>>20, MaxDecodedBytes>>20)
	}
	return nil
}
