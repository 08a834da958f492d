package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

func runAWS(c *cli, args []string) error {
	return dispatch(c, "aws", []subcommand{{"sync", runAWSSync}, {"enroll", runAWSEnroll}}, args)
}

// awsSyncJSON is what 'aws sync --json' prints: the report in words
// (changes, findings, unseen) and as data (report).
type awsSyncJSON struct {
	AccountID string                  `json:"account_id"`
	CallerARN string                  `json:"caller_arn"`
	Synced    time.Time               `json:"synced"`
	Changes   []string                `json:"changes"`
	Findings  []string                `json:"findings"`
	Unseen    []string                `json:"unseen"`
	Report    inventory.IAMSyncReport `json:"report"`
	IAM       inventory.IAMSnapshot   `json:"iam"`
	Accounts  []inventory.Account     `json:"accounts"`
}

func runAWSSync(c *cli, args []string) error {
	fs := c.flags("aws sync")
	profile := fs.String("profile", "", "AWS profile (default: the SDK's chain: AWS_PROFILE, environment, SSO, ...)")
	asJSON := fs.Bool("json", false, "print JSON")
	org := fs.Bool("organization", false, "sync every account of the AWS organization (management or delegated administrator credentials)")
	role := fs.String("role", awsiam.DefaultRole, "with --organization: the role to assume in each member account")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *org {
		return runAWSSyncOrganization(c, *profile, *role, *asJSON)
	}
	ctx := context.Background()
	api, err := c.newIAM(ctx, *profile)
	if err != nil {
		return awsHint(err)
	}
	snap, err := api.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("%w (the vault is unchanged)", awsHint(err))
	}
	at := c.now()
	var rep inventory.IAMSyncReport
	var words awsWords
	err = c.edit(func(v *vault.Vault) error {
		reps, err := v.Data.ApplyIAMs([]inventory.IAMSnapshot{snap}, at)
		rep, words = reps[0], newAWSWords(&v.Data)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c, words.json(snap, rep, at))
	}
	fmt.Fprint(c.stdout, words.report(snap, rep))
	return nil
}

// awsHint adds to an AWS error what to do about it on the command line.
func awsHint(err error) error {
	switch {
	case errors.Is(err, awsiam.ErrNoCredentials):
		return fmt.Errorf("%w: set a profile (--profile, AWS_PROFILE), run 'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", err)
	case errors.Is(err, awsiam.ErrSSOExpired):
		return fmt.Errorf("%w: run 'aws sso login' (with --profile for your profile) and try again", err)
	case errors.Is(err, awsiam.ErrExpired):
		return fmt.Errorf("%w: refresh them ('aws sso login' for SSO) and try again", err)
	case errors.Is(err, awsiam.ErrThrottled):
		return fmt.Errorf("%w: wait a minute and try again", err)
	case errors.Is(err, awsiam.ErrNetwork):
		return fmt.Errorf("%w: check the network connection (and AWS_ENDPOINT_URL, if set)", err)
	case errors.Is(err, awsiam.ErrDeviceNameTaken):
		return fmt.Errorf("%w: choose another --device-name, or delete the old device in IAM", err)
	case errors.Is(err, awsiam.ErrInvalidCode):
		return fmt.Errorf("%w: check it and enroll again", err)
	case errors.Is(err, awsiam.ErrDeviceLimit):
		return fmt.Errorf("%w: remove one first", err)
	}
	return err
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
		return awsHint(err)
	}
	var done awsiam.Enrolled
	err = c.editLocked(func(v *vault.Vault) error {
		store := &vault.EnrollStore{Change: v.SaveChange, Now: c.now}
		fmt.Fprintln(c.stdout, "Creating the device; enabling it waits for the next 30-second code (up to 30 s)...")
		done, err = awsiam.Enroll(ctx, api, store, c.enrollClock, awsiam.Enrollment{User: *user, DeviceName: *deviceName})
		return err
	})
	if err != nil {
		return awsHint(err)
	}
	fmt.Fprintf(c.stdout, "Enrolled %s for %s in AWS account %s; its seed %s is in the vault.\n", done.Serial, done.User, done.AccountID, done.Seed.Label())
	fmt.Fprintln(c.stdout, "Add it to a second device now with 'twofold qr "+done.Seed.ID+"', then check it with 'twofold verify'.")
	return nil
}
