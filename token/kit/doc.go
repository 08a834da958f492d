// Package kit prints the emergency kit: a PDF for the drawer that holds,
// per account of the inventory, the QR code and the secret of each of its
// seeds, the account's recovery contacts and, for an AWS root user, the
// steps AWS takes a person through when the MFA device is lost. Seeds
// that no account lists follow, then the hardware keys the vault knows
// (which accounts use each, which seeds each holds). Every page says
// SENSITIVE and the date it was printed, and the first has room to write
// where the paper is kept.
//
// Security: the kit is every seed in clear text. Anyone who reads or
// photographs the paper, or the file, can make the codes forever. This
// package writes only to the io.Writer it is given, keeps nothing, and
// never names a secret in an error; the caller decides where the bytes go
// (the command line creates the file 0600 and never over another file
// unless told), and says so before.
//
// The PDF is written with github.com/signintech/gopdf: it is maintained
// (go-pdf/fpdf, the other candidate, had its last release in 2023
// and its repository is archived), pure Go,
// and embeds TrueType fonts as subsets, so a document embeds only the
// glyphs it uses. Text is drawn in the Go fonts (Latin, Greek, Cyrillic),
// and any character they lack in Droid Sans Fallback (Chinese and
// Japanese; see package assets/fonts), so Japanese account names print as
// they are. A character neither font has (Hangul, Arabic, ...) prints as
// a white square. Arabic and Hebrew are neither shaped nor reordered.
//
// QR codes are drawn by token/qr (skip2/go-qrcode) at an integral number
// of pixels per module and placed without interpolation, so they stay
// sharp on paper and read back with any decoder.
package kit
