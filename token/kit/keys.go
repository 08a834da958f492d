package kit

import (
	"slices"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// keys writes the hardware keys the vault knows: which accounts use each
// and which seeds its OATH application holds, so the paper says which
// keys to look for in the drawer.
func (k *kit) keys() {
	if len(k.in.Keys) == 0 {
		return
	}
	k.need(80)
	k.y += 10
	k.rule(margin, margin+k.width())
	k.y += 8
	k.text(k.w.keysHeading, heading, 0)
	var items []string
	for _, key := range k.in.Keys {
		items = append(items, k.keyLine(key))
	}
	k.list(items, false, 0)
}

func (k *kit) keyLine(key inventory.KeyRecord) string {
	// The one name of a key, as the findings and the app give it.
	line := k.w.factor(inventory.Factor{Kind: inventory.KeyFactor, KeySerial: key.Serial}, nil, k.in.Keys)
	if !key.LastSeen.IsZero() {
		line += k.w.lastSeen(day(key.LastSeen))
	}
	var uses []string
	for _, a := range k.in.Accounts {
		for _, f := range a.Factors {
			if f.Kind == inventory.KeyFactor && f.KeySerial == key.Serial {
				use := a.Name
				if f.KeyUse != "" {
					use += " (" + f.KeyUse + ")"
				}
				uses = append(uses, use)
			}
		}
	}
	if len(uses) > 0 {
		line += k.w.factorOf + strings.Join(uses, k.w.listSep)
	}
	var held []string
	for _, h := range key.Holds {
		if i := slices.IndexFunc(k.in.Seeds, func(s token.Seed) bool { return s.ID == h.SeedID }); i >= 0 {
			held = append(held, k.in.Seeds[i].Label())
		}
	}
	if len(held) > 0 {
		line += k.w.oathHolds + strings.Join(held, k.w.listSep)
	}
	return line + k.w.fullStop
}
