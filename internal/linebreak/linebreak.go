// Package linebreak breaks a paragraph into lines the way Japanese and
// English are set: between kana and kanji, after spaces, never inside a
// Latin word or a number, never before a closing mark or after an opening
// one.
//
// The break opportunities are Unicode's line breaking algorithm (UAX #14)
// as github.com/go-text/typesetting's segmenter computes them. On top of
// them go the JIS X 4051 line-start and line-end rules (kinsoku) that
// UAX #14 leaves to the typesetter: small kana, the prolonged sound mark
// ー, iteration marks and the middle dot never start a line (UAX #14 class
// CJ, which its default treats as breakable), and a Latin word or number
// stays with the Japanese next to it ("QR コード", "5. 新しい", "Twofold
// は"), so that no line starts or ends with a lone Latin fragment.
//
// The package measures nothing itself: the caller passes a width function,
// so the same rules serve the screen (Fyne's text measure) and the tests
// (a table of widths).
package linebreak

import (
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
)

// Width measures a piece of text as it would be drawn.
type Width func(string) float32

// Lines breaks text into lines no wider than max, as measured by width.
// A newline in text always ends a line. Spaces at a break are dropped. A
// unit that cannot be broken and is wider than max on its own (a long
// path or link) is cut between characters, so no line is wider than max
// unless a single character is. With max <= 0 only the newlines break.
func Lines(text string, max float32, width Width) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		if max <= 0 {
			lines = append(lines, strings.TrimRight(para, " "))
			continue
		}
		lines = append(lines, fill(Units(para), max, width)...)
	}
	return lines
}

// Units splits one paragraph (no newline) into the pieces that may not be
// broken, each with the spaces that follow it: joined, they are the
// paragraph again, and a line may end after any of them.
func Units(para string) []string {
	return units(para, true)
}

// units are the paragraph's pieces; without glue, a Latin word does not
// hold on to the Japanese next to it (for a piece too wide for a line).
func units(para string, glue bool) []string {
	runes := []rune(para)
	if len(runes) == 0 {
		return []string{""}
	}
	var seg segmenter.Segmenter
	seg.Init(runes)
	iter := seg.LineIterator()
	var units []string
	start := 0
	for iter.Next() {
		end := iter.Line().Offset + len(iter.Line().Text)
		if end < len(runes) && !breakable(runes, end, glue) {
			continue
		}
		units = append(units, string(runes[start:end]))
		start = end
	}
	if start < len(runes) {
		units = append(units, string(runes[start:]))
	}
	return units
}

// breakable applies the rules UAX #14 leaves out to a break it allows
// before runes[at].
func breakable(runes []rune, at int, glue bool) bool {
	next := runes[at]
	last := at - 1
	for last > 0 && runes[last] == ' ' {
		last--
	}
	prev := runes[last]
	switch {
	case strings.ContainsRune(noLineStart, next), strings.ContainsRune(noLineEnd, prev):
		return false
	case glue && (isJapanese(prev) && isLatin(next) || isLatin(prev) && isJapanese(next)):
		return false
	}
	return true
}

// noLineStart are the characters JIS X 4051 keeps off the start of a line:
// closing brackets, hyphens, dividing punctuation, middle dots, full stops,
// commas, iteration marks, the prolonged sound mark and small kana (JLREQ
// classes cl-02 to cl-11).
const noLineStart = "’”）〕］｝〉》」』】〙〗〟｠»)]}" +
	"‐゠–〜～" +
	"！？‼⁇⁈⁉!?" +
	"・：；:;" +
	"。．." +
	"、，," +
	"ヽヾゝゞ々〻" +
	"ーｰ" +
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ" +
	"%％"

// noLineEnd are the opening brackets, which never end a line (cl-01).
const noLineEnd = "‘“（〔［｛〈《「『【〘〖〝｟«([{"

// isJapanese is a kana or kanji letter (not punctuation).
func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー'
}

// isLatin is a letter, digit or symbol of a Latin word or number ("5.",
// "alice@example.com", "Twofold"), as opposed to a space or CJK.
func isLatin(r rune) bool {
	return r > ' ' && r < 0x2E80 && !unicode.IsSpace(r)
}

// fill sets units on lines greedily: as many as fit on each line. A unit
// wider than a line on its own is set again from its UAX #14 pieces, and
// a piece still too wide is cut between characters.
func fill(pieces []string, max float32, width Width) []string {
	var lines []string
	line := ""
	var add func(u string, glued bool)
	add = func(u string, glued bool) {
		tooWide := width(strings.TrimRight(u, " ")) > max
		if tooWide && glued {
			for _, piece := range units(u, false) {
				add(piece, false)
			}
			return
		}
		if line != "" && width(strings.TrimRight(line+u, " ")) > max {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		if tooWide {
			cut := cutToFit(u, max, width)
			lines = append(lines, cut[:len(cut)-1]...)
			u = cut[len(cut)-1]
		}
		line += u
	}
	for _, u := range pieces {
		add(u, true)
	}
	return append(lines, strings.TrimRight(line, " "))
}

// cutToFit cuts a unit wider than max between characters; the last piece
// is what remains, to be continued on.
func cutToFit(u string, max float32, width Width) []string {
	var pieces []string
	runes := []rune(strings.TrimRight(u, " "))
	spaces := u[len(string(runes)):]
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i-start > 1 && width(string(runes[start:i])) > max {
			pieces = append(pieces, string(runes[start:i-1]))
			start = i - 1
		}
	}
	return append(pieces, string(runes[start:])+spaces)
}
