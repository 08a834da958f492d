package ui

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// regionChoice is one phone region as the account page offers it.
type regionChoice struct {
	label string // "Japan +81"
	code  string // "JP"; "" for a number written with + and its country code
}

// regionPicker picks the region a phone number is written for: an entry
// with the list of regions by country name and calling code ("Japan
// +81"). Typing filters the list (by name, "jp" or "+81"); a text that
// leaves one region is that region.
type regionPicker struct {
	entry   *widget.SelectEntry
	choices []regionChoice // the none choice first, then by name
	shown   []string       // the labels the list offers now
}

func newRegionPicker(changed func()) *regionPicker {
	p := &regionPicker{choices: regionChoices()}
	p.shown = labels(p.choices)
	p.entry = widget.NewSelectEntry(p.shown)
	p.entry.SetPlaceHolder(lang.L("Type a country or pick one"))
	p.entry.OnChanged = func(text string) {
		m := p.matching(text)
		if len(m) == 1 && m[0].label == text {
			m = p.choices // a region picked: the list offers them all again
		}
		p.shown = labels(m)
		p.entry.SetOptions(p.shown)
		changed()
	}
	return p
}

// regionChoices lists the regions phone numbers can be written for, named
// in the language of the app.
func regionChoices() []regionChoice {
	names := display.English.Regions()
	if appLanguage() == "ja" {
		names = display.Japanese.Regions()
	}
	var out []regionChoice
	for _, r := range inventory.PhoneRegions() {
		name := r.Code
		if reg, err := language.ParseRegion(r.Code); err == nil {
			if n := names.Name(reg); n != "" {
				name = n
			}
		}
		out = append(out, regionChoice{fmt.Sprintf("%s +%d", name, r.CallingCode), r.Code})
	}
	slices.SortFunc(out, func(a, b regionChoice) int { return cmp.Compare(a.label, b.label) })
	none := regionChoice{label: lang.L("None: the number starts with + and the country code")}
	return append([]regionChoice{none}, out...)
}

func labels(choices []regionChoice) []string {
	out := make([]string, len(choices))
	for i, c := range choices {
		out[i] = c.label
	}
	return out
}

// matching is the choices text picks out: the one whose label or code
// it is, else those whose label contains it (case aside).
func (p *regionPicker) matching(text string) []regionChoice {
	text = strings.TrimSpace(text)
	if text == "" {
		return p.choices
	}
	for _, c := range p.choices {
		if c.label == text || (c.code != "" && strings.EqualFold(c.code, text)) {
			return []regionChoice{c}
		}
	}
	low := strings.ToLower(text)
	var out []regionChoice
	for _, c := range p.choices {
		if strings.Contains(strings.ToLower(c.label), low) {
			out = append(out, c)
		}
	}
	return out
}

// region is the region code picked ("" for none), and whether the text
// names one region (an empty text is none).
func (p *regionPicker) region() (string, bool) {
	if strings.TrimSpace(p.entry.Text) == "" {
		return "", true
	}
	m := p.matching(p.entry.Text)
	if len(m) != 1 {
		return "", false
	}
	return m[0].code, true
}

// set picks the region with code; none ("") leaves the entry empty, with
// its placeholder, and the list whole.
func (p *regionPicker) set(code string) {
	for _, c := range p.choices {
		if code != "" && c.code == code {
			p.entry.SetText(c.label)
			return
		}
	}
	p.entry.SetText("")
}

// systemRegion is the region of the system's locale (LC_ALL, then LANG,
// then what Fyne reads from the system), or "" when it names none.
func systemRegion() string {
	loc := cmp.Or(os.Getenv("LC_ALL"), os.Getenv("LANG"))
	if loc == "" {
		loc = string(lang.SystemLocale())
	}
	loc, _, _ = strings.Cut(loc, ".") // ja_JP.UTF-8
	tag, err := language.Parse(strings.ReplaceAll(loc, "_", "-"))
	if err != nil {
		return ""
	}
	r, conf := tag.Region()
	if conf != language.Exact {
		return ""
	}
	return r.String()
}
