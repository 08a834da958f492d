package main

import (
	"fmt"
	"strings"

	"golang.org/x/text/width"
)

// displayWidth is how many terminal columns s takes: East Asian wide and
// fullwidth characters (Japanese, Chinese, Korean) take two, combining
// marks none, everything else one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x300:
			n++
		case r >= 0x300 && r <= 0x36f: // combining diacritical marks
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

// padRight pads s with spaces to w terminal columns, so that columns of
// names in any script stay aligned.
func padRight(s string, w int) string {
	if d := displayWidth(s); d < w {
		return s + strings.Repeat(" ", w-d)
	}
	return s
}

// count words a number of things in English: "1 finding", "2 findings".
// Words whose plural is not an added s pass it: count(n, "entry", "entries").
func count(n int, singular string, plural ...string) string {
	if n == 1 {
		return "1 " + singular
	}
	if len(plural) > 0 {
		return fmt.Sprintf("%d %s", n, plural[0])
	}
	return fmt.Sprintf("%d %ss", n, singular)
}
