package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// The findings come worded in English from token/inventory and the key
// check, which the command line shares. In another language the app
// words them itself: a translation keyed by the finding's code
// ("finding.single_factor.message", "finding.key.default_pin.fix"), a
// template filled with the finding's data (findingData). A code with no
// translation keeps its English.

// findingWords is what a finding says and how to fix it, in the app's
// language.
func (g *gui) findingWords(f inventory.Finding) (msg, fix string) {
	if appLanguage() == "en" {
		return f.Message, f.Fix
	}
	data := g.findingData(f)
	code, isKey := strings.CutPrefix(f.Code, inventory.KeyCodePrefix)
	if !isKey {
		return lang.X("finding."+code+".message", f.Message, data), lang.X("finding."+code+".fix", f.Fix, data)
	}
	inner := lang.X("finding.key."+code+".message", "", data)
	fix = lang.X("finding.key."+code+".fix", f.Fix, data)
	switch {
	case inner == "":
		return f.Message, fix
	case f.Account != "":
		return fmt.Sprintf(lang.L("%s uses key %d: %s"), f.Account, f.KeySerial, inner), fix
	}
	return fmt.Sprintf(lang.L("key %d: %s"), f.KeySerial, inner), fix
}

// keyFindingWords is findingWords for a finding of a key on its card.
func keyFindingWords(kf finding.Key) (msg, fix string) {
	if appLanguage() == "en" {
		return kf.Message, kf.Fix
	}
	data := map[string]any{"Slot": kf.Action.Slot}
	msg = lang.X("finding.key."+kf.Code+".message", "", data)
	if msg == "" {
		msg = kf.Message
	}
	return msg, lang.X("finding.key."+kf.Code+".fix", kf.Fix, data)
}

// findingData is what a finding's translation may name: the account,
// seed, key, factor and the figures of the message.
func (g *gui) findingData(f inventory.Finding) map[string]any {
	data := map[string]any{
		"Account": f.Account, "Serial": f.KeySerial, "Slot": f.Action.Slot,
		"Max": aws.MaxFactorsPerUser, "Left": f.CodesLeft,
	}
	if f.Code == inventory.CodeSingleFactor && f.FactorID == "" {
		// The one factor is the recovery codes the vault keeps, no record.
		data["Factor"] = lang.L("recovery codes kept in Twofold")
	}
	if seed, ok := g.seedByID(f.Action.SeedID); ok {
		data["Seed"] = seed.Label()
	}
	for _, a := range g.shown().accounts {
		if a.ID != f.AccountID {
			continue
		}
		data["AWS"] = a.Provider == inventory.AWS
		data["Phone"] = a.Phone
		data["Count"] = len(a.LiveFactors())
		for _, x := range a.Factors {
			if x.ID == f.FactorID {
				data["Factor"] = g.factorName(x)
				data["CopiedOn"], data["Copied"] = inventory.SecondCopy(x, g.shown().seeds, g.shown().keys)
				if seed, ok := g.seedByID(x.SeedID); ok {
					data["Seed"] = seed.Label()
				}
			}
		}
	}
	for _, k := range g.shown().keys {
		if k.Serial == f.KeySerial && !k.LastSeen.IsZero() {
			data["Days"] = int(g.now().Sub(k.LastSeen) / (24 * time.Hour))
		}
	}
	return data
}

// factorName says what a factor is in a few words: in English those of
// the findings (inventory.Factor.DescribeWith).
func (g *gui) factorName(f inventory.Factor) string {
	if appLanguage() == "en" {
		return f.DescribeWith(g.shown().seeds, g.shown().keys)
	}
	withLabel := func(what string) string {
		if f.Label == "" {
			return what
		}
		return fmt.Sprintf("%s (%s)", what, f.Label)
	}
	switch f.Kind {
	case inventory.SeedFactor:
		if seed, ok := g.seedByID(f.SeedID); ok {
			return fmt.Sprintf(lang.L("seed %s"), seed.Label())
		}
		return lang.L("a seed no longer in the vault")
	case inventory.KeyFactor:
		name := fmt.Sprintf(lang.L("key %d"), f.KeySerial)
		for _, k := range g.shown().keys {
			if k.Serial == f.KeySerial && k.Nickname != "" {
				name += fmt.Sprintf(" %q", k.Nickname)
			}
		}
		if f.KeyUse != "" {
			name += fmt.Sprintf(" (%s)", f.KeyUse)
		}
		return name
	case inventory.AppFactor:
		if f.Label != "" {
			return fmt.Sprintf(lang.L("app on %s"), f.Label)
		}
		return lang.L("authenticator app")
	case inventory.PasskeyFactor:
		return withLabel(lang.L("passkey"))
	case inventory.SMSFactor:
		return withLabel(lang.L("SMS"))
	case inventory.BackupCodesFactor:
		return withLabel(lang.L("backup codes"))
	}
	return withLabel(string(f.Kind))
}
