package transfer

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
)

// ParseURIList reads a text file of links, one a line: otpauth:// links
// and otpauth-migration:// transfer links. Blank lines and lines starting
// with '#' are skipped. Errors name the line. The transfer links must
// make whole exports: a missing code is an error (ErrMissingBatch).
func ParseURIList(content []byte) ([]token.Seed, error) {
	seeds, batches, err := parseLinkLines(content)
	if err != nil || len(batches) == 0 {
		return seeds, err
	}
	fromBatches, err := GatherBatches(batches)
	if err != nil {
		return nil, err
	}
	return append(seeds, fromBatches...), nil
}

// parseLinkLines reads a text of links, one a line, into seeds and
// transfer batches, the batches not joined.
func parseLinkLines(content []byte) ([]token.Seed, []Batch, error) {
	var seeds []token.Seed
	var batches []Batch
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 0, 64*1024), MaxFileSize)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		s, b, isBatch, err := parseLink(text)
		switch {
		case err != nil:
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		case isBatch:
			batches = append(batches, b)
		default:
			seeds = append(seeds, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return seeds, batches, nil
}

// FormatURIList writes seeds as otpauth:// links, one a line.
func FormatURIList(seeds []token.Seed) []byte {
	var b bytes.Buffer
	for _, s := range seeds {
		b.WriteString(s.URI())
		b.WriteByte('\n')
	}
	return b.Bytes()
}
