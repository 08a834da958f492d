package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/term"
)

// errVaultTarget is returned when an output file would replace the vault,
// its backup or its lock file, which no --force allows.
var errVaultTarget = errors.New("is the vault's own file; choose another name")

// writeSecret writes a file that gives a secret away (writeSecretFile),
// never over this command's vault.
func (c *cli) writeSecret(path string, content []byte, force bool) error {
	vaultPath, err := c.path()
	if err != nil {
		return err
	}
	resolved, err := filepath.EvalSymlinks(vaultPath)
	if err != nil {
		resolved = vaultPath
	}
	return writeSecretFile(path, content, force, vaultPath, resolved)
}

// writeSecretFile writes content, which gives a secret away, to a file
// only its owner can read. Without force the file must not exist: it is
// created with O_EXCL|O_NOFOLLOW, so a symbolic link planted at path is
// refused rather than followed. With force an existing file (or link) is
// replaced by a new 0600 file through a temporary file and a rename, so
// neither an old mode nor a link's target survives. The vault's own files
// (vaultPaths, each with its .bak and .lock) are never replaced. A failed
// write leaves no partial file behind.
func writeSecretFile(path string, content []byte, force bool, vaultPaths ...string) error {
	if isVaultFile(path, vaultPaths) {
		return fmt.Errorf("%s %w", path, errVaultTarget)
	}
	if !force {
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
		return fmt.Errorf("%s exists (use --force to overwrite)", path)
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
func isVaultFile(path string, vaultPaths []string) bool {
	target, err := os.Stat(path)
	if err != nil {
		return false // nothing there yet: nothing of the vault's to replace
	}
	for _, v := range vaultPaths {
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

// isTerminal reports whether w is a terminal (a text QR code printed
// anywhere else ends up in a file or another program).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
