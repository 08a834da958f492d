package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// newOrg connects to an AWS organization's management (or delegated
// administrator) account; tests replace it.
var newOrg = func(ctx context.Context, profile string) (awsiam.Organization, error) {
	return awsiam.New(ctx, profile)
}

// awsOrgJSON is what 'aws sync --organization --json' prints.
type awsOrgJSON struct {
	CallerAccount          string           `json:"caller_account"`
	RootCredentialsManaged bool             `json:"root_credentials_managed"`
	Complete               bool             `json:"complete"`
	Synced                 time.Time        `json:"synced"`
	Accounts               []awsOrgAccountJ `json:"accounts"`
}

// awsOrgAccountJ is one account of the organization in awsOrgJSON.
type awsOrgAccountJ struct {
	awsiam.Member
	Read    bool         `json:"read"`
	Skipped bool         `json:"skipped,omitempty"`
	Error   string       `json:"error,omitempty"`
	Sync    *awsSyncJSON `json:"sync,omitempty"`
}

// runAWSSyncOrganization syncs every active account of the organization
// (awsiam.Client.ReadOrganization) and applies all that was read in one
// save; an account that could not be read is one line, and the exit
// status is 1 then.
func runAWSSyncOrganization(c *cli, profile, role string, asJSON bool) error {
	ctx := context.Background()
	api, err := newOrg(ctx, profile)
	if err != nil {
		return awsHint(err)
	}
	org, err := api.ReadOrganization(ctx, awsiam.OrgOptions{Role: role, Progress: func(p awsiam.Progress) {
		state := "read"
		switch {
		case p.Err != nil:
			state = "not read"
		case !p.Account.Active():
			state = strings.ToLower(p.Account.State) + ", skipped"
		}
		fmt.Fprintf(c.stderr, "account %d of %d: %s %s: %s\n", p.Done, p.Total, p.Account.ID, p.Account.Name, state)
	}})
	if err != nil {
		return fmt.Errorf("%w (the vault is unchanged)", orgHint(err))
	}
	at := c.now()
	snaps := org.Snapshots()
	var reps []inventory.IAMSyncReport
	var words awsWords
	err = c.edit(func(v *vault.Vault) error {
		var err error
		reps, err = v.Data.ApplyIAMs(snaps, at)
		words = newAWSWords(&v.Data)
		return err
	})
	if err != nil {
		return err
	}
	out := awsOrgJSON{CallerAccount: org.Caller, RootCredentialsManaged: org.RootCredentialsManaged, Complete: org.Complete(), Synced: at.UTC().Truncate(time.Second)}
	var b strings.Builder
	read, skipped, failed := 0, 0, 0
	for i, m := range org.Accounts {
		if i > 0 {
			b.WriteString("\n")
		}
		j := awsOrgAccountJ{Member: m.Account, Read: m.Read(), Skipped: m.Skipped}
		switch {
		case m.Skipped:
			skipped++
			fmt.Fprintf(&b, "AWS account %s (%s): %s, not read\n", m.Account.ID, m.Account.Name, strings.ToLower(m.Account.State))
		case m.Err != nil:
			failed++
			j.Error = orgHint(m.Err).Error()
			fmt.Fprintf(&b, "AWS account %s (%s): NOT READ %s\n", m.Account.ID, m.Account.Name, j.Error)
		default:
			sync := words.json(m.Snapshot, reps[read], at)
			j.Sync = &sync
			b.WriteString(words.report(m.Snapshot, reps[read]))
			read++
		}
		out.Accounts = append(out.Accounts, j)
	}
	fmt.Fprintf(&b, "Read %s of %d", count(read, "account"), len(org.Accounts))
	if skipped > 0 {
		fmt.Fprintf(&b, "; %d not active, skipped", skipped)
	}
	if failed > 0 {
		fmt.Fprintf(&b, "; %d could not be read", failed)
	}
	b.WriteString(".\n")
	if asJSON {
		err = writeJSON(c, out)
	} else {
		_, err = fmt.Fprint(c.stdout, b.String())
	}
	if err == nil && failed > 0 {
		err = &exitError{code: 1, err: fmt.Errorf("%s of the organization could not be read; the others were synced", count(failed, "account"))}
	}
	return err
}

// orgHint adds to an error of an organization sync what to do about it.
func orgHint(err error) error {
	var role *awsiam.RoleError
	switch {
	case errors.Is(err, awsiam.ErrRoleRefused) && errors.As(err, &role):
		return fmt.Errorf("%w: AWS refused sts:AssumeRole into %s: check that the role exists there and trusts this account, or name another with --role", awsiam.ErrRoleRefused, role.Role)
	case errors.Is(err, awsiam.ErrNoOrganization):
		return fmt.Errorf("%w: sync it without --organization", err)
	case errors.Is(err, awsiam.ErrNoOrganizationAccess):
		return fmt.Errorf("%w: use the management account's credentials, or a delegated administrator's", err)
	}
	return awsHint(err)
}
