package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// groupAt is how many findings of one kind make a group: fewer are
// listed one by one, this many or more are one row that counts them.
const groupAt = 4

// findingGroup is what the Inventory shows as one row: a single finding,
// or many of the same code and severity counted together.
type findingGroup struct {
	first inventory.Finding
	all   []inventory.Finding
}

// groupFindings keeps findings in their order (most severe first) and
// puts those of a code that occurs groupAt times or more into one group,
// where the first of them was.
func groupFindings(findings []inventory.Finding) []findingGroup {
	count := map[string]int{}
	for _, f := range findings {
		count[groupKey(f)]++
	}
	var out []findingGroup
	at := map[string]int{}
	for _, f := range findings {
		k := groupKey(f)
		if count[k] < groupAt {
			out = append(out, findingGroup{first: f, all: []inventory.Finding{f}})
			continue
		}
		if i, ok := at[k]; ok {
			out[i].all = append(out[i].all, f)
			continue
		}
		at[k] = len(out)
		out = append(out, findingGroup{first: f, all: []inventory.Finding{f}})
	}
	return out
}

func groupKey(f inventory.Finding) string { return string(f.Severity) + "/" + f.Code }

// groupCounts words a group of each code as a count ("200 seeds never
// verified on a second device"), in English (shown as lang.L of it); a
// code missing here is counted as "N findings like this one".
var groupCounts = map[string]string{
	inventory.CodeSeedUnverified:      lang.L("%d seeds never verified on a second device"),
	inventory.CodeSeedUnlinked:        lang.L("%d seeds not linked to any account, so their spares are unknown"),
	inventory.CodeSingleFactor:        lang.L("%d accounts with a single factor, which one lost device locks"),
	inventory.CodeNoFactor:            lang.L("%d accounts with no MFA factor recorded"),
	inventory.CodeKeyNeverSeen:        lang.L("%d factors on keys Twofold has never seen plugged in"),
	inventory.CodeKeyNotSeen:          lang.L("%d factors on keys not seen for months, which may be lost"),
	inventory.CodeMissingSeed:         lang.L("%d factors pointing at seeds no longer in the vault"),
	inventory.CodeMissingKey:          lang.L("%d factors on keys Twofold no longer knows"),
	inventory.CodeNoPhone:             lang.L("%d AWS root users with no recovery phone recorded"),
	inventory.CodeNoEmail:             lang.L("%d AWS root users with no recovery email recorded"),
	inventory.CodePhoneInvalid:        lang.L("%d AWS root users with a recovery phone AWS cannot dial"),
	inventory.CodeRecoveryCodesLow:    lang.L("%d accounts with two or fewer recovery codes left"),
	inventory.CodeRecoveryCodesUsedUp: lang.L("%d accounts whose recovery codes are all used"),
}

// text is what the group's row says: its message, fix and the app's
// buttons that do it.
func (gr findingGroup) text(g *gui) (msg, fix string, do finding.Action) {
	f := gr.first
	if len(gr.all) == 1 {
		msg, fix = g.findingWords(f)
		return msg, fix, f.Action
	}
	if format, ok := groupCounts[f.Code]; ok {
		msg = fmt.Sprintf(lang.L("%s: %s."), fmt.Sprintf(lang.L(format), len(gr.all)), gr.names(g))
	} else {
		msg = fmt.Sprintf(lang.L("%d findings like this one (%s): %s"), len(gr.all), gr.names(g), f.Message)
	}
	// One fix for all when they share it; the action without the one
	// account it named.
	_, fix = g.findingWords(f)
	for _, x := range gr.all {
		if x.Fix != f.Fix {
			fix = ""
		}
	}
	do = finding.Action{Kind: f.Action.Kind, KeySerial: f.Action.KeySerial}
	if do.Kind == finding.PlugInKey {
		do = finding.Action{}
	}
	return msg, fix, do
}

// namesShown is how many of a group's subjects its row names.
const namesShown = 3

// names lists the first few subjects of the group: "GitHub, Mail,
// Work and 197 more".
func (gr findingGroup) names(g *gui) string {
	var names []string
	for _, f := range gr.all[:min(len(gr.all), namesShown)] {
		names = append(names, g.findingSubject(f))
	}
	text := strings.Join(names, ", ")
	if more := len(gr.all) - len(names); more > 0 {
		text += fmt.Sprintf(lang.L(" and %d more"), more)
	}
	return text
}

// findingSubject names what a finding is about: its seed, else its
// account, else its key.
func (g *gui) findingSubject(f inventory.Finding) string {
	if seed, ok := g.seedByID(f.Action.SeedID); ok {
		return seed.Label()
	}
	if f.Account != "" {
		return f.Account
	}
	if f.KeySerial != 0 {
		return fmt.Sprintf(lang.L("key %d"), f.KeySerial)
	}
	return "?"
}
