package testtool

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// PNGHeader builds a PNG that announces w×h RGBA pixels but holds no pixel
// data: a few dozen bytes that would take gigabytes once decoded, for
// tests that an image is refused from its header.
func PNGHeader(w, h uint32) []byte {
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
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", nil)
	chunk("IEND", nil)
	return buf.Bytes()
}
