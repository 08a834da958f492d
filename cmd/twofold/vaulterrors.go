package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/twofoldmfa/twofold/token/vault"
)

// errVaultIsDirectory is returned when --vault (or TWOFOLD_VAULT) names a
// directory rather than the vault file.
var errVaultIsDirectory = errors.New("is a directory, not a vault file")

// checkVaultPath refuses a vault path that names a directory, saying what
// to give instead.
func checkVaultPath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s %w: give the file's path, such as %s", path, errVaultIsDirectory, filepath.Join(path, "vault.age"))
	}
	return nil
}

// damagedVaultError words a vault that cannot be read as one plain
// sentence naming its backup, keeping the decoder's detail for errors.Is
// and errors.As only.
type damagedVaultError struct {
	path string
	err  error
}

func (e *damagedVaultError) Error() string {
	bak := e.path + ".bak"
	if _, err := os.Stat(bak); err != nil {
		return fmt.Sprintf("the vault file %s is damaged and cannot be read, and there is no backup next to it (%s); restore it from a copy of your own", e.path, bak)
	}
	return fmt.Sprintf("the vault file %s is damaged and cannot be read; the version before the last save is %s: look at it with 'twofold --vault %s list', then move the damaged file aside and copy %s to %s", e.path, bak, bak, bak, e.path)
}

func (e *damagedVaultError) Unwrap() error { return e.err }

// describeVaultError turns a damaged vault's error into a
// damagedVaultError; other errors pass unchanged.
func describeVaultError(path string, err error) error {
	if errors.Is(err, vault.ErrCorrupt) {
		return &damagedVaultError{path: path, err: err}
	}
	return err
}
