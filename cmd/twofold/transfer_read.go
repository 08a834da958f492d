package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/twofoldmfa/twofold/token/transfer"
)

// readImports reads every file (or stdin for "-") into seeds. A file that
// cannot be read at all stops the import, its name leading the error; an
// entry that cannot be taken is kept in its source's unread. Google
// transfer codes given as separate files are joined across files, so an
// export of three codes can come as three screenshots; the seeds of the
// codes read are taken, and the codes still to come are named.
func (c *cli) readImports(files []string, passFile string) ([]importSource, error) {
	pass := c.exportPassphrase(passFile)
	var sources []importSource
	var batches []transfer.Batch
	var batchFiles []string
	for _, name := range files {
		content, err := c.readImportFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		got, err := transfer.ReadEntries(content, pass(name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(got.Seeds) > 0 || len(got.Unread) > 0 || len(got.Batches) == 0 {
			sources = append(sources, importSource{name: name, seeds: got.Seeds, unread: got.Unread})
		}
		if len(got.Batches) > 0 {
			batches = append(batches, got.Batches...)
			batchFiles = append(batchFiles, name)
		}
	}
	if len(batches) > 0 {
		src, err := batchSource(strings.Join(batchFiles, ", "), batches)
		if err != nil {
			return nil, err
		}
		sources = append(sources, src)
	}
	return sources, nil
}

// batchSource joins transfer codes read from name into one source.
func batchSource(name string, batches []transfer.Batch) (importSource, error) {
	seeds, pending, err := transfer.JoinBatches(batches)
	if err != nil {
		return importSource{}, fmt.Errorf("%s: %w", name, err)
	}
	return importSource{name: name, seeds: seeds, pending: pending}, nil
}

// screenSource is the name an import from the screen goes by.
const screenSource = "screen"

// readScreen captures every monitor and reads the OTP QR codes on them
// (transfer.ReadScreenshotEntries); the captures stay in memory.
func (c *cli) readScreen() (importSource, error) {
	shots, err := c.capture()
	if err != nil {
		return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
	}
	got, ignored, err := transfer.ReadScreenshotEntries(shots)
	if errors.Is(err, transfer.ErrNoCodeOnScreen) {
		// One line: what else the screen showed goes into it.
		others := ""
		if ignored > 0 {
			others = fmt.Sprintf("; %s there, none an OTP link", count(ignored, "QR code"))
		}
		return importSource{}, fmt.Errorf("%w (%s captured%s)", err, count(len(shots), "monitor"), others)
	}
	if ignored > 0 {
		fmt.Fprintf(c.stderr, "twofold: %s on the screen left out (no OTP link)\n", count(ignored, "QR code"))
	}
	if err != nil {
		return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
	}
	src, err := batchSource(screenSource, got.Batches)
	if err != nil {
		return importSource{}, err
	}
	src.seeds = append(got.Seeds, src.seeds...)
	src.unread = got.Unread
	return src, nil
}

// errEmptyPipe is returned for a named pipe that no program writes to.
var errEmptyPipe = errors.New("a named pipe with nothing written to it (to import from a pipe, give '-' and standard input)")

// errDirectory is returned for a directory given where a file is read.
var errDirectory = errors.New("is a directory; give a file")

// openInputFile opens a file to read, and refuses a directory in one
// plain line. The open does not block: a named pipe with no writer reads
// as empty instead of holding the command for ever.
func openInputFile(name string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = errDirectory
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// readImportFile reads a file, refusing one over transfer.MaxFileSize by
// its size before reading it, and any stream past that size. A pipe is
// read (twofold import <(gpg -d export.json.gpg)), but a named pipe with
// no writer is refused instead of waited on for ever.
func (c *cli) readImportFile(name string) ([]byte, error) {
	if name == "-" {
		return transfer.ReadLimited(c.stdin)
	}
	f, st, err := openInputFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Mode().IsRegular() && st.Size() > transfer.MaxFileSize {
		return nil, transfer.ErrTooLarge
	}
	content, err := transfer.ReadLimited(f)
	if err == nil && len(content) == 0 && st.Mode()&os.ModeNamedPipe != 0 {
		return nil, errEmptyPipe
	}
	return content, err
}

// exportPassphrase returns, per file, the question for an encrypted
// export's passphrase: read from passFile, else asked on the terminal.
// It is asked only when a file turns out to be encrypted.
func (c *cli) exportPassphrase(passFile string) func(name string) transfer.Passphrase {
	return func(name string) transfer.Passphrase {
		return func() (string, error) {
			if passFile != "" {
				return readPassphraseFile(passFile)
			}
			if name == "-" {
				// The terminal is stdin's; with the export on stdin there is
				// no one to ask.
				return "", errors.New("an encrypted export on stdin needs --backup-passphrase-file")
			}
			pass, err := c.ask(fmt.Sprintf("Passphrase of %s: ", name))
			if errors.Is(err, errNoPassphrase) {
				return "", errors.New("the file is encrypted: give its passphrase with --backup-passphrase-file, or run in a terminal")
			}
			return pass, err
		}
	}
}
