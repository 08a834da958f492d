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
// with '#' are skipped. Errors name the line.
func ParseURIList(content []byte) ([]token.Seed, error) {
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
		if strings.HasPrefix(strings.ToLower(text), "otpauth-migration:") {
			b, err := ParseMigration(text)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			batches = append(batches, b)
			continue
		}
		s, err := token.ParseURI(text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		seeds = append(seeds, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if len(batches) > 0 {
		fromBatches, err := GatherBatches(batches)
		if err != nil {
			return nil, err
		}
		seeds = append(seeds, fromBatches...)
	}
	return seeds, nil
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
