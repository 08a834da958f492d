package vault

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// awsSyncedPrefix keys, in Data.Settings, when each AWS account was last
// synced with IAM: "aws.synced.123456789012" = RFC 3339 time.
const awsSyncedPrefix = "aws.synced."

// ApplyIAM brings the inventory in line with a snapshot of IAM (see
// inventory.ApplyIAM) and records when the account was synced (again
// only once the last record is inventory.SeenRefresh old, so that a sync
// soon after another changes nothing when IAM did not change).
func (d *Data) ApplyIAM(snap inventory.IAMSnapshot, now time.Time) inventory.IAMSyncReport {
	var rep inventory.IAMSyncReport
	d.Accounts, rep = inventory.ApplyIAM(d.Accounts, d.Seeds, snap, now, NewID)
	if d.Settings == nil {
		d.Settings = map[string]string{}
	}
	key := awsSyncedPrefix + snap.AccountID
	if last, err := time.Parse(time.RFC3339, d.Settings[key]); err != nil || now.Sub(last) >= inventory.SeenRefresh || now.Before(last) {
		d.Settings[key] = now.UTC().Format(time.RFC3339)
	}
	return rep
}

// ApplyIAMs applies each snapshot as ApplyIAM does, as one change (an
// organization's accounts, read in one sync), and returns their reports
// in order. When none of them changed anything it returns ErrUnchanged
// too, so that the edit it runs in leaves the file alone.
func (d *Data) ApplyIAMs(snaps []inventory.IAMSnapshot, now time.Time) ([]inventory.IAMSyncReport, error) {
	before := d.Clone()
	reps := make([]inventory.IAMSyncReport, len(snaps))
	for i, snap := range snaps {
		reps[i] = d.ApplyIAM(snap, now)
	}
	if reflect.DeepEqual(before.Accounts, d.Accounts) && maps.Equal(before.Settings, d.Settings) {
		return reps, ErrUnchanged
	}
	return reps, nil
}

// AWSSynced returns when each AWS account was last synced with IAM.
func (d *Data) AWSSynced() map[string]time.Time {
	out := map[string]time.Time{}
	for k, v := range d.Settings {
		id, ok := strings.CutPrefix(k, awsSyncedPrefix)
		if !ok {
			continue
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			out[id] = t
		}
	}
	return out
}

// ErrNoSuchSeed is returned when an id names no seed of the vault.
var ErrNoSuchSeed = errors.New("no seed with that id in the vault")

// RecordIAMDevice marks the factor of seed id as the IAM device dev
// (after an enrollment), adding the account and factor when AddSeeds did
// not link them.
func (d *Data) RecordIAMDevice(seedID, accountID string, dev inventory.IAMDevice, now time.Time) error {
	if d.SeedByID(seedID) < 0 {
		return fmt.Errorf("recording the IAM device: %w", ErrNoSuchSeed)
	}
	d.Accounts = inventory.RecordIAMDevice(d.Accounts, d.Seeds, accountID, dev, now, NewID)
	return nil
}

// UndoAdd takes a seed AddSeeds stored back out: the seed, its factor,
// and the account the link created when it has no other factor, as when
// an enrollment is undone.
func (d *Data) UndoAdd(added AddedSeed) error {
	i := d.SeedByID(added.Seed.ID)
	if i < 0 {
		return ErrNoSuchSeed
	}
	d.RemoveSeed(i)
	inventory.RemoveSeedFactors(d.Accounts, added.Seed.ID)
	if added.Link.Created {
		d.Accounts = slices.DeleteFunc(d.Accounts, func(a inventory.Account) bool {
			return a.ID == added.Link.AccountID && len(a.Factors) == 0
		})
	}
	return nil
}

// Clone returns a copy of d that shares no memory with it, so that a
// change can be put back (see SaveChange).
func (d *Data) Clone() Data {
	c := *d
	c.Seeds = slices.Clone(d.Seeds)
	c.Accounts = slices.Clone(d.Accounts)
	for i, a := range c.Accounts {
		c.Accounts[i].Factors = slices.Clone(a.Factors)
		for j, f := range c.Accounts[i].Factors {
			if f.IAM != nil {
				r := *f.IAM
				c.Accounts[i].Factors[j].IAM = &r
			}
		}
	}
	c.Keys = slices.Clone(d.Keys)
	for i, k := range c.Keys {
		c.Keys[i].Findings = slices.Clone(k.Findings)
		c.Keys[i].Holds = slices.Clone(k.Holds)
	}
	c.Settings = maps.Clone(d.Settings)
	c.RecoveryCodes = cloneRecoveryCodes(d.RecoveryCodes)
	c.SettingsModified = maps.Clone(d.SettingsModified)
	c.Tombstones = slices.Clone(d.Tombstones)
	c.Ancestors = slices.Clone(d.Ancestors)
	c.ChangedIn = maps.Clone(d.ChangedIn)
	return c
}

// SaveChange applies fn to the vault's data and saves it; when fn or the
// save fails, the data in memory is put back as it was and the file is
// unchanged. It is how a change of several saved steps (an enrollment)
// applies each step.
func (v *Vault) SaveChange(fn func(d *Data) error) error {
	before := v.Data.Clone()
	err := fn(&v.Data)
	if err == nil {
		err = v.Save()
	}
	if err != nil {
		v.Data = before
	}
	return err
}

// EnrollStore is where an AWS enrollment keeps the new device's seed
// (the awsiam.Store the command line and the app share). Each step is
// applied and saved at once through Change, so the seed is on disk
// before IAM starts to require it, and taking it out again removes
// exactly what adding it did: the seed, its factor, and an account made
// for it alone.
type EnrollStore struct {
	// Change applies fn to the vault's data and saves it, leaving the
	// data as it was when fn or the save fails (Vault.SaveChange).
	Change func(fn func(d *Data) error) error
	Now    func() time.Time

	added AddedSeed
}

// AddSeed stores s, refusing a secret the vault already holds, and
// returns it as stored.
func (s *EnrollStore) AddSeed(seed token.Seed) (token.Seed, error) {
	var added AddedSeed
	err := s.Change(func(d *Data) error {
		rep, err := d.AddSeeds([]token.Seed{seed}, s.Now(), RefuseDuplicates)
		if err != nil {
			return err
		}
		added = rep.Added[0]
		return nil
	})
	if err != nil {
		return token.Seed{}, err
	}
	s.added = added
	return added.Seed, nil
}

// RecordDevice records the enabled device as the seed's factor on its
// user's account (Data.RecordIAMDevice).
func (s *EnrollStore) RecordDevice(seedID string, dev inventory.IAMDevice) error {
	return s.Change(func(d *Data) error {
		return d.RecordIAMDevice(seedID, inventory.AccountOfARN(dev.Serial), dev, s.Now())
	})
}

// RemoveSeed takes out the seed AddSeed stored (Data.UndoAdd); it
// refuses any other.
func (s *EnrollStore) RemoveSeed(seedID string) error {
	if seedID == "" || seedID != s.added.Seed.ID {
		return fmt.Errorf("removing seed %s: not the one this enrollment added", seedID)
	}
	return s.Change(func(d *Data) error { return d.UndoAdd(s.added) })
}

// AddSeedFor stores s as a factor of the account with id accountID and
// of no other, whatever account its label would have linked it to: the
// root user's virtual MFA device, say, whose name the console lets the
// user choose freely, so that AddSeeds would take it for an IAM user's.
// An account AddSeeds created for that guess is removed again. A secret
// the vault already holds is refused (ErrDuplicateSecret).
func (d *Data) AddSeedFor(accountID string, s token.Seed, now time.Time) (token.Seed, error) {
	if d.accountByID(accountID) < 0 {
		return token.Seed{}, fmt.Errorf("adding the seed: %w", inventory.ErrNoAccount)
	}
	rep, err := d.AddSeeds([]token.Seed{s}, now, RefuseDuplicates)
	if err != nil {
		return token.Seed{}, err
	}
	added := rep.Added[0]
	if added.Link.AccountID == accountID {
		return added.Seed, nil
	}
	if _, err := d.LinkFactor(added.Seed.ID, accountID, now); err != nil {
		_ = d.UndoAdd(added)
		return token.Seed{}, err
	}
	if added.Link.Created {
		d.Accounts = slices.DeleteFunc(d.Accounts, func(a inventory.Account) bool {
			return a.ID == added.Link.AccountID && len(a.Factors) == 0
		})
	}
	return added.Seed, nil
}
