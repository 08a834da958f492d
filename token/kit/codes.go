package kit

import (
	"fmt"
	"slices"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// The recovery codes of an account go on the paper under its name: the
// unused ones only (a used code opens nothing, and printing it would only
// make the list harder to read), in columns, each with a box to tick when
// it is used.

// CodesWarning says what the kit gives away besides the seeds, for the
// front ends to show with Warning: "" when no code is unused.
func CodesWarning(sets []vault.RecoveryCodes) string {
	n := 0
	for _, rc := range sets {
		n += rc.Tally().Unused
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("It prints %s in clear text too: each lets anyone who reads it into its account once.", count(n, "unused recovery code"))
}

// codeTallies tallies the codes kept for each account, for the check.
func codeTallies(sets []vault.RecoveryCodes) map[string]inventory.CodeTally {
	d := vault.Data{RecoveryCodes: sets}
	return d.RecoveryCodeTallies()
}

// recoveryCodes writes the unused recovery codes kept for a, if any.
func (k *kit) recoveryCodes(a inventory.Account) {
	i := slices.IndexFunc(k.in.RecoveryCodes, func(rc vault.RecoveryCodes) bool { return rc.AccountID == a.ID })
	if i < 0 {
		return
	}
	rc := k.in.RecoveryCodes[i]
	t := rc.Tally()
	unused := rc.Unused()
	k.need(k.lineHeight(strong) + k.lineHeight(secret))
	k.text(k.w.codesHeading(t.Unused, t.Total), strong, 0)
	if len(unused) == 0 {
		k.text(k.w.codesNone, body, 0)
		return
	}
	const box, gap = 9.0, 18.0
	colW := 0.0
	for _, c := range unused {
		w := 0.0
		for _, r := range c.Code {
			w += k.runeWidth(r, secret)
		}
		colW = max(colW, w)
	}
	colW += box + 6 + gap
	perRow := max(1, int(k.width()/colW))
	h := k.lineHeight(secret)
	for start := 0; start < len(unused); start += perRow {
		k.need(h)
		for j, c := range unused[start:min(start+perRow, len(unused))] {
			x := margin + float64(j)*colW
			if !k.dry {
				k.pdf.SetLineWidth(0.7)
				k.pdf.SetStrokeColor(0, 0, 0)
				k.setErr(k.pdf.Rectangle(x, k.y+2, x+box, k.y+2+box, "D", 0, 0))
			}
			k.drawLine(x+box+6, k.y, c.Code, secret, false)
		}
		k.y += h
	}
	k.y += paraSpace
}
