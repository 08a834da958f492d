package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/screen"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// readImports reads every file (or stdin for "-") into seeds, all or
// nothing: the first file that fails stops the import, and its name leads
// the error. Google transfer codes given as separate images are gathered
// across files, so an export of three codes can come as three screenshots.
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
		seeds, format, err := transfer.Parse(content, pass(name))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if format == transfer.FormatImage {
			texts, err := qr.DecodeAll(bytes.NewReader(content))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			var found []transfer.Batch
			if seeds, found, err = seedsFromCodes(texts); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if len(found) > 0 {
				batches = append(batches, found...)
				batchFiles = append(batchFiles, name)
			}
			if len(seeds) == 0 {
				continue
			}
		}
		sources = append(sources, importSource{name: name, seeds: seeds})
	}
	if len(batches) > 0 {
		seeds, err := transfer.GatherBatches(batches)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", strings.Join(batchFiles, ", "), err)
		}
		sources = append(sources, importSource{name: strings.Join(batchFiles, ", "), seeds: seeds})
	}
	return sources, nil
}

// screenSource is the name an import from the screen goes by.
const screenSource = "screen"

// readScreen captures every monitor and reads the QR codes on them. A
// screen often shows other QR codes too (a web page's own, say): codes
// that are no OTP link are left alone, and said so; a malformed OTP link
// fails the import as in a file. The captures stay in memory.
func (c *cli) readScreen() (importSource, error) {
	shots, err := screen.Capture()
	if err != nil {
		return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
	}
	var texts []string
	ignored := 0
	for _, shot := range shots {
		found, err := qr.DecodeImage(shot)
		if errors.Is(err, qr.ErrNoCode) {
			continue
		}
		if err != nil {
			return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
		}
		for _, text := range found {
			switch {
			case slices.Contains(texts, text):
			case strings.HasPrefix(strings.ToLower(text), "otpauth"):
				texts = append(texts, text)
			default:
				ignored++
			}
		}
	}
	if len(texts) == 0 {
		others := ""
		if ignored > 0 {
			others = fmt.Sprintf("; %s there, none an OTP link", count(ignored, "QR code"))
		}
		return importSource{}, fmt.Errorf("no OTP QR code found on the screen (%s captured%s)", count(len(shots), "monitor"), others)
	}
	if ignored > 0 {
		fmt.Fprintf(c.stderr, "twofold: %s on the screen left out (no OTP link)\n", count(ignored, "QR code"))
	}
	seeds, batches, err := seedsFromCodes(texts)
	if err != nil {
		return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
	}
	if len(batches) > 0 {
		more, err := transfer.GatherBatches(batches)
		if err != nil {
			return importSource{}, fmt.Errorf("%s: %w", screenSource, err)
		}
		seeds = append(seeds, more...)
	}
	return importSource{name: screenSource, seeds: seeds}, nil
}

// seedsFromCodes reads the texts of one image's QR codes: otpauth:// links
// become seeds, Google transfer codes batches for GatherBatches. A code
// that is neither is an error naming it by its place in the image.
func seedsFromCodes(texts []string) ([]token.Seed, []transfer.Batch, error) {
	var seeds []token.Seed
	var batches []transfer.Batch
	for i, text := range texts {
		which := "QR code"
		if len(texts) > 1 {
			which = fmt.Sprintf("QR code %d of %d", i+1, len(texts))
		}
		if strings.HasPrefix(strings.ToLower(text), "otpauth-migration:") {
			b, err := transfer.ParseMigration(text)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", which, err)
			}
			batches = append(batches, b)
			continue
		}
		s, err := token.ParseURI(text)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", which, err)
		}
		seeds = append(seeds, s)
	}
	return seeds, batches, nil
}

// readImportFile reads a file, refusing one over transfer.MaxFileSize by
// its size before reading it, and any stream past that size.
func (c *cli) readImportFile(name string) ([]byte, error) {
	if name == "-" {
		return transfer.ReadLimited(c.stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > transfer.MaxFileSize {
		return nil, transfer.ErrTooLarge
	}
	return transfer.ReadLimited(f)
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
