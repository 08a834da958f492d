package transfer

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// Contents is what one import input holds: seeds ready to add, and Google
// transfer codes kept apart as batches, since the other codes of their
// export may arrive in another input (GatherBatches joins them).
type Contents struct {
	Format  Format
	Seeds   []token.Seed
	Batches []Batch
}

// Read detects the format of content and reads it, all or nothing. Unlike
// Parse it reads images too (every QR code in them), and it leaves Google
// transfer codes as batches, so that an export of three codes can come as
// three files, screenshots or pastes.
func Read(content []byte, passphrase Passphrase) (Contents, error) {
	f, err := Detect(content)
	if err != nil {
		return Contents{}, err
	}
	c := Contents{Format: f}
	switch f {
	case FormatImage:
		texts, err := qr.DecodeAll(bytes.NewReader(content))
		if err != nil {
			return Contents{}, err
		}
		c.Seeds, c.Batches, err = ParseCodes(texts)
		if err != nil {
			return Contents{}, err
		}
	case FormatURIs:
		c.Seeds, c.Batches, err = parseLinkLines(content)
		if err != nil {
			return Contents{}, err
		}
	default:
		c.Seeds, err = parseFormat(f, content, passphrase)
		if err != nil {
			return Contents{}, err
		}
	}
	return c, nil
}

// ParseCodes reads the texts of QR codes (found in an image or on the
// screen) or pasted links: each an otpauth:// link or a Google transfer
// link. It is all or nothing: the first text that is neither fails the
// whole set, and the error names it ("QR code 2 of 3: ..."). The transfer
// codes come back as batches, not joined.
func ParseCodes(texts []string) ([]token.Seed, []Batch, error) {
	var seeds []token.Seed
	var batches []Batch
	for i, text := range texts {
		s, b, isBatch, err := parseLink(text)
		if err != nil {
			return nil, nil, fmt.Errorf("QR code %d of %d: %w", i+1, len(texts), err)
		}
		if isBatch {
			batches = append(batches, b)
		} else {
			seeds = append(seeds, s)
		}
	}
	return seeds, batches, nil
}

// parseLink reads one otpauth:// link (a seed) or otpauth-migration://
// link (a batch, isBatch).
func parseLink(text string) (s token.Seed, b Batch, isBatch bool, err error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(strings.ToLower(text), "otpauth-migration:") {
		b, err = ParseMigration(text)
		return token.Seed{}, b, true, err
	}
	s, err = token.ParseURI(text)
	return s, Batch{}, false, err
}
