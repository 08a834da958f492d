package qr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

// pngHeader is a PNG signature and IHDR of the given size, bit depth and
// colour type, with an empty IDAT: enough for the header checks.
func pngHeader(w, h uint32, depth, colorType byte) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&buf, binary.BigEndian, uint32(len(data)))
		body := append([]byte(kind), data...)
		buf.Write(body)
		binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(body))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr)
	chunk("IDAT", nil)
	chunk("IEND", nil)
	return buf.Bytes()
}

// jpegHeader is a JPEG's SOI, an APP14 Adobe marker (so that four
// components read as CMYK), and a start of frame (sof: 0xc0 baseline,
// 0xc2 progressive) of the given size and components, byte by byte from
// ITU T.81 B.2.2, and the header of a scan without its data.
func jpegHeader(sof byte, w, h uint16, components byte) []byte {
	b := []byte{0xff, 0xd8}
	b = append(b, 0xff, 0xee, 0x00, 0x0e, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0) // transform 0: CMYK
	frame := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), components}
	for c := range components {
		frame = append(frame, c+1, 0x11, 0)
	}
	b = append(b, 0xff, sof)
	b = binary.BigEndian.AppendUint16(b, uint16(len(frame)+2))
	b = append(b, frame...)
	// A start of scan for the first component (the DC scan), and no data:
	// the decoder reads the header of a CMYK image up to here.
	return append(b, 0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 0, 0, 0xff, 0xd9)
}

// TestDecodedBytesBounded: images under MaxPixels whose decoded form is
// large (16 bits a channel, a progressive CMYK JPEG's coefficients) are
// refused from their header; the same sizes in light forms go on to the
// decoder.
func TestDecodedBytesBounded(t *testing.T) {
	for _, c := range []struct {
		name    string
		file    []byte
		refused bool
	}{
		{"16-bit RGBA PNG, 25 megapixels", pngHeader(5000, 5000, 16, 6), true},
		{"16-bit gray PNG, 25 megapixels", pngHeader(5000, 5000, 16, 0), false},
		{"8-bit gray PNG, 49 megapixels", pngHeader(7000, 7000, 8, 0), false},
		{"progressive CMYK JPEG, 16 megapixels", jpegHeader(0xc2, 4000, 4000, 4), true},
		{"baseline CMYK JPEG, 16 megapixels", jpegHeader(0xc0, 4000, 4000, 4), false},
		{"progressive gray JPEG, 16 megapixels", jpegHeader(0xc2, 4000, 4000, 1), false},
	} {
		_, err := DecodeAll(bytes.NewReader(c.file))
		if err == nil {
			t.Fatalf("%s: no error from a header without pixels", c.name)
		}
		if got := errors.Is(err, ErrImageTooLarge); got != c.refused {
			t.Errorf("%s: %v (refused as too large: %v, want %v)", c.name, err, got, c.refused)
		}
	}
}
