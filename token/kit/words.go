package kit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// Language is a language the kit is printed in. The kit's words are a
// table per language here, not the app's translations: the kit is a
// document both the command line and the app print, and it must read the
// same from either, so the domain holds its words as it holds the
// English of the findings.
type Language string

// The languages the kit is printed in.
const (
	English  Language = "en"
	Japanese Language = "ja"
)

// Languages are the languages the kit can be printed in.
var Languages = []Language{English, Japanese}

// ErrLanguage is returned for a language the kit has no words for.
var ErrLanguage = errors.New("unknown kit language (want en or ja)")

// ParseLanguage reads a language as a code ("ja") or a locale ("ja_JP.UTF-8",
// "ja-JP").
func ParseLanguage(s string) (Language, error) {
	code := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(code, "_-.@"); i >= 0 {
		code = code[:i]
	}
	for _, l := range Languages {
		if Language(code) == l {
			return l, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrLanguage, s)
}

// words are everything the kit says, in one language.
type words struct {
	band, title              string
	printed                  func(date string, accounts, seeds int) string
	intro, afterDate, kept   string
	date                     func(time.Time) string
	awsAccount               func(id string, root bool, user string) string
	idNotRecorded            string
	recovery                 func(email, phone string) string
	noneOnFile               string
	factorsHeading, noFactor string
	factor                   func(f inventory.Factor, seeds []token.Seed, keys []inventory.KeyRecord) string
	finding                  func(f inventory.Finding, a inventory.Account, seeds []token.Seed, keys []inventory.KeyRecord) string
	lostHeading              string
	lostSteps                func(a inventory.Account) []string
	looseHeading, looseBody  string
	noIssuer, secretLabel    string
	totp                     func(alg token.Algorithm, digits, period int) string
	hotp                     func(alg token.Algorithm, digits int, counter uint64) string
	awsDevice                func(name, account string) string
	added                    func(day string) string
	neverVerified            string
	verifiedOn               func(device, day string) string
	verified                 func(day string) string
	keysHeading              string
	lastSeen                 func(day string) string
	factorOf, oathHolds      string
	listSep, fullStop        string
	footer                   func(printed string, page, pages int) string
	codesHeading             func(unused, total int) string
	codesNone                string
}

func wordsFor(l Language) words {
	if l == Japanese {
		return japanese
	}
	return english
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

var english = words{
	band:  "SENSITIVE: every secret on this page is in clear text. Keep it locked away.",
	title: "Twofold emergency kit",
	printed: func(date string, accounts, seeds int) string {
		return fmt.Sprintf("Printed %s. %s and %s.", date, count(accounts, "account"), count(seeds, "seed"))
	},
	intro: "Each QR code below is one seed. If a phone is lost, scan the code with an authenticator app on a new phone " +
		"(or type the secret under it), and the new phone makes the same codes. Anyone who sees this paper can do the same: " +
		"keep it where you keep a passport, and destroy the older copy when you print a new one.",
	afterDate: "A seed added to Twofold after the date above is not on this paper.",
	kept:      "Where this paper is kept:",
	date:      func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") },
	awsAccount: func(id string, root bool, user string) string {
		who := "IAM user " + user
		if root {
			who = "root user"
		}
		return fmt.Sprintf("AWS account %s, %s", id, who)
	},
	idNotRecorded: "(id not recorded)",
	recovery: func(email, phone string) string {
		return fmt.Sprintf("Recovery email: %s. Recovery phone: %s.", email, phone)
	},
	noneOnFile:     "none on file",
	factorsHeading: "Factors registered:",
	noFactor:       "none recorded",
	factor: func(f inventory.Factor, seeds []token.Seed, keys []inventory.KeyRecord) string {
		return f.DescribeWith(seeds, keys)
	},
	finding: func(f inventory.Finding, _ inventory.Account, _ []token.Seed, _ []inventory.KeyRecord) string {
		return f.Message + " " + f.Fix
	},
	codesHeading: func(unused, total int) string {
		return fmt.Sprintf("Recovery codes: %d of %d unused, as of the date printed. Each works once: tick it off when you use it.", unused, total)
	},
	codesNone:    "None left: generate new ones at the service.",
	lostHeading:  "If the MFA device is lost:",
	lostSteps:    inventory.LostDeviceSteps,
	looseHeading: "Seeds in no account",
	looseBody:    "The inventory does not say which account these seeds belong to.",
	noIssuer:     "(no issuer)",
	secretLabel:  "Secret (base32):",
	totp: func(alg token.Algorithm, digits, period int) string {
		return fmt.Sprintf("Time-based (TOTP), %s, %d digits, a new code every %d s.", alg, digits, period)
	},
	hotp: func(alg token.Algorithm, digits int, counter uint64) string {
		return fmt.Sprintf("Counter-based (HOTP), %s, %d digits; counter %d when printed (it moves on with each code used).", alg, digits, counter)
	},
	awsDevice: func(name, account string) string {
		return fmt.Sprintf("AWS virtual MFA device %s of account %s.", name, account)
	},
	added:         func(d string) string { return "Added " + d + ". " },
	neverVerified: "Never verified on a second device.",
	verifiedOn:    func(device, d string) string { return fmt.Sprintf("Verified on %s, %s.", device, d) },
	verified:      func(d string) string { return "Verified on a second device, " + d + "." },
	keysHeading:   "Hardware keys",
	lastSeen:      func(d string) string { return ", last seen " + d },
	factorOf:      ". A factor of: ",
	oathHolds:     ". Its OATH application holds: ",
	listSep:       ", ",
	fullStop:      ".",
	footer: func(printed string, page, pages int) string {
		return fmt.Sprintf("Twofold emergency kit, printed %s. SENSITIVE. Page %d of %d.", printed, page, pages)
	},
}
