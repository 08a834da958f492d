// Package secretfile writes files that give a secret away (backup QR
// codes, exports, the emergency kit, vault backups) so that only their
// owner can read them, for the command line and the app alike.
//
// A new file is created with O_EXCL|O_NOFOLLOW and mode 0600, so neither
// an existing file nor a symbolic link planted at the path is followed or
// reused. Replacing goes through a temporary file beside the target and a
// rename, so no old mode or link target survives and a failed write
// leaves the old file as it was. The vault's own files (a vault, its
// .bak and .lock) are never replaced, whatever the caller asks.
package secretfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

var (
	// ErrExists: the file is there and replacing it was not asked for.
	ErrExists = errors.New("exists")
	// ErrVaultFile: the path is a vault's own file, never replaced.
	ErrVaultFile = errors.New("is the vault's own file; choose another name")
)

// Write puts content at path, readable by its owner only. Without
// replace the file must not exist (ErrExists). vaults are vault paths
// whose files (each with its .bak and .lock, followed through links and
// hard links) path must not name (ErrVaultFile).
func Write(path string, content []byte, replace bool, vaults ...string) error {
	if isVaultFile(path, vaults) {
		return fmt.Errorf("%s %w", path, ErrVaultFile)
	}
	if !replace {
		return createNew(path, content)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := writeAll(tmp, content); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func createNew(path string, content []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
	if errors.Is(err, os.ErrExist) || errors.Is(err, syscall.ELOOP) {
		return fmt.Errorf("%s %w", path, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := writeAll(f, content); err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writeAll writes content, narrows the mode (a umask cannot widen 0600,
// but CreateTemp's mode is its own), syncs and closes f.
func writeAll(f *os.File, content []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(content)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// isVaultFile reports whether path names (directly, through a symbolic
// link, or as another hard link) a vault file, its backup or its lock.
func isVaultFile(path string, vaults []string) bool {
	target, err := os.Stat(path)
	if err != nil {
		return false // nothing there yet: nothing of the vault's to replace
	}
	for _, v := range vaults {
		if v == "" {
			continue
		}
		for _, p := range []string{v, v + ".bak", v + ".lock"} {
			if info, err := os.Stat(p); err == nil && os.SameFile(info, target) {
				return true
			}
		}
	}
	return false
}
