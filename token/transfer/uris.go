package transfer

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
)

// readURIList reads a text file of links, one a line: otpauth:// links
// and otpauth-migration:// transfer links (WinAuth's export and Ente's
// plain one are such files). Blank lines and lines starting with '#' are
// skipped; a line that is no link it can read is named in Unread. The
// transfer codes come back as batches, not joined.
func readURIList(content []byte, _ Passphrase) (Contents, error) {
	var c Contents
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 0, 64*1024), MaxFileSize)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		c.addLink(PlaceLine, line, string(text))
	}
	if err := sc.Err(); err != nil {
		return Contents{}, fmt.Errorf("line %d: %w", line+1, err)
	}
	return c, nil
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
