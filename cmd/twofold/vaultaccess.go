package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/twofoldmfa/twofold/token/passphrase"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errNoPassphrase is returned when there is no file to read a passphrase
// from and no terminal to ask on.
var errNoPassphrase = errors.New("no passphrase: use --passphrase-file (or TWOFOLD_PASSPHRASE_FILE) or run in a terminal")

func (c *cli) path() (string, error) {
	if c.vaultPath != "" {
		return c.vaultPath, checkVaultPath(c.vaultPath)
	}
	return vault.DefaultPath()
}

// passphrase reads the passphrase from --passphrase-file, or asks on the
// terminal without echo.
func (c *cli) passphrase(prompt string) (string, error) {
	if c.passphraseFile != "" {
		return readPassphraseFile(c.passphraseFile)
	}
	return c.ask(prompt)
}

// newPassphrase gets a passphrase for a new vault, from file when one is
// given, else typed twice, and applies the passphrase policy: one too
// short is refused, and its strength is said on stderr.
func (c *cli) newPassphrase(file string) (string, error) {
	pass, err := c.readNewPassphrase(file)
	if err != nil {
		return "", err
	}
	if err := passphrase.Check(pass); err != nil {
		return "", err
	}
	fmt.Fprintf(c.stderr, "twofold: new passphrase: %s\n", passphrase.Describe(pass))
	// Typed on the terminal, a weak passphrase is asked about again; from
	// a file (a script's), the line above is the warning.
	if file == "" && passphrase.IsWeak(pass) {
		ok, err := c.confirm("A weak passphrase can be guessed by anyone who gets the vault file; four or more random words make a strong one. Use it anyway? [y/N] ")
		if err != nil {
			return "", err
		}
		if !ok {
			return "", fmt.Errorf("%w: not used (nothing was changed)", passphrase.ErrWeak)
		}
	}
	return pass, nil
}

// confirm asks a yes-or-no question on the terminal; anything but y or
// yes is no.
func (c *cli) confirm(question string) (bool, error) {
	f, ok := c.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, errNoPassphrase
	}
	fmt.Fprint(c.stderr, question)
	var answer []byte
	b := make([]byte, 1)
	for {
		n, err := f.Read(b)
		if n == 0 || err != nil || b[0] == '\n' {
			break
		}
		answer = append(answer, b[0])
	}
	a := strings.ToLower(strings.TrimSpace(string(answer)))
	return a == "y" || a == "yes", nil
}

func (c *cli) readNewPassphrase(file string) (string, error) {
	if file != "" {
		return readPassphraseFile(file)
	}
	first, err := c.ask("New passphrase: ")
	if err != nil {
		return "", err
	}
	second, err := c.ask("Repeat the new passphrase: ")
	if err != nil {
		return "", err
	}
	if first != second {
		return "", errors.New("the two passphrases differ")
	}
	return first, nil
}

func (c *cli) ask(prompt string) (string, error) {
	f, ok := c.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errNoPassphrase
	}
	fmt.Fprint(c.stderr, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("reading passphrase: %w", err)
	}
	return string(b), nil
}

// readPassphraseFile returns the file's first line (readFirstLine):
// scripts write the passphrase with a trailing newline, which is not part
// of it.
func readPassphraseFile(path string) (string, error) {
	line, err := readFirstLine(path)
	if err != nil {
		return "", fmt.Errorf("reading passphrase file %s: %w", path, err)
	}
	if line == "" {
		return "", fmt.Errorf("passphrase file %s: %w", path, vault.ErrEmptyPassphrase)
	}
	return line, nil
}

// open unlocks the vault for reading.
func (c *cli) open() (*vault.Vault, error) {
	path, err := c.path()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s (create one with 'twofold init')", vault.ErrNotFound, path)
	}
	key, err := c.wayIn(path)
	if err != nil {
		return nil, err
	}
	if err := c.mergeCopies(path, key); err != nil {
		return nil, describeVaultError(path, fmt.Errorf("opening vault: %w", err))
	}
	v, err := vault.OpenKey(path, key)
	if err != nil {
		return nil, describeVaultError(path, fmt.Errorf("opening vault: %w", err))
	}
	v.SetLockWait(c.wait.duration())
	return v, nil
}

// edit unlocks the vault, runs fn and saves, waiting up to --wait for
// other writers; nothing is saved when fn fails. fn runs again on the
// new file when another process saved meanwhile (vault.EditWithin), so
// it must change only the vault.
func (c *cli) edit(fn func(v *vault.Vault) error) error {
	return c.editWith(vault.EditWithinKey, fn)
}

// editLocked is edit for changes with effects outside the vault (a key
// written, a device created in IAM): fn runs once, holding the vault's
// lock throughout (vault.EditLocked).
func (c *cli) editLocked(fn func(v *vault.Vault) error) error {
	return c.editWith(vault.EditLockedKey, fn)
}

func (c *cli) editWith(edit func(path string, key vault.Key, wait time.Duration, fn func(*vault.Vault) error) error, fn func(v *vault.Vault) error) error {
	path, err := c.path()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w at %s (create one with 'twofold init')", vault.ErrNotFound, path)
	}
	key, err := c.wayIn(path)
	if err != nil {
		return err
	}
	if err = c.mergeCopies(path, key); err == nil {
		err = edit(path, key, c.wait.duration(), fn)
	}
	if errors.Is(err, vault.ErrLocked) {
		return fmt.Errorf("%w; try again, or wait longer with --wait", err)
	}
	return describeVaultError(path, err)
}
