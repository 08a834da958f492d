package vault

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// awsSyncedPrefix keys, in Data.Settings, when each AWS account was last
// synced with IAM: "aws.synced.123456789012" = RFC 3339 time.
const awsSyncedPrefix = "aws.synced."

// ApplyIAM brings the inventory in line with a snapshot of IAM (see
// inventory.ApplyIAM) and records when the account was synced.
func (d *Data) ApplyIAM(snap inventory.IAMSnapshot, now time.Time) inventory.IAMSyncReport {
	var rep inventory.IAMSyncReport
	d.Accounts, rep = inventory.ApplyIAM(d.Accounts, d.Seeds, snap, now, NewID)
	if d.Settings == nil {
		d.Settings = map[string]string{}
	}
	d.Settings[awsSyncedPrefix+snap.AccountID] = now.UTC().Format(time.RFC3339)
	return rep
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
