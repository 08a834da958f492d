package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/twofoldmfa/twofold/token"
)

// Format is a kind of import file.
type Format string

// The formats Detect knows (FormatBackup is in backup.go).
const (
	FormatURIs      Format = "uris"                 // otpauth:// and otpauth-migration:// links, one a line (WinAuth's export too)
	FormatAegis     Format = "aegis"                // Aegis JSON export
	FormatTwoFAS    Format = "2fas"                 // 2FAS backup
	FormatImage     Format = "image"                // PNG or JPEG; its QR codes are read by Read
	FormatAndOTP    Format = "andotp"               // andOTP JSON backup, plain or encrypted
	FormatBitwarden Format = "bitwarden"            // Bitwarden JSON (plain or password-protected) or CSV export
	FormatProton    Format = "proton_authenticator" // Proton Authenticator export, plain or encrypted
	FormatFreeOTP   Format = "freeotp_plus"         // FreeOTP+ JSON export
	FormatLastPass  Format = "lastpass"             // LastPass Authenticator JSON export
	FormatAuthPro   Format = "authenticator_pro"    // Authenticator Pro (Stratum) backup, plain or encrypted
	FormatSteam     Format = "steam_mafile"         // a Steam Guard maFile (Steam Desktop Authenticator)
)

// MaxFileSize bounds an import file: real exports of thousands of seeds
// are a few megabytes, so anything larger is refused before it is read.
const MaxFileSize = 16 << 20

// ErrUnknownFormat is returned for content no importer recognises.
var ErrUnknownFormat = errors.New("not a format Twofold can import (otpauth links, Google transfer, Aegis, 2FAS, andOTP, Bitwarden, Proton Authenticator or Pass, FreeOTP or FreeOTP+, LastPass, Authy, Authenticator Pro, Ente, KeePass KDBX 4, Steam maFile, Google or Microsoft Authenticator's database, Twofold backup, or a QR image)")

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

// reader reads one format. It fails only for content that cannot be
// read at all; an entry it cannot take goes into Contents.Unread.
type reader func(content []byte, passphrase Passphrase) (Contents, error)

// readers are the formats Read dispatches to (images apart).
var readers = map[Format]reader{
	FormatURIs:        readURIList,
	FormatAegis:       ParseAegis,
	FormatTwoFAS:      ParseTwoFAS,
	FormatBackup:      readBackup,
	FormatAndOTP:      ParseAndOTP,
	FormatBitwarden:   ParseBitwarden,
	FormatProton:      ParseProton,
	FormatFreeOTP:     ParseFreeOTP,
	FormatLastPass:    ParseLastPass,
	FormatAuthPro:     ParseAuthPro,
	FormatSteam:       ParseSteam,
	FormatEnte:        ParseEnte,
	FormatKeePass:     ParseKeePass,
	FormatGoogleDB:    ParseGoogleDB,
	FormatMicrosoftDB: ParseMicrosoftDB,
	FormatFreeOTPXML:  ParseFreeOTPXML,
	FormatAuthy:       ParseAuthy,
}

// jsonObjectFormats tells the JSON exports apart by their top-level keys,
// first match wins.
var jsonObjectFormats = []struct {
	format Format
	match  func(has func(string) bool) bool
}{
	{FormatAegis, func(has func(string) bool) bool { return has("header") && has("db") }},
	{FormatTwoFAS, func(has func(string) bool) bool { return has("services") || has("servicesEncrypted") }},
	{FormatBitwarden, func(has func(string) bool) bool {
		return has("items") || has("encKeyValidation_DO_NOT_EDIT") || has("passwordProtected")
	}},
	{FormatProton, func(has func(string) bool) bool {
		return has("version") && (has("entries") || (has("salt") && has("content")))
	}},
	{FormatAuthPro, func(has func(string) bool) bool { return has("Authenticators") }},
	{FormatFreeOTP, func(has func(string) bool) bool { return has("tokens") }},
	{FormatLastPass, func(has func(string) bool) bool { return has("accounts") }},
	{FormatSteam, func(has func(string) bool) bool { return has("shared_secret") }},
	{FormatEnte, func(has func(string) bool) bool { return has("kdfParams") && has("encryptedData") }},
}

// Detect chooses the format from the content, never from a file name.
func Detect(content []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(content, []byte(ageMagic)):
		return FormatBackup, nil
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(content, []byte("\xff\xd8\xff")):
		return FormatImage, nil
	case bytes.HasPrefix(content, []byte(authProMagic)), bytes.HasPrefix(content, []byte(authProLegacyMagic)):
		return FormatAuthPro, nil
	case bytes.HasPrefix(content, kdbxMagic):
		return FormatKeePass, nil
	case isSQLite(content):
		return detectSQLite(content)
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		return FormatProton, nil // Proton Pass's zip; ParseProton looks inside
	}
	trimmed := trimJSON(content)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && utf8.Valid(trimmed) {
		return detectJSON(trimmed)
	}
	if !utf8.Valid(content) || bytes.IndexByte(content, 0) >= 0 {
		// andOTP's encrypted backup has no magic: it is the one binary
		// format left. Its reader tells a damaged file apart.
		if len(content) >= gcmNonceBytes+gcmTagBytes {
			return FormatAndOTP, nil
		}
		return "", ErrUnknownFormat
	}
	if f, ok := detectAndroidPrefs(content); ok {
		return f, nil
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
		if isBitwardenCSVHeader(line) {
			return FormatBitwarden, nil
		}
		break
	}
	return "", ErrUnknownFormat
}

// trimJSON takes a byte order mark and white space off a text file.
func trimJSON(content []byte) []byte {
	return bytes.TrimSpace(bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")))
}

func detectJSON(trimmed []byte) (Format, error) {
	if len(trimmed) == 0 {
		return "", ErrUnknownFormat
	}
	if trimmed[0] == '[' {
		// andOTP's plain backup is the one export that is a bare array.
		var probe []map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return "", fmt.Errorf("%w: a JSON file that does not parse (%v)", ErrUnknownFormat, jsonError(err))
		}
		if len(probe) == 0 || probe[0]["secret"] != nil {
			return FormatAndOTP, nil
		}
		return "", ErrUnknownFormat
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &probe); err != nil {
		return "", fmt.Errorf("%w: a JSON file that does not parse (%v)", ErrUnknownFormat, jsonError(err))
	}
	has := func(key string) bool { _, ok := probe[key]; return ok }
	for _, f := range jsonObjectFormats {
		if f.match(has) {
			return f.format, nil
		}
	}
	return "", ErrUnknownFormat
}

// parseFormat reads content of a known format other than an image.
func parseFormat(f Format, content []byte, passphrase Passphrase) (Contents, error) {
	read, ok := readers[f]
	if !ok {
		return Contents{}, ErrUnknownFormat
	}
	c, err := read(content, passphrase)
	c.Format = f
	return c, err
}

// seedsOnly is what a reader of a format without entries of its own
// returns: the seeds, none left out.
func seedsOnly(seeds []token.Seed, err error) (Contents, error) {
	if err != nil {
		return Contents{}, err
	}
	return Contents{Seeds: seeds}, nil
}
