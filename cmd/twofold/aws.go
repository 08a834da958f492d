package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

func runAWS(c *cli, args []string) error {
	return dispatch(c, "aws", []subcommand{{"sync", runAWSSync}, {"enroll", runAWSEnroll}}, args)
}

// awsSyncJSON is what 'aws sync --json' prints.
type awsSyncJSON struct {
	AccountID string                `json:"account_id"`
	CallerARN string                `json:"caller_arn"`
	Synced    time.Time             `json:"synced"`
	Changes   []string              `json:"changes"`
	Findings  []string              `json:"findings"`
	Unseen    []string              `json:"unseen"`
	IAM       inventory.IAMSnapshot `json:"iam"`
	Accounts  []inventory.Account   `json:"accounts"`
}

func runAWSSync(c *cli, args []string) error {
	fs := c.flags("aws sync")
	profile := fs.String("profile", "", "AWS profile (default: the SDK's chain: AWS_PROFILE, environment, SSO, ...)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	ctx := context.Background()
	api, err := c.newIAM(ctx, *profile)
	if err != nil {
		return err
	}
	snap, err := api.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("%w (the vault is unchanged)", err)
	}
	at := c.now()
	var rep inventory.IAMSyncReport
	var accounts []inventory.Account
	err = c.edit(func(v *vault.Vault) error {
		rep = v.Data.ApplyIAM(snap, at)
		for _, a := range v.Data.Accounts {
			if a.Provider == inventory.AWS && a.AWSAccount == snap.AccountID {
				accounts = append(accounts, a)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		out := awsSyncJSON{AccountID: snap.AccountID, CallerARN: snap.CallerARN, Synced: at.UTC().Truncate(time.Second),
			Changes: nonNil(rep.Changes), Findings: nonNil(rep.Findings), Unseen: nonNil(rep.Unseen), IAM: snap, Accounts: accounts}
		return writeJSON(c, out)
	}
	fmt.Fprint(c.stdout, rep.Text(snap))
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func runAWSEnroll(c *cli, args []string) error {
	fs := c.flags("aws enroll")
	user := fs.String("user", "", "the IAM user to enroll a virtual MFA device for")
	deviceName := fs.String("device-name", "", "the device's name in IAM (default: the user name)")
	profile := fs.String("profile", "", "AWS profile (default: the SDK's chain)")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *user == "" {
		return usagef("aws enroll: --user NAME is required")
	}
	ctx := context.Background()
	api, err := c.newIAM(ctx, *profile)
	if err != nil {
		return err
	}
	var done awsiam.Enrolled
	err = c.editLocked(func(v *vault.Vault) error {
		store := &vault.EnrollStore{Change: v.SaveChange, Now: c.now}
		fmt.Fprintln(c.stdout, "Creating the device; enabling it waits for the next 30-second code (up to 30 s)...")
		done, err = awsiam.Enroll(ctx, api, store, c.enrollClock, awsiam.Enrollment{User: *user, DeviceName: *deviceName})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, done.Summary())
	fmt.Fprintln(c.stdout, "Add it to a second device now with 'twofold qr "+done.Seed.ID+"', then check it with 'twofold verify'.")
	return nil
}
