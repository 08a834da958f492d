package linebreak

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// tableWidth is a fixed width per character class, as a monospaced CJK
// font draws: wide (East Asian) characters 2, others 1.
func tableWidth(s string) float32 {
	var w float32
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}

func TestLinesExamples(t *testing.T) {
	for _, c := range []struct {
		text string
		max  float32
		want []string
	}{
		// Between kana and kanji, anywhere; 、 and 。 never start a line.
		{"保存する前に一覧を確認できます。", 10, []string{"保存する前", "に一覧を確", "認できま", "す。"}},
		{"あいうえ、かきくけこ。", 8, []string{"あいう", "え、かき", "くけこ。"}},
		// A Latin word stays whole and stays with the Japanese next to it.
		{"この画像に QR コードが見つかりません。", 14, []string{"この画像", "に QR コードが", "見つかりませ", "ん。"}},
		{"Twofold はシードを保管します。", 12, []string{"Twofold は", "シードを保管", "します。"}},
		// Small kana, ー and closing brackets never start a line; opening ones never end it.
		{"「アカウントを移行」のコード", 12, []string{"「アカウント", "を移行」の", "コード"}},
		{"ああああ「いい」", 10, []string{"ああああ", "「いい」"}},
		{"ショック", 6, []string{"ショッ", "ク"}},
		// English breaks at spaces only.
		{"Check Caps Lock and the keyboard layout.", 16, []string{"Check Caps Lock", "and the keyboard", "layout."}},
		// A newline always breaks; a word too long for a line is cut.
		{"あい\nうえ", 20, []string{"あい", "うえ"}},
		{"otpauth://totp/x", 6, []string{"otpaut", "h://", "totp/x"}},
		// No width: newlines only.
		{"あいうえお\nかき", 0, []string{"あいうえお", "かき"}},
	} {
		got := Lines(c.text, c.max, tableWidth)
		if !slices.Equal(got, c.want) {
			t.Errorf("Lines(%q, %v) = %q, want %q", c.text, c.max, got, c.want)
		}
	}
}

// TestLinesOnTheAppsJapanese breaks every Japanese string of the app at
// several widths and checks each break against the rules, with checks
// that do not use the package's own tables.
func TestLinesOnTheAppsJapanese(t *testing.T) {
	data, err := os.ReadFile("../../ui/translations/ja.json")
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]any
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, v := range table {
		switch v := v.(type) {
		case string:
			texts = append(texts, v)
		case map[string]any: // plural forms
			for _, f := range v {
				texts = append(texts, f.(string))
			}
		}
	}
	startForbidden := "、。，．」』）】〕］｝・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ！？：；"
	endForbidden := "「『（【〔［｛"
	checked := 0
	for _, text := range texts {
		for _, max := range []float32{24, 36, 52, 80} {
			lines := Lines(text, max, tableWidth)
			checked++
			// Nothing but spaces is lost, and newlines break.
			if strip(strings.Join(lines, "")) != strip(text) {
				t.Fatalf("Lines(%q, %v) lost text: %q", text, max, lines)
			}
			for i, line := range lines {
				if w := tableWidth(line); w > max {
					t.Errorf("Lines(%q, %v): line %q is %v wide", text, max, line, w)
				}
				if i == len(lines)-1 || lines[i+1] == "" || line == "" {
					continue
				}
				next := lines[i+1]
				first, _ := utf8.DecodeRuneInString(next)
				last, _ := utf8.DecodeLastRuneInString(line)
				if strings.ContainsRune(startForbidden, first) {
					t.Errorf("Lines(%q, %v): line starts with %q: %q", text, max, first, next)
				}
				if strings.ContainsRune(endForbidden, last) {
					t.Errorf("Lines(%q, %v): line ends with %q: %q", text, max, last, line)
				}
				// Inside a Latin word or number: two Latin characters
				// that are side by side in the text, unless the word
				// alone is wider than the line.
				if latinLetter(last) && latinLetter(first) {
					word := lastField(line) + firstField(next)
					if strings.Contains(text, word) && tableWidth(word) <= max {
						t.Errorf("Lines(%q, %v): %q broken inside: %q / %q", text, max, word, line, next)
					}
				}
				// Greedy: the next line's first unbreakable piece would
				// not have fitted on this line.
				u := strings.TrimRight(Units(next)[0], " ")
				joined := line + u
				if strings.Contains(text, line+" "+u) {
					joined = line + " " + u
				}
				if tableWidth(joined) <= max && !strings.Contains(text, line+"\n") {
					t.Errorf("Lines(%q, %v): %q broken early before %q", text, max, line, next)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d strings checked", checked)
	}
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func latinLetter(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// latinRun is a run of characters with no space and no CJK in it.
func latinRun(r rune) bool { return r >= 0x2E80 || unicode.IsSpace(r) }

func lastField(s string) string {
	f := strings.FieldsFunc(s, latinRun)
	return f[len(f)-1]
}

func firstField(s string) string {
	return strings.FieldsFunc(s, latinRun)[0]
}
