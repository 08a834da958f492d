package transfer

import (
	"bytes"
	"errors"
	"fmt"
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

// ReadEntries detects the format of content and reads it. It takes every
// entry it can and lists the others in Unread; it fails only for content
// that cannot be read at all (an unknown format, a wrong passphrase, a
// damaged or hostile file), and then returns nothing. Images are read too
// (every QR code in them), and Google transfer codes are left as batches,
// so that an export of three codes can come as three files, screenshots
// or pastes.
func ReadEntries(content []byte, passphrase Passphrase) (Contents, error) {
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

// Read is ReadEntries for a caller that takes whole files only: an entry
// that cannot be taken fails the whole, as an UnreadError naming the
// first one. (The app's import page reads this way until it previews the
// entries it could not read.)
func Read(content []byte, passphrase Passphrase) (Contents, error) {
	c, err := ReadEntries(content, passphrase)
	if err != nil {
		return Contents{}, err
	}
	if len(c.Unread) > 0 {
		return Contents{}, UnreadError{c.Unread[0]}
	}
	return c, nil
}

// UnreadError is an entry that Read could not take, for a caller that
// takes whole files only. Unwrap gives the entry's own error.
type UnreadError struct{ Unread Unread }

func (e UnreadError) Error() string {
	where := fmt.Sprintf("%s %d", placeNames[e.Unread.Place], e.Unread.Position)
	if e.Unread.Within > 0 {
		where += fmt.Sprintf(", seed %d", e.Unread.Within)
	}
	return fmt.Sprintf("%s: %v", where, e.Unread.Err)
}

func (e UnreadError) Unwrap() error { return e.Unread.Err }

// placeNames name a Place in an UnreadError.
var placeNames = map[Place]string{PlaceEntry: "entry", PlaceLine: "line", PlaceQRCode: "QR code"}

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

// errAsked stops a read at its passphrase question (NeedsPassphrase).
var errAsked = errors.New("passphrase asked")

// NeedsPassphrase reports whether reading content will ask for a
// passphrase, so that a front end can ask before it reads. Every reader
// asks before its key derivation, so this costs no KDF work.
func NeedsPassphrase(content []byte) bool {
	if f, err := Detect(content); err != nil || f == FormatImage {
		return false
	}
	_, err := ReadEntries(content, func() (string, error) { return "", errAsked })
	return errors.Is(err, errAsked)
}
