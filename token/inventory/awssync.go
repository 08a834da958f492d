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

// SeenRefresh is how old a device's Seen time may be before a sync
// writes the new one: a sync soon after another, with nothing changed in
// IAM, changes nothing in the inventory.
const SeenRefresh = 24 * time.Hour

// ApplyIAM brings the inventory in line with what IAM showed: an account
// per IAM user and for root, each device a factor (a vault seed's factor
// when a seed's label names the device's account and user), created when
// missing; a factor that came from IAM and that IAM no longer lists is
// marked gone, never deleted, and factors recorded by hand are left
// alone, except that root's are marked unknown (Factor.Unknown) when IAM
// says root has no MFA device at all. It returns the new accounts and a
// report. It is pure.
func ApplyIAM(accounts []Account, seeds []token.Seed, snap IAMSnapshot, now time.Time, newID func() string) ([]Account, IAMSyncReport) {
	now = now.UTC().Truncate(time.Second)
	var rep IAMSyncReport
	rep.NoRootCredentials = snap.NoRootCredentials()
	principals := []string{RootPrincipal}
	if snap.UsersListed {
		principals = append(principals, snap.Users...)
	}
	for _, p := range principals {
		devices := snap.userDevices(p)
		i := findAWSAccount(accounts, snap.AccountID, p)
		if i < 0 {
			if p == RootPrincipal && len(devices) == 0 && (!snap.Member() || rep.NoRootCredentials) {
				// Root gets an account once a device of it is seen, or
				// as a member of an organization whose root can sign in.
				rep.Findings = append(rep.Findings, rootFindings(snap)...)
				continue
			}
			accounts = append(accounts, Account{ID: newID(), Name: awsName(snap, p), Provider: AWS, AWSAccount: snap.AccountID, Principal: p})
			i = len(accounts) - 1
			rep.AccountsCreated++
			rep.Changes = append(rep.Changes, IAMChange{Kind: ChangeAccountAdded, Principal: p, Account: accounts[i].Name})
		}
		a := &accounts[i]
		if p == RootPrincipal && a.Email == "" && snap.AccountEmail != "" {
			a.Email = snap.AccountEmail
		}
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
			rep.Changes = append(rep.Changes, IAMChange{Kind: ChangeDeviceGone, Principal: p, Device: DeviceName(r.Serial), DeviceType: r.Type})
		}
		if added > 0 {
			rep.Changes = append(rep.Changes, IAMChange{Kind: ChangeDevicesFound, Principal: p, Devices: len(devices), Had: before})
		}
		switch {
		case p == RootPrincipal:
			rep.Findings = append(rep.Findings, rootFindings(snap)...)
			changes, findings := reconcileRoot(a, snap, devices, now)
			rep.Changes, rep.Findings = append(rep.Changes, changes...), append(rep.Findings, findings...)
		case len(devices) == 0:
			rep.Findings = append(rep.Findings, IAMFinding{Code: IAMUserNoMFA, Principal: p})
		}
	}
	for _, d := range snap.Unassigned {
		rep.Findings = append(rep.Findings, IAMFinding{Code: IAMDeviceUnassigned, Device: DeviceName(d.Serial)})
	}
	rep.Unseen = unseen(snap)
	return accounts, rep
}

// awsName names a new inventory account: with the member's name in
// Organizations when the snapshot has one.
func awsName(snap IAMSnapshot, principal string) string {
	if snap.AccountName != "" {
		return fmt.Sprintf("AWS %s (%s) %s", snap.AccountName, snap.AccountID, principal)
	}
	return AWSAccountName(snap.AccountID, principal)
}

// mfaKinds are the kinds of factor that count as an MFA device of an AWS
// root user.
var mfaKinds = []FactorKind{SeedFactor, KeyFactor, AppFactor, PasskeyFactor}

// reconcileRoot compares root's recorded factors with what IAM says of
// root as a whole: when GetAccountSummary says root has no MFA device, a
// factor whose device IAM did not just list is unknown to AWS (marked so
// once, and found each time until the user records that it works); when
// it says root has MFA, such marks are taken off again.
func reconcileRoot(a *Account, snap IAMSnapshot, devices []IAMDevice, now time.Time) ([]IAMChange, []IAMFinding) {
	if snap.RootMFAEnabled == nil {
		return nil, nil
	}
	var changes []IAMChange
	var findings []IAMFinding
	for j := range a.Factors {
		f := &a.Factors[j]
		if !slices.Contains(mfaKinds, f.Kind) || f.Gone() ||
			(f.IAM != nil && slices.ContainsFunc(devices, func(d IAMDevice) bool { return d.Serial == f.IAM.Serial })) {
			continue
		}
		switch {
		case *snap.RootMFAEnabled && !f.AWSUnknown.IsZero():
			f.AWSUnknown = time.Time{}
			changes = append(changes, IAMChange{Kind: ChangeFactorKnown, Principal: RootPrincipal, FactorID: f.ID})
		case !*snap.RootMFAEnabled && f.AWSUnknown.IsZero():
			f.AWSUnknown = now
			changes = append(changes, IAMChange{Kind: ChangeFactorUnknown, Principal: RootPrincipal, FactorID: f.ID})
			fallthrough
		case !*snap.RootMFAEnabled && f.Unknown():
			findings = append(findings, IAMFinding{Code: IAMFactorUnknown, Principal: RootPrincipal, FactorID: f.ID})
		}
	}
	return changes, findings
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
			if r.Type != rec.Type || !r.Enabled.Equal(rec.Enabled) || !r.Gone.IsZero() || now.Sub(r.Seen) >= SeenRefresh {
				a.Factors[j].IAM = rec
			}
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

func rootFindings(s IAMSnapshot) []IAMFinding {
	if s.RootMFAEnabled != nil && !*s.RootMFAEnabled && !s.NoRootCredentials() {
		return []IAMFinding{{Code: IAMRootNoMFA, Principal: RootPrincipal}}
	}
	return nil
}

// AWSStaleAfter is how old the last sync of an AWS account may be
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
				Message: fmt.Sprintf("The AWS picture of account %s is %d days old (last synced with AWS on %s): IAM may have changed since.", id, int(age.Hours()/24), t.UTC().Format(time.DateOnly)),
				Fix:     "Sync with AWS again, with credentials for that account.",
			})
		}
	}
	return out
}
