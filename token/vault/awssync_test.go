package vault

import (
	"errors"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// An enrollment's store saves each step to the file, and a step whose
// save fails leaves the data in memory as it was.
func TestEnrollStoreSavesEachStepAndUndoes(t *testing.T) {
	v, path := newTestVault(t, "alice")
	store := &EnrollStore{Change: v.SaveChange, Now: func() time.Time { return changeTime }}
	seed := token.Seed{Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "bob@123456789012", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: token.SHA1, Digits: 6, Period: 30}
	stored, err := store.AddSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if len(onDisk.Data.Seeds) != 2 || len(onDisk.Data.Accounts) != 1 || onDisk.Data.Accounts[0].Principal != "bob" {
		t.Fatalf("after AddSeed the file holds %d seeds, accounts %+v", len(onDisk.Data.Seeds), onDisk.Data.Accounts)
	}
	dev := inventory.IAMDevice{Serial: "arn:aws:iam::123456789012:mfa/bob", Type: inventory.IAMVirtual, User: "bob", Enabled: changeTime}
	if err := store.RecordDevice(stored.ID, dev); err != nil {
		t.Fatal(err)
	}
	if f := v.Data.Accounts[0].Factors; len(f) != 1 || f[0].IAM == nil || f[0].IAM.Serial != dev.Serial {
		t.Fatalf("factors after RecordDevice: %+v", f)
	}

	// Another process saves: the next step fails and changes nothing.
	if err := Edit(path, testPassphrase, func(*Vault) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := store.RemoveSeed(stored.ID); !errors.Is(err, ErrConflict) {
		t.Fatalf("remove after another save: %v, want ErrConflict", err)
	}
	if len(v.Data.Seeds) != 2 || len(v.Data.Accounts) != 1 || v.Data.Accounts[0].Factors[0].IAM == nil {
		t.Errorf("a failed step changed the data in memory: %d seeds, %+v", len(v.Data.Seeds), v.Data.Accounts)
	}
	if err := store.RemoveSeed("another"); err == nil {
		t.Error("the store removed a seed it did not add")
	}
}

// A clone shares nothing: changing it, IAM records included, leaves the
// original as it was.
func TestCloneSharesNothing(t *testing.T) {
	d := Data{Settings: map[string]string{"k": "v"}, Accounts: []inventory.Account{{ID: "a", Factors: []inventory.Factor{{ID: "f", IAM: &inventory.IAMRecord{Serial: "s"}}}}}}
	c := d.Clone()
	c.Settings["k"] = "changed"
	c.Accounts[0].Factors[0].IAM.Gone = changeTime
	c.Accounts[0].Factors[0].ID = "g"
	if d.Settings["k"] != "v" || !d.Accounts[0].Factors[0].IAM.Gone.IsZero() || d.Accounts[0].Factors[0].ID != "f" {
		t.Errorf("changing the clone changed the original: %+v", d)
	}
}

// A root device named freely in the console is the root account's
// factor, not an IAM user's of that name.
func TestAddSeedForRoot(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	root, err := d.SaveAccount(inventory.Account{Name: "prod root", Provider: inventory.AWS, AWSAccount: "123456789012", Principal: inventory.RootPrincipal})
	if err != nil {
		t.Fatal(err)
	}
	seed := token.Seed{Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "my-phone@123456789012", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: token.SHA1, Digits: 6, Period: 30}
	stored, err := d.AddSeedFor(root.ID, seed, changeTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Accounts) != 1 || len(d.Accounts[0].Factors) != 1 || d.Accounts[0].Factors[0].SeedID != stored.ID {
		t.Fatalf("accounts %+v: want the root account alone, with the seed", d.Accounts)
	}
	if _, err := d.AddSeedFor(root.ID, seed, changeTime); !errors.Is(err, ErrDuplicateSecret) {
		t.Errorf("the same secret again: %v", err)
	}
	if _, err := d.AddSeedFor("nobody", seed, changeTime); !errors.Is(err, inventory.ErrNoAccount) {
		t.Errorf("no account: %v", err)
	}
}
