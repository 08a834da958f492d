package vault

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// The inventory's changes: accounts, their factors and the hardware keys
// seen. Each checks everything before it changes anything.

// SaveAccount stores a: a new account when a.ID is empty (it gets an ID
// and no factors), else the account with that ID gets a's fields (its
// factors are changed with AddFactor and RemoveFactor only). a must pass
// Account.Validate and have a name no other account has. It returns the
// account as stored.
func (d *Data) SaveAccount(a inventory.Account) (inventory.Account, error) {
	if err := a.Validate(); err != nil {
		return inventory.Account{}, err
	}
	if err := inventory.CheckUniqueName(d.Accounts, a.Name, a.ID); err != nil {
		return inventory.Account{}, err
	}
	if a.ID == "" {
		a.ID = NewID()
		a.Factors = []inventory.Factor{}
		d.Accounts = append(d.Accounts, a)
		return a, nil
	}
	i := d.accountByID(a.ID)
	if i < 0 {
		return inventory.Account{}, fmt.Errorf("%w: it was deleted meanwhile", inventory.ErrNoAccount)
	}
	a.Factors = d.Accounts[i].Factors
	d.Accounts[i] = a
	return a, nil
}

// DeleteAccount deletes the account with the given id, its factor
// records and its recovery codes (its seeds stay in the vault). It
// returns the account deleted.
func (d *Data) DeleteAccount(id string) (inventory.Account, error) {
	i := d.accountByID(id)
	if i < 0 {
		return inventory.Account{}, fmt.Errorf("deleting: %w", inventory.ErrNoAccount)
	}
	a := d.Accounts[i]
	d.Accounts = slices.Delete(d.Accounts, i, i+1)
	d.RecoveryCodes = slices.DeleteFunc(d.RecoveryCodes, func(rc RecoveryCodes) bool { return rc.AccountID == id })
	return a, nil
}

// AddFactor records f as a factor of the account with id accountID. A
// seed factor's seed must be in the vault and a factor of no account yet
// (inventory.ErrSeedTaken; LinkFactor moves it). A key factor's key must
// be known (inventory.ErrMissingKey), unless newKey says to record it by
// its serial now. f gets an ID. It returns the account and the factor as
// stored.
func (d *Data) AddFactor(accountID string, f inventory.Factor, newKey bool) (inventory.Account, inventory.Factor, error) {
	i := d.accountByID(accountID)
	if i < 0 {
		return inventory.Account{}, inventory.Factor{}, fmt.Errorf("adding a factor: %w", inventory.ErrNoAccount)
	}
	if f.Kind == inventory.SeedFactor {
		if j := d.SeedByID(f.SeedID); j >= 0 {
			if err := inventory.CheckSeedFree(d.Accounts, d.Seeds[j]); err != nil {
				return inventory.Account{}, inventory.Factor{}, err
			}
		}
	}
	keys := d.Keys
	if f.Kind == inventory.KeyFactor && newKey && !slices.ContainsFunc(keys, func(k inventory.KeyRecord) bool { return k.Serial == f.KeySerial }) {
		keys = append(slices.Clip(keys), inventory.KeyRecord{Serial: f.KeySerial})
	}
	if err := inventory.ValidateFactor(f, d.Seeds, keys); err != nil {
		return inventory.Account{}, inventory.Factor{}, err
	}
	f.ID = NewID()
	d.Keys = keys
	d.Accounts[i].Factors = append(d.Accounts[i].Factors, f)
	return d.Accounts[i], f, nil
}

// RemoveFactor takes the factor with id factorID off the account with id
// accountID. It returns the account as left and the factor removed.
func (d *Data) RemoveFactor(accountID, factorID string) (inventory.Account, inventory.Factor, error) {
	i := d.accountByID(accountID)
	if i < 0 {
		return inventory.Account{}, inventory.Factor{}, fmt.Errorf("removing a factor: %w", inventory.ErrNoAccount)
	}
	j, err := inventory.FactorIndex(d.Accounts[i], factorID)
	if err != nil {
		return inventory.Account{}, inventory.Factor{}, err
	}
	f := d.Accounts[i].Factors[j]
	d.Accounts[i].Factors = slices.Delete(d.Accounts[i].Factors, j, j+1)
	return d.Accounts[i], f, nil
}

// VerifyFactor records that the factor with id factorID of the account
// with id accountID was seen to work at when (a sign-in with it, say).
// Seeds are verified with VerifySeed instead, against a code.
func (d *Data) VerifyFactor(accountID, factorID string, when time.Time) (inventory.Factor, error) {
	i := d.accountByID(accountID)
	if i < 0 {
		return inventory.Factor{}, fmt.Errorf("verifying a factor: %w", inventory.ErrNoAccount)
	}
	j, err := inventory.FactorIndex(d.Accounts[i], factorID)
	if err != nil {
		return inventory.Factor{}, err
	}
	d.Accounts[i].Factors[j].Verified = when.UTC().Truncate(time.Second)
	return d.Accounts[i].Factors[j], nil
}

// LinkFactor corrects a link: it makes the seed with id seedID a factor
// of the account with id accountID only (inventory.MoveSeed).
func (d *Data) LinkFactor(seedID, accountID string, now time.Time) (inventory.Factor, error) {
	j := d.SeedByID(seedID)
	if j < 0 {
		return inventory.Factor{}, fmt.Errorf("linking: %w", ErrNoMatch)
	}
	return inventory.MoveSeed(d.Accounts, d.Seeds[j], accountID, now, NewID)
}

// RecordSightings records the hardware keys seen plugged in at now
// (inventory.RecordSightings) and reports whether that changed anything
// worth saving (inventory.SightingsChange): a poller need not save a key
// seen again the same day with the same findings.
func (d *Data) RecordSightings(seen []inventory.Sighting, now time.Time) bool {
	if !inventory.SightingsChange(d.Keys, seen, now) {
		return false
	}
	d.Keys = inventory.RecordSightings(d.Keys, seen, now)
	return true
}

// ErrUnknownKey is returned when a key is named that the vault has no
// record of (it has never been plugged in, nor recorded by serial).
var ErrUnknownKey = errors.New("no such key in the vault")

// NameKey gives the key with the given serial a nickname (trimmed; ""
// clears it; token.CheckName's rule). It returns the key's record.
func (d *Data) NameKey(serial uint32, nickname string) (inventory.KeyRecord, error) {
	i := slices.IndexFunc(d.Keys, func(k inventory.KeyRecord) bool { return k.Serial == serial })
	if i < 0 {
		return inventory.KeyRecord{}, fmt.Errorf("key %d: %w", serial, ErrUnknownKey)
	}
	nickname = strings.TrimSpace(nickname)
	if err := token.CheckName("key nickname", nickname); err != nil {
		return inventory.KeyRecord{}, err
	}
	d.Keys[i].Nickname = nickname
	return d.Keys[i], nil
}

func (d *Data) accountByID(id string) int {
	return slices.IndexFunc(d.Accounts, func(a inventory.Account) bool { return a.ID == id })
}
