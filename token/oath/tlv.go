package oath

import (
	"errors"
	"fmt"
)

var errMalformed = errors.New("malformed OATH response")

// tlv is one tag-length-value item of the OATH data (one-byte tags,
// BER lengths up to 0xFFFF).
type tlv struct {
	tag   byte
	value []byte
}

func appendTLV(b []byte, tag byte, value []byte) []byte {
	b = append(b, tag)
	switch n := len(value); {
	case n < 0x80:
		b = append(b, byte(n))
	case n <= 0xFF:
		b = append(b, 0x81, byte(n))
	default:
		b = append(b, 0x82, byte(n>>8), byte(n))
	}
	return append(b, value...)
}

func parseTLVs(b []byte) ([]tlv, error) {
	var out []tlv
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, errMalformed
		}
		tag, n, rest := b[0], int(b[1]), b[2:]
		switch b[1] {
		case 0x81:
			if len(rest) < 1 {
				return nil, errMalformed
			}
			n, rest = int(rest[0]), rest[1:]
		case 0x82:
			if len(rest) < 2 {
				return nil, errMalformed
			}
			n, rest = int(rest[0])<<8|int(rest[1]), rest[2:]
		}
		if n > len(rest) {
			return nil, fmt.Errorf("%w: tag %02x wants %d bytes, %d left", errMalformed, tag, n, len(rest))
		}
		out = append(out, tlv{tag: tag, value: rest[:n]})
		b = rest[n:]
	}
	return out, nil
}

func find(items []tlv, tag byte) ([]byte, bool) {
	for _, it := range items {
		if it.tag == tag {
			return it.value, true
		}
	}
	return nil, false
}
