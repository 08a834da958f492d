package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxSecretInput bounds what 'add -' and --secret-file read: a link with
// the longest names and secret Twofold accepts is a few kilobytes.
const maxSecretInput = 64 << 10

// errSecretInputTooLarge is returned for input past maxSecretInput.
var errSecretInputTooLarge = fmt.Errorf("more than %d KiB: not one link or secret", maxSecretInput>>10)

// readURIStdin reads the one otpauth URI of 'add -' from standard input,
// so that it never appears in the process's arguments (readable by every
// user in /proc/PID/cmdline) or in the shell's history. Blank lines and
// surrounding space are ignored; more than one line is refused.
func (c *cli) readURIStdin() (string, error) {
	text, err := readSecretInput(c.stdin)
	if err != nil {
		return "", fmt.Errorf("add -: reading the link from standard input: %w", err)
	}
	var lines []string
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	switch len(lines) {
	case 0:
		return "", errors.New("add -: standard input is empty: give one otpauth:// link")
	case 1:
		return lines[0], nil
	}
	return "", fmt.Errorf("add -: standard input holds %d lines: give one link (for several, use 'twofold import -')", len(lines))
}

// readSecretFile reads the base32 secret of the manual form from path
// ("-" is standard input): its first line, without surrounding space. The
// file may be a pipe, such as a shell's <(command).
func (c *cli) readSecretFile(path string) (string, error) {
	var r io.Reader = c.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("reading the secret file: %w", err)
		}
		defer f.Close()
		r = f
	}
	text, err := readSecretInput(r)
	if err != nil {
		return "", fmt.Errorf("reading the secret file %s: %w", path, err)
	}
	line, _, _ := strings.Cut(text, "\n")
	if line = strings.TrimSpace(line); line == "" {
		return "", fmt.Errorf("the secret file %s is empty", path)
	}
	return line, nil
}

func readSecretInput(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecretInput+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxSecretInput {
		return "", errSecretInputTooLarge
	}
	return string(b), nil
}
