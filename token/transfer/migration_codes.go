package transfer

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// NewBatchID is a random export ID, as Google's app gives each export.
func NewBatchID() int32 {
	var id [4]byte
	rand.Read(id[:])
	return int32(binary.BigEndian.Uint32(id[:]) & 0x7fffffff)
}

// MigrationCode is one rendered transfer code and the seeds it holds, as
// given (IDs included), so that a caller can ask about each one after the
// phone scanned the code.
type MigrationCode struct {
	PNG   []byte
	Seeds []token.Seed
}

// MigrationCodes renders seeds as Google Authenticator transfer QR codes,
// PNGs of size×size pixels in export order, and reads each one back with
// Twofold's own decoder, so that a code it would not read is never handed
// out. The batch ID changes the bits of every code: when one does not read
// back, another ID is tried. Seeds the format cannot hold are left out and
// returned as refusals; with none left there are no codes and no error.
func MigrationCodes(seeds []token.Seed, size int) ([]MigrationCode, []Refusal, error) {
	const attempts = 5
	parts, refused := splitMigration(seeds)
	for range attempts {
		links := encodeParts(parts, NewBatchID())
		var codes []MigrationCode
		for i, l := range links {
			png, err := qr.PNG(l, size)
			if err != nil {
				return nil, refused, err
			}
			if back, err := qr.Decode(bytes.NewReader(png)); err != nil || back != l {
				break
			}
			codes = append(codes, MigrationCode{PNG: png, Seeds: parts[i]})
		}
		if len(codes) == len(links) {
			return codes, refused, nil
		}
	}
	return nil, nil, fmt.Errorf("the transfer codes did not read back after %d attempts", attempts)
}
