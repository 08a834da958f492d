package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"

	"github.com/twofoldmfa/twofold/token/finding"
)

// appStep is where in the app (or in YubiKey Manager, the Yubico desktop
// app, for a key's PIV application) a finding's action is done, and the
// button to press there.
type appStep struct{ where, press string }

const (
	accountPage = "Inventory tab, on the account's page"
	seedPage    = "Codes tab, on the seed's page"
	yubikeyPIV  = "YubiKey Manager (Applications, PIV)"
)

// appSteps words each action as the app's buttons; never a shell
// command. The words are English, shown as lang.L of them.
var appSteps = map[finding.ActionKind]appStep{
	finding.AddFactor:           {accountPage, "Add factor"},
	finding.RemoveFactor:        {accountPage, "Remove next to the factor"},
	finding.VerifySeed:          {seedPage, "Show backup QR…, scan it with the second phone, then Verify on new phone"},
	finding.LinkSeed:            {"Inventory tab", "Add account…, then add the seed as its factor"},
	finding.EditPhone:           {accountPage, "Save account once Recovery phone is filled in"},
	finding.EditEmail:           {accountPage, "Save account once Recovery email is filled in"},
	finding.ChangePIN:           {yubikeyPIV, "Configure PINs, Change PIN"},
	finding.ChangePUK:           {yubikeyPIV, "Configure PINs, Change PUK"},
	finding.ChangeManagementKey: {yubikeyPIV, "Configure PINs, Change management key (generate it, protect it with the PIN)"},
	finding.UnblockPIN:          {yubikeyPIV, "Configure PINs, Unblock PIN (with the PUK)"},
	finding.ResetPIV:            {yubikeyPIV, "Reset (it erases the PIV keys)"},
	finding.ReplaceKey:          {yubikeyPIV, "Certificates, the slot named above, Generate"},
	finding.ImportCertificate:   {yubikeyPIV, "Certificates, the slot named above, Import"},
	finding.ReplaceSeed:         {seedPage, "Delete seed… once the service's MFA is set up again with a new secret (add the new seed first)"},
	finding.RenewRecoveryCodes:  {accountPage, "Keep new codes… once the service has issued them"},
	finding.ConfirmFactor:       {accountPage, "It works next to the factor, once you have checked it in the AWS console"},
}

// actionText words what a finding says to do as the place and button in
// the app, or "" for an action the finding's words already cover.
func actionText(a finding.Action) string {
	if a.Kind == finding.PlugInKey {
		return fmt.Sprintf(lang.L("Plug in key %d with the Keys tab open."), a.KeySerial)
	}
	step, ok := appSteps[a.Kind]
	if !ok {
		return ""
	}
	where := lang.L(step.where)
	if a.Account != "" && step.where == accountPage {
		where = fmt.Sprintf(lang.L("Inventory tab, on the page of %s"), a.Account)
	}
	return fmt.Sprintf(lang.L("In the %s, press %s."), where, lang.L(step.press))
}
