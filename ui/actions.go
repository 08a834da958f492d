package ui

import (
	"fmt"

	"github.com/twofoldmfa/twofold/token/finding"
)

// actionText words what a finding says to do as the button to press in
// this window, or for a key's PIV application the place in YubiKey
// Manager (the Yubico desktop app). It never names a shell command; it is
// "" for an action the finding's words already cover.
func actionText(a finding.Action) string {
	manager := "In YubiKey Manager, Applications, PIV: "
	switch a.Kind {
	case finding.AddFactor:
		return fmt.Sprintf("Inventory tab: open %s and press Add factor.", a.Account)
	case finding.RemoveFactor:
		return fmt.Sprintf("Inventory tab: open %s and press Remove next to the factor.", a.Account)
	case finding.VerifySeed:
		return "Codes tab: open the seed, press Show backup QR…, scan it on the second phone, then Verify on new phone."
	case finding.LinkSeed:
		return "Inventory tab: press New account (or open its account), then add this seed as a factor."
	case finding.PlugInKey:
		return fmt.Sprintf("Plug in key %d with the Keys tab open.", a.KeySerial)
	case finding.EditPhone:
		return fmt.Sprintf("Inventory tab: open %s, fill in Recovery phone and press Save.", a.Account)
	case finding.EditEmail:
		return fmt.Sprintf("Inventory tab: open %s, fill in Recovery email and press Save.", a.Account)
	case finding.ChangePIN:
		return manager + "Configure PINs, Change PIN."
	case finding.ChangePUK:
		return manager + "Configure PINs, Change PUK."
	case finding.ChangeManagementKey:
		return manager + "Configure PINs, Change management key: generate a new one and protect it with the PIN."
	case finding.UnblockPIN:
		return manager + "Configure PINs, Unblock PIN (with the PUK)."
	case finding.ResetPIV:
		return manager + "Reset PIV (erases its keys)."
	case finding.ReplaceKey:
		return manager + fmt.Sprintf("Certificates, slot %s: Generate.", a.Slot)
	case finding.ImportCertificate:
		return manager + fmt.Sprintf("Certificates, slot %s: Import.", a.Slot)
	}
	return ""
}
