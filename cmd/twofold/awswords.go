package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// awsWords words an AWS sync's report for the terminal, naming factors
// as the vault after the sync has them.
type awsWords struct {
	accounts []inventory.Account
	data     *vault.Data
}

func newAWSWords(d *vault.Data) awsWords {
	return awsWords{accounts: append([]inventory.Account(nil), d.Accounts...), data: d}
}

// factor names the factor with id and the account it is on.
func (w awsWords) factor(id string) (factor, account string) {
	for _, a := range w.accounts {
		for _, f := range a.Factors {
			if f.ID == id {
				return f.DescribeWith(w.data.Seeds, w.data.Keys), a.Name
			}
		}
	}
	return "factor " + id, ""
}

// caller says who a snapshot was taken as: "AWS account 123456789012, as
// an IAM principal (arn:aws:iam::...:user/admin)".
func caller(s inventory.IAMSnapshot) string {
	who := "an IAM principal"
	if s.CallerIsRoot {
		who = "the root user"
	}
	name := s.AccountID
	if s.AccountName != "" {
		name += " (" + s.AccountName + ")"
	}
	return fmt.Sprintf("AWS account %s, as %s (%s)", name, who, s.CallerARN)
}

// report is the sync report, one line each: who synced, the changes (or
// that the inventory already matched), then the findings ("FINDING  ...")
// and what IAM could not show this caller ("NOT SEEN ...").
func (w awsWords) report(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport) string {
	var b strings.Builder
	b.WriteString(caller(snap) + "\n")
	if len(rep.Changes) == 0 {
		b.WriteString("Your inventory already matched IAM.\n")
	}
	for _, s := range w.changes(rep) {
		b.WriteString("  " + s + "\n")
	}
	if rep.NoRootCredentials {
		b.WriteString("SAFE     root has no credentials at all: the organization manages root access centrally\n")
	}
	for _, s := range w.findings(rep) {
		b.WriteString("FINDING  " + s + "\n")
	}
	for _, s := range unseenWords(rep) {
		b.WriteString("NOT SEEN " + s + "\n")
	}
	return b.String()
}

func (w awsWords) json(snap inventory.IAMSnapshot, rep inventory.IAMSyncReport, at time.Time) awsSyncJSON {
	out := awsSyncJSON{AccountID: snap.AccountID, CallerARN: snap.CallerARN, Synced: at.UTC().Truncate(time.Second),
		Changes: nonNil(w.changes(rep)), Findings: nonNil(w.findings(rep)), Unseen: nonNil(unseenWords(rep)), Report: rep, IAM: snap,
		Accounts: []inventory.Account{}}
	for _, a := range w.accounts {
		if a.Provider == inventory.AWS && a.AWSAccount == snap.AccountID {
			out.Accounts = append(out.Accounts, a)
		}
	}
	return out
}

func (w awsWords) changes(rep inventory.IAMSyncReport) []string {
	var out []string
	for _, c := range rep.Changes {
		switch c.Kind {
		case inventory.ChangeAccountAdded:
			out = append(out, fmt.Sprintf("IAM has %s; added the account %s to your inventory", principalWords(c.Principal), c.Account))
		case inventory.ChangeDevicesFound:
			out = append(out, fmt.Sprintf("IAM has %s for %s; your inventory had %s", count(c.Devices, "MFA device"), c.Principal, countWord(c.Had)))
		case inventory.ChangeDeviceGone:
			out = append(out, fmt.Sprintf("IAM no longer has %s device %s for %s; marked gone in your inventory", c.DeviceType, c.Device, c.Principal))
		case inventory.ChangeFactorUnknown:
			f, _ := w.factor(c.FactorID)
			out = append(out, fmt.Sprintf("IAM lists no MFA device for root; your inventory no longer counts %s", f))
		case inventory.ChangeFactorKnown:
			f, _ := w.factor(c.FactorID)
			out = append(out, fmt.Sprintf("IAM says root has MFA again; your inventory counts %s again", f))
		default:
			out = append(out, c.Kind)
		}
	}
	return out
}

func (w awsWords) findings(rep inventory.IAMSyncReport) []string {
	var out []string
	for _, f := range rep.Findings {
		switch f.Code {
		case inventory.IAMRootNoMFA:
			out = append(out, "root has no MFA device: anyone with the root password can sign in")
		case inventory.IAMUserNoMFA:
			out = append(out, f.Principal+" has no MFA device")
		case inventory.IAMDeviceUnassigned:
			out = append(out, fmt.Sprintf("virtual MFA device %s is assigned to nobody: a leftover of an enrollment that did not finish; delete it in IAM", f.Device))
		case inventory.IAMFactorUnknown:
			factor, account := w.factor(f.FactorID)
			out = append(out, fmt.Sprintf("AWS does not know root's %s: the seed may belong to another account, or the device was never enabled; check in the console, then 'twofold factor verify %q %s' if it works",
				factor, account, f.FactorID))
		default:
			out = append(out, f.Code)
		}
	}
	return out
}

func unseenWords(rep inventory.IAMSyncReport) []string {
	var out []string
	for _, u := range rep.Unseen {
		switch u.Code {
		case inventory.UnseenRootKeys:
			out = append(out, "root's hardware and FIDO devices: IAM shows them only to root credentials")
		case inventory.UnseenRootDevice:
			out = append(out, "root's MFA device: IAM says root has MFA, and it is not a virtual device this caller can see")
		case inventory.UnseenUsers:
			out = append(out, "the IAM users and their devices: "+u.Permission+" was refused")
		case inventory.UnseenVirtual:
			out = append(out, "root's virtual devices and unassigned ones: "+u.Permission+" was refused")
		case inventory.UnseenRootMFA:
			out = append(out, "whether root has MFA: "+u.Permission+" was refused")
		default:
			out = append(out, u.Code)
		}
	}
	return out
}

// principalWords names an IAM principal in a sentence: "user bob", "the
// root user".
func principalWords(p string) string {
	if p == inventory.RootPrincipal {
		return "the root user"
	}
	return "user " + p
}

func countWord(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}
