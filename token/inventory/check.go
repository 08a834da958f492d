package inventory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/finding"
)

// Severity says how bad a Finding is (finding.Severity).
type Severity = finding.Severity

// The severities, from least to most severe.
const (
	Info     = finding.Info
	Warning  = finding.Warning
	Critical = finding.Critical
)

// ParseSeverity maps a severity written elsewhere to one of ours
// (finding.ParseSeverity).
func ParseSeverity(s string) Severity { return finding.ParseSeverity(s) }

// Finding codes. They are stable: scripts match on them.
const (
	CodeNoFactor       = "no_factor"
	CodeSingleFactor   = "single_factor"
	CodeTooManyFactors = "too_many_factors"
	CodeKeyNotSeen     = "key_not_seen"
	CodeKeyNeverSeen   = "key_never_seen"
	CodeMissingSeed    = "missing_seed"
	CodeMissingKey     = "missing_key"
	CodeSeedUnverified = "seed_unverified"
	CodeSeedUnlinked   = "seed_unlinked"
	CodeWeakSecret     = "seed_weak_secret"
	CodePhoneInvalid   = "aws_root_phone_invalid"
	CodeNoPhone        = "aws_root_no_phone"
	CodeNoEmail        = "aws_root_no_email"
	// CodeAWSUnknownFactor: AWS lists no MFA device for the root user,
	// yet the inventory records this factor (Factor.Unknown).
	CodeAWSUnknownFactor = "aws_root_factor_unknown"
	// A key's own findings keep the hardware package's code behind this
	// prefix: "key.default_pin".
	KeyCodePrefix = "key."
)

// KeyNotSeenAfter is how long a key may go unseen before a factor on it
// is a warning: a key not plugged in for months may be lost.
const KeyNotSeenAfter = 90 * 24 * time.Hour

// Finding is one thing the check says about an account, a factor or a
// hardware key, with what to do about it in plain words.
type Finding struct {
	Severity  Severity `json:"severity"`
	Code      string   `json:"code"`
	AccountID string   `json:"account_id,omitempty"`
	Account   string   `json:"account,omitempty"` // the account's name
	FactorID  string   `json:"factor_id,omitempty"`
	KeySerial uint32   `json:"key_serial,omitempty"`
	Message   string   `json:"message"`
	// Fix says what to do in words that name no command; Action says it
	// as data, which each front end words: the command line names the
	// command to run, the app the button to press.
	Fix    string         `json:"fix"`
	Action finding.Action `json:"action,omitzero"`
	// CodesLeft is how many recovery codes are left, for the findings
	// about them (a figure their message names).
	CodesLeft int `json:"codes_left,omitempty"`
}

// KeyFinding is what the hardware-key check found on one key (a default
// PIN, say): the one type from the key to this check, passed in as plain
// data so this package needs no cgo.
type KeyFinding = finding.Key

// Input is everything Check looks at.
type Input struct {
	Accounts []Account
	Seeds    []token.Seed
	Keys     []KeyRecord
	// KeyFindings are the hardware package's findings, by key serial.
	KeyFindings map[uint32][]KeyFinding
	// Codes tallies the recovery codes the vault keeps, by account ID.
	Codes map[string]CodeTally
}

// Check returns the findings about in at time now, most severe first,
// then by account name. It is pure.
func Check(in Input, now time.Time) []Finding {
	var out []Finding
	usedKeys := map[uint32]bool{}
	for _, a := range in.Accounts {
		out = append(out, checkAccount(a, in, now)...)
		for _, serial := range accountKeys(a) {
			usedKeys[serial] = true
			for _, kf := range in.KeyFindings[serial] {
				out = append(out, keyFinding(kf, serial, &a))
			}
		}
	}
	// A seed no account lists leaves the inventory blind to its account.
	for _, s := range in.Seeds {
		if seedAccount(in.Accounts, s.ID) < 0 {
			out = append(out, Finding{
				Severity: Info, Code: CodeSeedUnlinked,
				Message: fmt.Sprintf("The seed %s is not a factor of any account in the inventory, so Twofold cannot tell whether its account has a spare.", s.Label()),
				Fix:     "Record the account it belongs to, then make the seed a factor of that account.",
				Action:  finding.Action{Kind: finding.LinkSeed, SeedID: s.ID},
			})
		}
	}
	// A secret under 80 bits came that way from its service (imports keep
	// it, or the codes would stop): only the service can issue a better one.
	for _, s := range in.Seeds {
		if s.WeakSecret() {
			out = append(out, Finding{
				Severity: Warning, Code: CodeWeakSecret,
				Message: fmt.Sprintf("The service of %s chose a weak secret (shorter than 80 bits): its codes are easier to guess than they should be.", s.Label()),
				Fix:     "Set up MFA again at the service to get a new secret, then remove this seed.",
				Action:  finding.Action{Kind: finding.ReplaceSeed, SeedID: s.ID},
			})
		}
	}
	// A key no account uses still has its own findings worth showing.
	for serial, kfs := range in.KeyFindings {
		if usedKeys[serial] {
			continue
		}
		for _, kf := range kfs {
			out = append(out, keyFinding(kf, serial, nil))
		}
	}
	out = append(out, CopyFindings(in.Seeds, in.Keys, now)...)
	slices.SortStableFunc(out, func(x, y Finding) int {
		return cmp.Or(
			cmp.Compare(y.Severity.Rank(), x.Severity.Rank()),
			cmp.Compare(strings.ToLower(x.Account), strings.ToLower(y.Account)),
			cmp.Compare(x.AccountID, y.AccountID),
			cmp.Compare(x.Code, y.Code),
			cmp.Compare(x.KeySerial, y.KeySerial),
			cmp.Compare(x.FactorID, y.FactorID),
		)
	})
	return out
}

// accountKeys lists the serials of the keys a uses, each once.
func accountKeys(a Account) []uint32 {
	var serials []uint32
	for _, f := range a.Factors {
		if f.Kind == KeyFactor && !slices.Contains(serials, f.KeySerial) {
			serials = append(serials, f.KeySerial)
		}
	}
	return serials
}

func keyFinding(kf KeyFinding, serial uint32, a *Account) Finding {
	f := Finding{
		Severity:  ParseSeverity(string(kf.Severity)),
		Code:      KeyCodePrefix + kf.Code,
		KeySerial: serial,
		Message:   fmt.Sprintf("key %d: %s", serial, kf.Message),
		Fix:       kf.Fix,
		Action:    kf.Action,
	}
	f.Action.KeySerial = serial
	if a != nil {
		f.AccountID, f.Account = a.ID, a.Name
		f.Message = fmt.Sprintf("%s uses key %d: %s", a.Name, serial, kf.Message)
	}
	return f
}

func checkAccount(a Account, in Input, now time.Time) []Finding {
	var out []Finding
	add := func(sev Severity, code string, f *Factor, msg, fix string, do finding.Action) {
		x := Finding{Severity: sev, Code: code, AccountID: a.ID, Account: a.Name, Message: msg, Fix: fix, Action: do}
		x.Action.AccountID, x.Action.Account = a.ID, a.Name
		if f != nil {
			x.FactorID = f.ID
			if f.Kind == KeyFactor {
				x.KeySerial = f.KeySerial
			}
		}
		out = append(out, x)
	}
	act := func(kind finding.ActionKind) finding.Action { return finding.Action{Kind: kind} }

	live := a.LiveFactors()
	counted := CountedFactors(a, in.Codes[a.ID])
	switch n := len(counted); {
	case n == 0:
		add(Critical, CodeNoFactor, nil,
			fmt.Sprintf("%s has no MFA factor recorded: a stolen password is enough to sign in, or Twofold does not know the factor it has.", a.Name),
			fmt.Sprintf("Register at least two factors on %s (for example a seed in Twofold and a hardware key) and record them in Twofold.", a.Name),
			act(finding.AddFactor))
	case n == 1:
		f := &counted[0]
		if where, ok := SecondCopy(*f, in.Seeds, in.Keys); ok {
			// The seed is on a second device already: advise what is not.
			if where != "" {
				where = " (" + where + ")"
			}
			add(Warning, CodeSingleFactor, f,
				fmt.Sprintf("%s has a single factor, %s. Its seed is on a second device too%s, so one lost phone does not lock the account, but everything rests on that one seed.", a.Name, f.DescribeWith(in.Seeds, in.Keys), where),
				"Register a second factor of another kind on the account, such as a hardware key, and record it in Twofold."+awsRecoveryHint(a),
				act(finding.AddFactor))
			break
		}
		add(Warning, CodeSingleFactor, f,
			fmt.Sprintf("%s has a single factor, %s: losing that one device locks the account.", a.Name, f.DescribeWith(in.Seeds, in.Keys)),
			"Register a second factor on the account now, while you can still sign in: a hardware key, or an authenticator app on another phone; then record it in Twofold."+awsRecoveryHint(a),
			act(finding.AddFactor))
	case a.Provider == AWS && len(live) > aws.MaxFactorsPerUser:
		add(Warning, CodeTooManyFactors, nil,
			fmt.Sprintf("%s has %d factors recorded, but AWS allows at most %d per user: some of these records are stale.", a.Name, len(live), aws.MaxFactorsPerUser),
			"Compare with the MFA devices listed in the IAM console and remove the records of the ones AWS no longer has.",
			act(finding.RemoveFactor))
	}

	for i := range live {
		f := &live[i]
		switch f.Kind {
		case SeedFactor:
			j := seedByID(in.Seeds, f.SeedID)
			if j < 0 {
				add(Warning, CodeMissingSeed, f,
					fmt.Sprintf("A factor of %s points at a seed that is no longer in the vault.", a.Name),
					"If the device is still registered with the provider, restore the seed from a backup of the vault or from the device that holds it; if it is deregistered, remove the factor.",
					finding.Action{Kind: finding.RemoveFactor, FactorID: f.ID})
				continue
			}
			if f.LastVerified(in.Seeds).IsZero() {
				add(Info, CodeSeedUnverified, f,
					fmt.Sprintf("The seed %s of %s has never been checked on a second device.", in.Seeds[j].Label(), a.Name),
					"Show its backup QR, scan it with a second phone and check the code that phone shows, so a lost phone is not a lost seed.",
					finding.Action{Kind: finding.VerifySeed, SeedID: f.SeedID})
			}
		case KeyFactor:
			k := keyBySerial(in.Keys, f.KeySerial)
			switch {
			case k < 0:
				add(Warning, CodeMissingKey, f,
					fmt.Sprintf("A factor of %s is on key %d, which Twofold no longer knows.", a.Name, f.KeySerial),
					"Plug the key in so Twofold records it again; if the key is gone, deregister it at the provider and remove the factor.",
					finding.Action{Kind: finding.PlugInKey, KeySerial: f.KeySerial})
			case in.Keys[k].LastSeen.IsZero():
				add(Info, CodeKeyNeverSeen, f,
					fmt.Sprintf("%s uses key %d, which Twofold has never seen plugged in.", a.Name, f.KeySerial),
					"Plug the key in, so Twofold can check its state and notice if it goes missing.",
					finding.Action{Kind: finding.PlugInKey, KeySerial: f.KeySerial})
			case now.Sub(in.Keys[k].LastSeen) > KeyNotSeenAfter:
				days := int(now.Sub(in.Keys[k].LastSeen) / (24 * time.Hour))
				add(Warning, CodeKeyNotSeen, f,
					fmt.Sprintf("%s uses key %d, last seen %d days ago: it may be lost.", a.Name, f.KeySerial, days),
					"Find the key and plug it in. If it is lost, deregister it at the provider and register a replacement.",
					finding.Action{Kind: finding.PlugInKey, KeySerial: f.KeySerial})
			}
		}
	}

	out = append(out, codeFindings(a, in.Codes[a.ID])...)

	if a.IsAWSRoot() {
		for i := range a.Factors {
			if f := &a.Factors[i]; f.Unknown() {
				add(Warning, CodeAWSUnknownFactor, f,
					fmt.Sprintf("AWS lists no MFA device for the root user of %s, yet the inventory records %s: AWS does not know this device. The seed may belong to another account, or the device was never enabled in AWS; Twofold no longer counts it.", a.Name, f.DescribeWith(in.Seeds, in.Keys)),
					"Sign in to the AWS console as the root user and look at its MFA devices: if this device is there and works, record that it works; if not, add it as an MFA device there, or remove the factor.",
					finding.Action{Kind: finding.ConfirmFactor, FactorID: f.ID})
			}
		}
		switch {
		case a.Phone == "":
			add(Info, CodeNoPhone, nil,
				fmt.Sprintf("Twofold does not know the phone number on file for %s; AWS calls it when the root user's MFA device is lost.", a.Name),
				"Check the number under Account settings in the AWS console and record it in Twofold.",
				act(finding.EditPhone))
		case !Dialable(a.Phone):
			add(Warning, CodePhoneInvalid, nil,
				fmt.Sprintf("The recovery phone of %s, %q, is not a number AWS can dial: if the MFA device is lost, AWS cannot call you to let you back in.", a.Name, a.Phone),
				"Correct the phone number under Account settings in the AWS console (with the country code), then record it in Twofold.",
				act(finding.EditPhone))
		}
		if a.Email == "" {
			add(Info, CodeNoEmail, nil,
				fmt.Sprintf("Twofold does not know the root user email of %s; AWS sends a verification link there when the MFA device is lost.", a.Name),
				"Record it in Twofold, and make sure that mailbox is one you can still open.",
				act(finding.EditEmail))
		}
	}
	return out
}

// SecondCopy says where else than this vault the seed of a seed factor
// is recorded to be: the device it was last verified on ("" when it was
// not named), else a hardware key that holds it. ok
// is false when no copy is recorded, or f is not a seed factor.
func SecondCopy(f Factor, seeds []token.Seed, keys []KeyRecord) (where string, ok bool) {
	if f.Kind != SeedFactor {
		return "", false
	}
	if i := seedByID(seeds, f.SeedID); i >= 0 && !f.LastVerified(seeds).IsZero() {
		return seeds[i].VerifiedOn, true
	}
	if h := Holders(keys, f.SeedID); len(h) > 0 {
		return keyName(h[0].Key), true
	}
	return "", false
}

func awsRecoveryHint(a Account) string {
	if a.Provider == AWS {
		return fmt.Sprintf(" AWS allows up to %d MFA devices per user, so there is room.", aws.MaxFactorsPerUser)
	}
	return ""
}
