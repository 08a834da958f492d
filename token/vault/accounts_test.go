package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// TestInventoryChanges walks the inventory's changes and checks that a
// refused one leaves the data as it was.
func TestInventoryChanges(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var d Data
	if _, err := d.AddSeeds(nil, now, RefuseDuplicates); err != nil {
		t.Fatal(err)
	}
	report, err := d.AddSeeds([]token.Seed{testSeed("alice")}, now, RefuseDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	seed := report.Added[0].Seed

	unchanged := func(what string, before []byte, err error, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("%s: error %v, want %v", what, err, want)
		}
		if !bytes.Equal(before, encoded(t, d)) {
			t.Errorf("%s: refused, but the data changed", what)
		}
	}

	mail, err := d.SaveAccount(inventory.Account{Name: "Mail", Provider: inventory.Generic})
	if err != nil || mail.ID == "" || mail.Factors == nil {
		t.Fatalf("SaveAccount: %+v, %v", mail, err)
	}
	before := encoded(t, d)
	_, err = d.SaveAccount(inventory.Account{Name: "mail", Provider: inventory.Generic})
	unchanged("a second account named mail", before, err, inventory.ErrDuplicateName)
	_, err = d.SaveAccount(inventory.Account{ID: mail.ID, Name: "Mail", Provider: inventory.Generic, AWSAccount: "123456789012"})
	unchanged("an AWS id on a generic account", before, err, inventory.ErrAWSFields)

	// A key factor on an unknown key is refused, and does not leave the
	// key recorded; with newKey the key is recorded with it.
	key := inventory.Factor{Kind: inventory.KeyFactor, KeySerial: 7, KeyUse: inventory.KeyFIDO}
	_, _, err = d.AddFactor(mail.ID, key, false)
	unchanged("a factor on an unknown key", before, err, inventory.ErrMissingKey)
	bad := key
	bad.KeyUse = "nfc"
	_, _, err = d.AddFactor(mail.ID, bad, true)
	unchanged("a new key with a bad use", before, err, inventory.ErrKeyUse)
	a, f, err := d.AddFactor(mail.ID, key, true)
	if err != nil || f.ID == "" || len(a.Factors) != 1 || len(d.Keys) != 1 || d.Keys[0].Serial != 7 {
		t.Fatalf("AddFactor with a new key: %+v, %+v, keys %+v, %v", a, f, d.Keys, err)
	}

	// The seed becomes a factor of one account only.
	if _, _, err := d.AddFactor(mail.ID, inventory.Factor{Kind: inventory.SeedFactor, SeedID: seed.ID}, false); err != nil {
		t.Fatal(err)
	}
	other, err := d.SaveAccount(inventory.Account{Name: "Other", Provider: inventory.Generic})
	if err != nil {
		t.Fatal(err)
	}
	before = encoded(t, d)
	_, _, err = d.AddFactor(other.ID, inventory.Factor{Kind: inventory.SeedFactor, SeedID: seed.ID}, false)
	unchanged("a seed already a factor", before, err, inventory.ErrSeedTaken)
	if _, err := d.LinkFactor(seed.ID, other.ID, now); err != nil {
		t.Fatal(err)
	}
	if users := inventory.SeedUsers(d.Accounts, seed.ID); !reflect.DeepEqual(users, []string{"Other"}) {
		t.Errorf("after LinkFactor the seed is a factor of %v", users)
	}

	// A rename to an empty account name is refused whole.
	before = encoded(t, d)
	_, err = d.RenameSeed(seed.ID, "New issuer", "  ")
	unchanged("a rename without an account name", before, err, token.ErrAccount)
	if renamed, err := d.RenameSeed(seed.ID, " New issuer ", "bob"); err != nil || renamed.Label() != "New issuer (bob)" {
		t.Errorf("RenameSeed: %q, %v", renamed.Label(), err)
	}

	// Deleting the seed takes it off its account.
	removed, err := d.DeleteSeed(seed.ID)
	if err != nil || !reflect.DeepEqual(removed.Accounts, []string{"Other"}) || len(d.Seeds) != 0 {
		t.Fatalf("DeleteSeed: %+v, %v", removed, err)
	}
	if n := len(d.Accounts[1].Factors); n != 0 {
		t.Errorf("Other keeps %d factors after its seed was deleted", n)
	}

	a, gone, err := d.RemoveFactor(mail.ID, f.ID)
	if err != nil || gone.ID != f.ID || len(a.Factors) != 0 {
		t.Errorf("RemoveFactor: %+v, %+v, %v", a, gone, err)
	}
	if _, err := d.DeleteAccount(mail.ID); err != nil || len(d.Accounts) != 1 {
		t.Errorf("DeleteAccount: %v, %d accounts left", err, len(d.Accounts))
	}
}

// encoded is d as stored, to tell whether a change left it alone.
func encoded(t *testing.T, d Data) []byte {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
