package transfer

import (
	"errors"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// FormatBackup is Twofold's encrypted backup: the vault's own format,
// written and read by the vault's codec (vault.Seal, vault.Unseal: age,
// scrypt under a passphrase, over the vault's JSON, with the vault's work
// factors, schema check and secret handling) under a passphrase of the
// backup's own. A vault file itself reads as one.
const FormatBackup Format = "backup"

// ageMagic starts every age file.
const ageMagic = "age-encryption.org/v1\n"

// EncodeBackup encrypts the whole of data under passphrase. A backup
// larger than an import may be (MaxFileSize) is ErrTooLarge: it could
// not be read back.
func EncodeBackup(data vault.Data, passphrase string) ([]byte, error) {
	b, err := vault.Seal(data, passphrase)
	if err != nil {
		return nil, fmt.Errorf("encrypting backup: %w", err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("encrypting backup: %w", ErrTooLarge)
	}
	return b, nil
}

// readBackup is ParseBackup as a reader: Twofold's own backup is all or
// nothing, since every seed in it passed Twofold's checks once.
func readBackup(content []byte, passphrase Passphrase) (Contents, error) {
	c, err := seedsOnly(ParseBackup(content, passphrase))
	c.Encrypted = err == nil
	return c, err
}

// ParseBackup decrypts a Twofold backup (or vault file) and returns its
// seeds. Accounts and keys stay in the backup: merging inventories is a
// decision for the person, not for an import. The seeds' secrets share
// one buffer (vault.Unseal), left to the garbage collector once the
// seeds are stored.
func ParseBackup(content []byte, passphrase Passphrase) ([]token.Seed, error) {
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	u, err := vault.Unseal(content, pass)
	if errors.Is(err, vault.ErrWrongPassphrase) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("reading backup: %w", err)
	}
	seeds := u.Data.Seeds
	for i, s := range seeds {
		if err := s.Validate(); err != nil {
			u.Wipe()
			return nil, fmt.Errorf("seed %d: %w", i+1, err)
		}
		// IDs and dates belong to the vault the seeds go into.
		seeds[i].ID = ""
	}
	return seeds, nil
}
