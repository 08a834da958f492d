package transfer

import (
	"bytes"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// Contents is what one import input holds: seeds ready to add, Google
// transfer codes kept apart as batches (the other codes of their export
// may come in another input; JoinBatches joins what has come), and the
// entries that could not be taken, each with where it is and why.
type Contents struct {
	Format  Format
	Seeds   []token.Seed
	Batches []Batch
	Unread  []Unread
	// Notes are what the input kept beside some seeds (Ente's notes and
	// tags) that a seed has no field for.
	Notes []Note
	// Encrypted says the input was encrypted (its passphrase was asked).
	Encrypted bool
}

// Read detects the format of content and reads it. It takes every entry
// it can and lists the others in Unread; it fails only for content that
// cannot be read at all (an unknown format, a wrong passphrase, a damaged
// or hostile file), and then returns nothing. Images are read too (every
// QR code in them), and Google transfer codes are left as batches, so
// that an export of three codes can come as three files, screenshots or
// pastes.
func Read(content []byte, passphrase Passphrase) (Contents, error) {
	f, err := Detect(content)
	if err != nil {
		return Contents{}, err
	}
	if f != FormatImage {
		c, err := parseFormat(f, content, passphrase)
		if err != nil {
			return Contents{}, err
		}
		return c, nil
	}
	texts, err := qr.DecodeAll(bytes.NewReader(content))
	if err != nil {
		return Contents{}, err
	}
	c := ParseCodes(texts)
	c.Format = FormatImage
	return c, nil
}

// ParseCodes reads the texts of QR codes (found in an image or on the
// screen) or pasted links: each an otpauth:// link or a Google transfer
// link. A text that is neither, or does not parse, is left out and named
// in Unread by its place ("QR code 2"). The transfer codes come back as
// batches, not joined.
func ParseCodes(texts []string) Contents {
	var c Contents
	for i, text := range texts {
		c.addLink(PlaceQRCode, i+1, text)
	}
	return c
}

// addLink reads one otpauth:// link (a seed) or otpauth-migration://
// link (a batch) found at place pos, or names it in Unread.
func (c *Contents) addLink(place Place, pos int, text string) {
	text = strings.TrimSpace(text)
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "otpauth-migration:"):
		b, err := ParseMigration(text)
		if err != nil {
			c.Unread = append(c.Unread, Unread{Place: place, Position: pos, Reason: reasonOf(err), Err: err})
			return
		}
		for _, u := range b.Unread {
			u.Place, u.Position = place, pos
			c.Unread = append(c.Unread, u)
		}
		b.Unread = nil
		c.Batches = append(c.Batches, b)
	case strings.HasPrefix(lower, "otpauth:"):
		s, err := token.ParseURI(text)
		n := len(c.Seeds)
		c.takeSeed(place, pos, s, err)
		if note, ok := enteCodeDisplay(text); ok && len(c.Seeds) > n {
			note.Seed = n
			c.Notes = append(c.Notes, note)
		}
	default:
		c.Unread = append(c.Unread, Unread{Place: place, Position: pos, Reason: ReasonNotOTP, Err: errNotOTP})
	}
}
