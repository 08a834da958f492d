package main

import (
	"fmt"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/finding"
)

// actionCommand words what a finding says to do as the command to run:
// twofold's own for the inventory, ykman's for a key's PIV application.
// It is "" for an action without a command.
func actionCommand(a finding.Action) string {
	seed := token.ShortID(a.SeedID)
	ykman := fmt.Sprintf("ykman --device %d piv", a.KeySerial)
	switch a.Kind {
	case finding.AddFactor:
		return fmt.Sprintf("twofold factor add %q --kind seed|key|app|passkey|sms|backup_codes ...", a.Account)
	case finding.RemoveFactor:
		if a.FactorID != "" {
			return fmt.Sprintf("twofold factor rm %q %s", a.Account, a.FactorID)
		}
		return fmt.Sprintf("twofold account list, then twofold factor rm %q FACTOR", a.Account)
	case finding.VerifySeed:
		return fmt.Sprintf("twofold qr %s, then twofold verify %s CODE --device NAME", seed, seed)
	case finding.ConfirmFactor:
		return fmt.Sprintf("twofold factor verify %q %s (or twofold factor rm %q %s)", a.Account, a.FactorID, a.Account, a.FactorID)
	case finding.LinkSeed:
		return fmt.Sprintf("twofold account add NAME, then twofold factor link %s NAME", seed)
	case finding.ReplaceSeed:
		return fmt.Sprintf("set up MFA again at the service, twofold add the new seed, then twofold rm %s", seed)
	case finding.PlugInKey:
		return fmt.Sprintf("plug in key %d, then twofold keys", a.KeySerial)
	case finding.EditPhone:
		return fmt.Sprintf("twofold account edit %q --phone NUMBER --region CC", a.Account)
	case finding.EditEmail:
		return fmt.Sprintf("twofold account edit %q --email ADDRESS", a.Account)
	case finding.RenewRecoveryCodes:
		return fmt.Sprintf("twofold codes add %q --file FILE --replace", a.Account)
	case finding.ChangePIN:
		return ykman + " access change-pin"
	case finding.ChangePUK:
		return ykman + " access change-puk"
	case finding.ChangeManagementKey:
		return ykman + " access change-management-key --generate --protect"
	case finding.UnblockPIN:
		return ykman + " access unblock-pin"
	case finding.ResetPIV:
		return ykman + " reset (erases the PIV keys)"
	case finding.ReplaceKey:
		return fmt.Sprintf("%s keys generate %s PUBLIC-KEY.pem", ykman, a.Slot)
	case finding.ImportCertificate:
		return fmt.Sprintf("%s certificates import %s CERTIFICATE.pem", ykman, a.Slot)
	}
	return ""
}
