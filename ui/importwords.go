package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2/lang"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// formatName words the kind of export transfer.Detect recognised, as the
// app that writes it is called.
func formatName(f transfer.Format) string {
	switch f {
	case transfer.FormatURIs:
		return lang.L("a list of otpauth:// links")
	case transfer.FormatImage:
		return lang.L("a QR code image")
	case transfer.FormatBackup:
		return lang.L("a Twofold backup")
	case transfer.FormatAegis:
		return "Aegis"
	case transfer.FormatTwoFAS:
		return "2FAS"
	case transfer.FormatAndOTP:
		return "andOTP"
	case transfer.FormatBitwarden:
		return "Bitwarden"
	case transfer.FormatProton:
		return "Proton Authenticator"
	case transfer.FormatFreeOTP:
		return "FreeOTP+"
	case transfer.FormatFreeOTPXML:
		return "FreeOTP"
	case transfer.FormatLastPass:
		return "LastPass Authenticator"
	case transfer.FormatAuthPro:
		return "Authenticator Pro"
	case transfer.FormatSteam:
		return "Steam Guard (maFile)"
	case transfer.FormatEnte:
		return "Ente Auth"
	case transfer.FormatKeePass:
		return "KeePass (KDBX 4)"
	case transfer.FormatGoogleDB:
		return "Google Authenticator"
	case transfer.FormatMicrosoftDB:
		return "Microsoft Authenticator"
	case transfer.FormatAuthy:
		return "Authy"
	}
	return string(f)
}

// unreadPlace words where an entry not taken is: "entry 3 (Yandex (y))".
func unreadPlace(u transfer.Unread) string {
	var where string
	switch u.Place {
	case transfer.PlaceLine:
		where = fmt.Sprintf(lang.L("line %d"), u.Position)
	case transfer.PlaceQRCode:
		where = fmt.Sprintf(lang.L("QR code %d"), u.Position)
	default:
		where = fmt.Sprintf(lang.L("entry %d"), u.Position)
	}
	if u.Within > 0 {
		where = fmt.Sprintf(lang.L("%s, seed %d"), where, u.Within)
	}
	if l := (token.Seed{Issuer: u.Issuer, Account: u.Account}).Label(); l != "" {
		where = fmt.Sprintf(lang.L("%s (%s)"), where, l)
	}
	return where
}

// reasonText words why an entry was not taken.
func reasonText(r transfer.Reason) string {
	switch r {
	case transfer.ReasonKind:
		return lang.L("a kind of code Twofold does not make")
	case transfer.ReasonSecret:
		return lang.L("the secret is missing or damaged")
	case transfer.ReasonAlgorithm:
		return lang.L("an algorithm Twofold does not support")
	case transfer.ReasonDigits:
		return lang.L("a code length Twofold does not support")
	case transfer.ReasonPeriod:
		return lang.L("the period is out of range")
	case transfer.ReasonName:
		return lang.L("the name holds hidden characters or is too long")
	case transfer.ReasonNoName:
		return lang.L("it has no name")
	case transfer.ReasonLink:
		return lang.L("the otpauth link does not parse")
	case transfer.ReasonTransferCode:
		return lang.L("the Google transfer code does not parse")
	case transfer.ReasonNotOTP:
		return lang.L("not an OTP link")
	}
	return lang.L("the entry is not shaped as the format has it")
}

// unreadText is one entry not taken, where and why.
func unreadText(u transfer.Unread) string {
	return fmt.Sprintf(lang.L("%s: %s"), unreadPlace(u), reasonText(u.Reason))
}

// pendingText words a Google export's progress: "Google export: code 2
// of 3 read; 1 and 3 not yet."
func pendingText(p transfer.Pending) string {
	if len(p.Read) == 1 {
		return fmt.Sprintf(lang.L("Google export: code %s of %d read; %s not yet."), numberList(p.Read), p.Size, numberList(p.Missing))
	}
	return fmt.Sprintf(lang.L("Google export: codes %s of %d read; %s not yet."), numberList(p.Read), p.Size, numberList(p.Missing))
}

// numberList writes 1, 2 and 3.
func numberList(n []int) string {
	s := ""
	for i, v := range n {
		switch {
		case i == 0:
			s = strconv.Itoa(v)
		case i == len(n)-1:
			s = fmt.Sprintf(lang.L("%s and %s"), s, strconv.Itoa(v))
		default:
			s += lang.L(", ") + strconv.Itoa(v)
		}
	}
	return s
}
