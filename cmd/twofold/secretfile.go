package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/twofoldmfa/twofold/internal/secretfile"
)

// writeSecret writes a file that gives a secret away (secretfile.Write),
// never over this command's vault; force replaces an existing file.
func (c *cli) writeSecret(path string, content []byte, force bool) error {
	vaultPath, err := c.path()
	if err != nil {
		return err
	}
	resolved, err := filepath.EvalSymlinks(vaultPath)
	if err != nil {
		resolved = vaultPath
	}
	err = secretfile.Write(path, content, force, vaultPath, resolved)
	if errors.Is(err, secretfile.ErrExists) {
		return fmt.Errorf("%w (use --force to overwrite)", err)
	}
	return err
}

// isTerminal reports whether w is a terminal (a text QR code printed
// anywhere else ends up in a file or another program).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
