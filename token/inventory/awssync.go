package inventory

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
)

// IAMSyncReport says what ApplyIAM changed and found, in words.
type IAMSyncReport struct {
	// Changes are the differences between IAM and the inventory as it
	// was: "IAM has 1 MFA device for alice; your inventory had none".
	Changes []string `json:"changes"`
	// Findings are what is wrong in IAM itself: "bob has no MFA device".
	Findings []string `json:"findings"`
	// Unseen is what IAM could not show to this caller.
	Unseen []string `json:"unseen"`
	// AccountsCreated counts the inventory accounts made for IAM users.
	AccountsCreated int `json:"accounts_created"`
}

// ApplyIAM brings the inventory in line with what IAM showed: an account
// per IAM user and for root, each device a factor (a vault seed's factor
// when a seed's label names the device's account and user), created when
// missing; a factor that came from IAM and that IAM no longer lists is
// marked gone, never deleted, and factors recorded by hand are left
// alone. It returns the new accounts and a report. It is pure.
func ApplyIAM(accounts []Account, seeds []token.Seed, snap IAMSnapshot, now time.Time, newID func() string) ([]Account, IAMSyncReport) {
	now = now.UTC().Truncate(time.Second)
	var rep IAMSyncReport
	principals := []string{RootPrincipal}
	if snap.UsersListed {
		principals = append(principals, snap.Users...)
	}
	for _, p := range principals {
		devices := snap.userDevices(p)
		i := findAWSAccount(accounts, snap.AccountID, p)
		if i < 0 {
			if len(devices) == 0 && p == RootPrincipal {
				// Root gets an account only once a device of it is seen.
				rep.Findings = append(rep.Findings, rootFinding(snap)...)
				continue
			}
			accounts = append(accounts, Account{ID: newID(), Name: AWSAccountName(snap.AccountID, p), Provider: AWS, AWSAccount: snap.AccountID, Principal: p})
			i = len(accounts) - 1
			rep.AccountsCreated++
			rep.Changes = append(rep.Changes, fmt.Sprintf("IAM has %s; added the account %s to your inventory", principalWords(p), accounts[i].Name))
		}
		a := &accounts[i]
		before := liveIAMFactors(*a)
		var added int
		for _, d := range devices {
			if applyDevice(a, seeds, d, now, newID) {
				added++
			}
		}
		for j := range a.Factors {
			r := a.Factors[j].IAM
			if r == nil || !r.Gone.IsZero() || !snap.sees(p, r.Type) || slices.ContainsFunc(devices, func(d IAMDevice) bool { return d.Serial == r.Serial }) {
				continue
			}
			r.Gone = now
			rep.Changes = append(rep.Changes, fmt.Sprintf("IAM no longer has %s device %s for %s; marked gone in your inventory", r.Type, DeviceName(r.Serial), p))
		}
		if added > 0 {
			rep.Changes = append(rep.Changes, fmt.Sprintf("IAM has %s for %s; your inventory had %s", devicesWord(len(devices)), p, countWord(before)))
		}
		if p == RootPrincipal {
			rep.Findings = append(rep.Findings, rootFinding(snap)...)
		} else if len(devices) == 0 {
			rep.Findings = append(rep.Findings, p+" has no MFA device")
		}
	}
	for _, d := range snap.Unassigned {
		rep.Findings = append(rep.Findings, fmt.Sprintf("virtual MFA device %s is assigned to nobody: a leftover of an enrollment that did not finish; delete it in IAM", DeviceName(d.Serial)))
	}
	rep.Unseen = unseen(snap)
	return accounts, rep
}

// principalWords names an IAM principal in a sentence: "user bob", "the
// root user".
func principalWords(p string) string {
	if p == RootPrincipal {
		return "the root user"
	}
	return "user " + p
}

// RecordIAMDevice records one device IAM has just registered (after an
// enrollment) on the account of its user, creating the account when
// missing; the other factors are left as they are.
func RecordIAMDevice(accounts []Account, seeds []token.Seed, awsAccount string, d IAMDevice, now time.Time, newID func() string) []Account {
	i := findAWSAccount(accounts, awsAccount, d.User)
	if i < 0 {
		accounts = append(accounts, Account{ID: newID(), Name: AWSAccountName(awsAccount, d.User), Provider: AWS, AWSAccount: awsAccount, Principal: d.User})
		i = len(accounts) - 1
	}
	applyDevice(&accounts[i], seeds, d, now.UTC().Truncate(time.Second), newID)
	return accounts
}

// applyDevice records d on a, updating the factor that already names it;
// it reports whether a factor was added or newly tied to the device.
func applyDevice(a *Account, seeds []token.Seed, d IAMDevice, now time.Time, newID func() string) bool {
	rec := &IAMRecord{Serial: d.Serial, Type: d.Type, Enabled: d.Enabled.UTC(), Seen: now}
	for j := range a.Factors {
		if r := a.Factors[j].IAM; r != nil && r.Serial == d.Serial {
			a.Factors[j].IAM = rec
			return false
		}
	}
	if d.Type == IAMVirtual {
		for j, f := range a.Factors {
			if f.Kind == SeedFactor && f.IAM == nil && seedFitsDevice(seeds, f.SeedID, a.AWSAccount, d) {
				a.Factors[j].IAM = rec
				return true
			}
		}
	}
	f := Factor{ID: newID(), Registered: rec.Enabled, IAM: rec}
	switch d.Type {
	case IAMVirtual:
		f.Kind, f.Label = AppFactor, "virtual MFA device "+DeviceName(d.Serial)+" (seed not in this vault)"
		if id := fittingSeed(seeds, a.AWSAccount, d); id != "" {
			f.Kind, f.SeedID, f.Label = SeedFactor, id, ""
		}
	case IAMFIDO:
		f.Kind, f.Label = PasskeyFactor, "FIDO security key registered in IAM"
	default:
		f.Kind, f.Label = AppFactor, "hardware TOTP token "+d.Serial
	}
	a.Factors = append(a.Factors, f)
	return true
}

// seedFitsDevice reports whether the seed with id is labelled for d: the
// same AWS account, and the device's name or its user before the '@'.
func seedFitsDevice(seeds []token.Seed, id, awsAccount string, d IAMDevice) bool {
	i := seedByID(seeds, id)
	if i < 0 {
		return false
	}
	dev, ok := aws.Recognize(seeds[i])
	if !ok || !strings.EqualFold(dev.Account, awsAccount) {
		return false
	}
	return strings.EqualFold(dev.Name, DeviceName(d.Serial)) || strings.EqualFold(PrincipalForDevice(dev), d.User)
}

// fittingSeed returns the id of a vault seed labelled for d, "" if none.
func fittingSeed(seeds []token.Seed, awsAccount string, d IAMDevice) string {
	for _, s := range seeds {
		if seedFitsDevice(seeds, s.ID, awsAccount, d) {
			return s.ID
		}
	}
	return ""
}

func liveIAMFactors(a Account) int {
	n := 0
	for _, f := range a.Factors {
		if f.IAM != nil && !f.Gone() {
			n++
		}
	}
	return n
}

func devicesWord(n int) string {
	if n == 1 {
		return "1 MFA device"
	}
	return fmt.Sprintf("%d MFA devices", n)
}

func countWord(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}

func rootFinding(s IAMSnapshot) []string {
	if s.RootMFAEnabled != nil && !*s.RootMFAEnabled {
		return []string{"root has no MFA device: anyone with the root password can sign in"}
	}
	return nil
}

func unseen(s IAMSnapshot) []string {
	var out []string
	if !s.CallerIsRoot {
		out = append(out, "root's hardware and FIDO devices: IAM shows them only to root credentials")
	}
	if s.RootMFAEnabled != nil && *s.RootMFAEnabled && len(s.userDevices(RootPrincipal)) == 0 {
		out = append(out, "root's MFA device: IAM says root has MFA, and it is not a virtual device this caller can see")
	}
	if !s.UsersListed {
		out = append(out, "the IAM users and their devices: "+s.UsersError)
	}
	if !s.VirtualListed {
		out = append(out, "root's virtual devices and unassigned ones: ListVirtualMFADevices was refused")
	}
	if s.RootMFAEnabled == nil {
		out = append(out, "whether root has MFA: GetAccountSummary was refused")
	}
	return out
}

// AWSStaleAfter is how old the last 'aws sync' of an account may be
// before the check says the AWS picture is out of date.
const AWSStaleAfter = 30 * 24 * time.Hour

// CodeAWSStale is the code of the finding that an AWS account's IAM
// picture is older than AWSStaleAfter.
const CodeAWSStale = "aws_sync_stale"

// AWSSyncFindings says which AWS accounts were last synced with IAM more
// than AWSStaleAfter before now; synced maps an account id to when.
func AWSSyncFindings(synced map[string]time.Time, now time.Time) []Finding {
	var out []Finding
	for _, id := range slices.Sorted(maps.Keys(synced)) {
		t := synced[id]
		if age := now.Sub(t); age > AWSStaleAfter {
			out = append(out, Finding{
				Severity: Info, Code: CodeAWSStale,
				Message: fmt.Sprintf("The AWS picture of account %s is %d days old (last 'aws sync' on %s): IAM may have changed since.", id, int(age.Hours()/24), t.UTC().Format(time.DateOnly)),
				Fix:     "Run 'twofold aws sync' with credentials for that account.",
			})
		}
	}
	return out
}
