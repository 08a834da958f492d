package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// FormatBackup is Twofold's encrypted backup: the vault's own format (age,
// scrypt under a passphrase, over the vault's JSON) with a passphrase of
// the backup's own. A vault file itself reads as one.
const FormatBackup Format = "backup"

// ageMagic starts every age file.
const ageMagic = "age-encryption.org/v1\n"

// backupWorkFactor is log2 of scrypt's N for new backups: age's default,
// about a second on a laptop. Test builds lower it (kdf_fast.go).
var backupWorkFactor = 18

// maxBackupWorkFactor refuses a file that would make scrypt take minutes.
const maxBackupWorkFactor = 22

// EncodeBackup encrypts the whole of data under passphrase.
func EncodeBackup(data vault.Data, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, vault.ErrEmptyPassphrase
	}
	plain, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encoding backup: %w", err)
	}
	defer clear(plain)
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing encryption: %w", err)
	}
	r.SetWorkFactor(backupWorkFactor)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		return nil, fmt.Errorf("encrypting backup: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("encrypting backup: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting backup: %w", err)
	}
	return out.Bytes(), nil
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
// decision for the person, not for an import.
func ParseBackup(content []byte, passphrase Passphrase) ([]token.Seed, error) {
	pass, err := passphrase()
	if err != nil {
		return nil, err
	}
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("reading backup: %w", err)
	}
	id.SetMaxWorkFactor(maxBackupWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(content), id)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("reading backup: %w", err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading backup: %w", err)
	}
	defer clear(plain)
	if len(plain) > MaxFileSize {
		return nil, fmt.Errorf("reading backup: %w", ErrTooLarge)
	}
	var data vault.Data
	if err := json.Unmarshal(plain, &data); err != nil {
		return nil, fmt.Errorf("reading backup: %w", jsonError(err))
	}
	for i, s := range data.Seeds {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("seed %d: %s: %w", i+1, labelOf(s), err)
		}
		// IDs and dates belong to the vault the seeds go into.
		data.Seeds[i].ID = ""
	}
	return data.Seeds, nil
}
