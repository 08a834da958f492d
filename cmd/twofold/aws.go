package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// newIAM connects to IAM; tests replace it.
var newIAM = func(ctx context.Context, profile string) (awsiam.IAM, error) {
	return awsiam.New(ctx, profile)
}

// enrollClock is the clock 'aws enroll' waits on; tests replace it.
var enrollClock awsiam.Clock = awsiam.RealClock{}

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
	api, err := newIAM(ctx, *profile)
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
	who := "an IAM principal"
	if snap.CallerIsRoot {
		who = "the root user"
	}
	fmt.Fprintf(c.stdout, "AWS account %s, as %s (%s)\n", snap.AccountID, who, snap.CallerARN)
	if len(rep.Changes) == 0 {
		fmt.Fprintln(c.stdout, "Your inventory already matched IAM.")
	}
	for _, s := range rep.Changes {
		fmt.Fprintln(c.stdout, "  "+s)
	}
	for _, s := range rep.Findings {
		fmt.Fprintln(c.stdout, "FINDING  "+s)
	}
	for _, s := range rep.Unseen {
		fmt.Fprintln(c.stdout, "NOT SEEN "+s)
	}
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
	api, err := newIAM(ctx, *profile)
	if err != nil {
		return err
	}
	var done awsiam.Enrolled
	err = c.editLocked(func(v *vault.Vault) error {
		store := &vaultStore{v: v, now: c.now}
		fmt.Fprintln(c.stdout, "Creating the device; enabling it waits for the next 30-second code (up to 30 s)...")
		done, err = awsiam.Enroll(ctx, api, store, enrollClock, awsiam.Enrollment{User: *user, DeviceName: *deviceName})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Enrolled %s for %s in AWS account %s; its seed %s is in the vault.\n", done.Serial, *user, done.AccountID, done.Seed.Label())
	fmt.Fprintln(c.stdout, "Add it to a second device now with 'twofold qr "+done.Seed.ID+"', then check it with 'twofold verify'.")
	return nil
}

// vaultStore keeps an enrollment's seed in an open, locked vault, saving
// after each step so the seed is on disk before IAM depends on it.
type vaultStore struct {
	v     *vault.Vault
	now   func() time.Time
	added vault.AddedSeed
}

func (s *vaultStore) AddSeed(seed token.Seed) (token.Seed, error) {
	rep, err := s.v.Data.AddSeeds([]token.Seed{seed}, s.now(), vault.RefuseDuplicates)
	if err != nil {
		return token.Seed{}, err
	}
	if err := s.v.Save(); err != nil {
		_ = s.v.Data.UndoAdd(rep.Added[0])
		return token.Seed{}, fmt.Errorf("saving the vault: %w", err)
	}
	s.added = rep.Added[0]
	return rep.Added[0].Seed, nil
}

func (s *vaultStore) RecordDevice(seedID string, dev inventory.IAMDevice) error {
	if err := s.v.Data.RecordIAMDevice(seedID, awsiam.AccountOfARN(dev.Serial), dev, s.now()); err != nil {
		return err
	}
	return s.v.Save()
}

func (s *vaultStore) RemoveSeed(seedID string) error {
	if seedID != s.added.Seed.ID {
		return fmt.Errorf("removing seed %s: not the one this enrollment added", seedID)
	}
	if err := s.v.Data.UndoAdd(s.added); err != nil {
		return err
	}
	return s.v.Save()
}
