package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/twofoldmfa/twofold/token"
)

// Format is a kind of import file.
type Format string

// The formats Detect knows.
const (
	FormatURIs   Format = "uris"  // otpauth:// and otpauth-migration:// links, one a line
	FormatAegis  Format = "aegis" // Aegis JSON export
	FormatTwoFAS Format = "2fas"  // 2FAS backup
	FormatImage  Format = "image" // PNG or JPEG; its QR codes are read by the caller
)

// MaxFileSize bounds an import file: real exports of thousands of seeds
// are a few megabytes, so anything larger is refused before it is read.
const MaxFileSize = 16 << 20

// ErrUnknownFormat is returned for content no importer recognises.
var ErrUnknownFormat = errors.New("not a format Twofold can import (otpauth links, Google transfer, Aegis, 2FAS, Twofold backup, or a QR image)")

// ErrTooLarge is returned by ReadLimited for input over MaxFileSize.
var ErrTooLarge = fmt.Errorf("larger than %d MiB, too large for an export", MaxFileSize>>20)

// ReadLimited reads r whole unless it is larger than MaxFileSize, in which
// case it stops one byte past the limit and returns ErrTooLarge.
func ReadLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, ErrTooLarge
	}
	return b, nil
}

// Detect chooses the format from the content, never from a file name.
func Detect(content []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(content, []byte(ageMagic)):
		return FormatBackup, nil
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(content, []byte("\xff\xd8\xff")):
		return FormatImage, nil
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")))
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var probe struct {
			Header            json.RawMessage `json:"header"`
			DB                json.RawMessage `json:"db"`
			Services          json.RawMessage `json:"services"`
			ServicesEncrypted json.RawMessage `json:"servicesEncrypted"`
		}
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return "", fmt.Errorf("%w: a JSON file that does not parse (%v)", ErrUnknownFormat, jsonError(err))
		}
		switch {
		case probe.DB != nil && probe.Header != nil:
			return FormatAegis, nil
		case probe.Services != nil || probe.ServicesEncrypted != nil:
			return FormatTwoFAS, nil
		}
		return "", ErrUnknownFormat
	}
	for line := range bytes.Lines(trimmed) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		lower := bytes.ToLower(line)
		if bytes.HasPrefix(lower, []byte("otpauth://")) || bytes.HasPrefix(lower, []byte("otpauth-migration://")) {
			return FormatURIs, nil
		}
		break
	}
	return "", ErrUnknownFormat
}

// Parse detects the format of content and reads its seeds, all or
// nothing. Images are not read here (they need a QR decoder): Parse
// returns FormatImage and no seeds for them.
func Parse(content []byte, passphrase Passphrase) ([]token.Seed, Format, error) {
	f, err := Detect(content)
	if err != nil {
		return nil, "", err
	}
	seeds, err := parseFormat(f, content, passphrase)
	return seeds, f, err
}

// parseFormat reads content of a known format other than an image.
func parseFormat(f Format, content []byte, passphrase Passphrase) (seeds []token.Seed, err error) {
	switch f {
	case FormatURIs:
		seeds, err = ParseURIList(content)
	case FormatAegis:
		seeds, err = ParseAegis(content, passphrase)
	case FormatTwoFAS:
		seeds, err = ParseTwoFAS(content, passphrase)
	case FormatBackup:
		seeds, err = ParseBackup(content, passphrase)
	}
	return seeds, err
}
