package ui

import (
	"errors"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"io/fs"
	"syscall"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/kdf"
	"github.com/twofoldmfa/twofold/token/passphrase"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errLockedMeanwhile is what a save finds when the vault was locked
// before it ran; there is nothing to tell the user.
var errLockedMeanwhile = errors.New("vault locked before the change was saved")

// message is what a person reads for err: words chosen by the error's
// identity (errors.Is), never by its text, and never a secret.
func message(err error) string {
	switch {
	case err == nil:
		return ""
	// Seeds and otpauth links.
	case errors.Is(err, token.ErrName):
		return fmt.Sprintf(lang.L("A name or note may not hold control characters or hidden formatting characters, and has at most %d characters."), token.MaxNameRunes)
	case errors.Is(err, token.ErrMalformedURI):
		return lang.L("This is not an otpauth:// link. Copy the whole link, starting with otpauth://totp/ or otpauth://hotp/.")
	case errors.Is(err, token.ErrKind):
		return lang.L("Twofold understands time-based (TOTP) and counter-based (HOTP) codes only.")
	case errors.Is(err, token.ErrSecret):
		return lang.L("This is not a valid secret key: it is written with the letters A to Z and the digits 2 to 7, and has at least 16 of them.")
	case errors.Is(err, token.ErrAlgorithm):
		return lang.L("The algorithm must be SHA1, SHA256 or SHA512 (SHA1 unless the site says otherwise).")
	case errors.Is(err, token.ErrDigits):
		return lang.L("Codes have 6, 7 or 8 digits (6 unless the site says otherwise).")
	case errors.Is(err, token.ErrPeriod):
		return lang.L("The period is a number of seconds from 1 to 86400 (30 unless the site says otherwise).")
	case errors.Is(err, token.ErrAccount):
		return lang.L("Enter the account name, for example the email address you sign in with.")
	case errors.Is(err, qr.ErrNoCode):
		return lang.L("No QR code was found in this image. Try a sharper screenshot that shows the whole code.")
	// Inventory accounts and factors.
	case errors.Is(err, inventory.ErrName):
		return lang.L("Enter a name for the account.")
	case errors.Is(err, inventory.ErrDuplicateName):
		return lang.L("Another account already has this name.")
	case errors.Is(err, inventory.ErrAWSAccount), errors.Is(err, aws.ErrAccountID):
		return lang.L("Enter the 12-digit account id, or the account alias (lower-case letters, digits, hyphens).")
	case errors.Is(err, errNoIAMUser):
		return lang.L("Enter the IAM user's name, or pick Root user.")
	case errors.Is(err, inventory.ErrAWSFields):
		return lang.L("An AWS account id is only for an AWS account: pick AWS, or clear the AWS account field.")
	case errors.Is(err, inventory.ErrEmail):
		return lang.L("Enter an email address such as root@example.com.")
	case errors.Is(err, errNoRegion):
		return lang.L("Pick the region this number is written for (such as Japan +81), or write it with + and the country code.")
	case errors.Is(err, inventory.ErrRegion):
		return lang.L("Pick the region the phone number is written for.")
	case errors.Is(err, inventory.ErrPhone):
		return lang.L("Not a phone number that exists in the region picked. Pick the region it is written for, or write it with + and the country code.")
	case errors.Is(err, errPickOne):
		return lang.L("Pick one from the list first.")
	case errors.Is(err, errKeySerial):
		return lang.L("Pick a key from the list, or type the serial number printed on the key (YubiKey Manager shows it too).")
	case errors.Is(err, inventory.ErrSeedTaken):
		return lang.L("This seed is already a factor of another account.")
	case errors.Is(err, inventory.ErrMissingSeed):
		return lang.L("That seed is no longer in the vault.")
	case errors.Is(err, inventory.ErrMissingKey):
		return lang.L("Twofold does not know that hardware key: plug it in with the Keys tab open, or type its serial number.")
	case errors.Is(err, inventory.ErrNoAccount):
		return lang.L("The account is no longer in the inventory.")
	// The vault file.
	case errors.Is(err, vault.ErrWrongPassphrase):
		return lang.L("That passphrase does not unlock this vault. Check Caps Lock and the keyboard layout, and try again.")
	case errors.Is(err, vault.ErrEmptyPassphrase):
		return lang.L("Enter a passphrase.")
	case errors.Is(err, passphrase.ErrTooShort):
		return fmt.Sprintf(lang.L("Too short: use at least %d characters."), passphrase.MinLength)
	case errors.Is(err, vault.ErrDuplicateSecret):
		return lang.L("The vault already holds this secret.")
	case errors.Is(err, vault.ErrMismatch):
		return lang.L("That code does not match.")
	case errors.Is(err, token.ErrCodeFormat):
		return lang.L("That is not a code: type the digits the device shows.")
	case errors.Is(err, vault.ErrCorrupt):
		return lang.L("The vault file is damaged and cannot be read. The previous version is kept next to it with the extension .bak.")
	case errors.Is(err, vault.ErrLocked):
		return lang.L("Another program is saving the vault right now. Try again in a moment.")
	case errors.Is(err, vault.ErrConflict):
		return lang.L("Another program changed the vault since it was unlocked.")
	case errors.Is(err, vault.ErrNewerVersion):
		return lang.L("This vault was written by a newer version of Twofold. Update Twofold to open it.")
	case errors.Is(err, vault.ErrLockFile):
		return lang.L("The vault's lock file (next to the vault, its name ending in .lock) is not a plain file. Nothing was changed; remove it and try again.")
	case errors.Is(err, vault.ErrTooLarge):
		return fmt.Sprintf(lang.L("Nothing was saved: the vault would grow past the %d MiB that Twofold can open again. Import fewer seeds, or shorter names."), vault.MaxFileSize>>20)
	case errors.Is(err, vault.ErrTooManySeeds):
		return fmt.Sprintf(lang.L("Nothing was added: Twofold keeps no more than %d seeds in one vault."), vault.MaxSeeds)
	case errors.Is(err, kdf.ErrTooCostly):
		return lang.L("This file asks for far more work to open than the app that wrote it would use, so Twofold did not try. Nothing was changed.")
	case errors.Is(err, transfer.ErrWrongPassphrase):
		return lang.L("That passphrase does not open this export. Check Caps Lock and the keyboard layout, and try again.")
	case errors.Is(err, vault.ErrWorkFactor):
		return lang.L("This vault file asks for an unreasonable amount of work to unlock; it was not made by Twofold.")
	case errors.Is(err, vault.ErrExists):
		return lang.L("A vault already exists at this place; unlock it instead.")
	case errors.Is(err, vault.ErrNotFound):
		return lang.L("There is no vault file here yet.")
	// The operating system's refusals a person can act on.
	case errors.Is(err, fs.ErrPermission):
		return lang.L("Twofold may not write there: the folder or the file is read-only, or belongs to another user.")
	case errors.Is(err, syscall.ENOSPC):
		return lang.L("The disk is full. Free some space and try again.")
	}
	// Unknown errors come from the operating system (disk full,
	// permissions); their text names files, never secrets.
	return lang.L("Something went wrong: ") + err.Error()
}

// fieldMessage is a short form of message for the one-line hint under a
// form field; errors with no short form get the long one.
func fieldMessage(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, token.ErrSecret):
		return lang.L("Only letters A–Z and digits 2–7, at least 16 of them.")
	case errors.Is(err, token.ErrAccount):
		return lang.L("Enter the account name, such as your email.")
	case errors.Is(err, token.ErrPeriod):
		return lang.L("From 1 to 86400 seconds; usually 30.")
	// Account fields: the hint line does not wrap, so these stay short.
	case errors.Is(err, inventory.ErrName):
		return lang.L("Enter a name.")
	case errors.Is(err, inventory.ErrDuplicateName):
		return lang.L("Another account has this name.")
	case errors.Is(err, inventory.ErrAWSAccount), errors.Is(err, aws.ErrAccountID):
		return lang.L("12 digits, or an alias (a–z, 0–9, hyphens).")
	case errors.Is(err, errNoIAMUser):
		return lang.L("Enter the IAM user's name.")
	case errors.Is(err, inventory.ErrEmail):
		return lang.L("An address such as root@example.com.")
	case errors.Is(err, errNoRegion):
		return lang.L("Pick its region above, or start with + and the country code.")
	case errors.Is(err, inventory.ErrRegion):
		return lang.L("Pick a region above.")
	case errors.Is(err, inventory.ErrPhone):
		return lang.L("No such number in that region: check both.")
	}
	return message(err)
}
