package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	var line string
	var err error
	if path == "-" {
		line, err = firstLine(c.stdin)
	} else {
		line, err = readFirstLine(path)
	}
	if err != nil {
		return "", fmt.Errorf("reading the secret file %s: %w", path, err)
	}
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

// maxFirstLine bounds the first line read from a file that holds one
// secret (a passphrase, a password, a PIN, a base32 secret): the longest
// secret Twofold accepts is well under a kilobyte.
const maxFirstLine = 4 << 10

// errLineTooLong is returned for a first line longer than maxFirstLine,
// such as anything read from /dev/zero.
var errLineTooLong = fmt.Errorf("its first line is longer than %d KiB: not one passphrase or secret", maxFirstLine>>10)

// readFirstLine is how every flag that names a secret file reads it
// (--passphrase-file, --new-passphrase-file, --backup-passphrase-file,
// --password-file, --secret-file, --pin-file): the file's first line,
// without its line ending, reading at most maxFirstLine bytes and never
// the rest of the file. The file may be a pipe, such as a shell's
// <(command).
func readFirstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return "", pathErr.Err // the caller names the file
		}
		return "", err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return "", errDirectory
	}
	return firstLine(f)
}

// firstLine reads r up to its first newline, at most maxFirstLine bytes.
func firstLine(r io.Reader) (string, error) {
	br := bufio.NewReaderSize(io.LimitReader(r, maxFirstLine+1), 512)
	line, err := br.ReadSlice('\n')
	for errors.Is(err, bufio.ErrBufferFull) {
		var more []byte
		more, err = br.ReadSlice('\n')
		line = append(line, more...)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	text, ended := strings.CutSuffix(string(line), "\n")
	if !ended && len(line) > maxFirstLine {
		return "", errLineTooLong
	}
	return strings.TrimSuffix(text, "\r"), nil
}
