package vault

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

func TestOldVaultUpgradedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.age")
	added := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	s := testSeed("old")
	s.ID, s.Added = "", added
	old := Data{Version: 1, Seeds: append(Data{}.Seeds, s),
		Accounts: []inventory.Account{{Name: "Mail", Provider: inventory.Generic, Factors: []inventory.Factor{{Kind: inventory.SMSFactor}}}},
		Keys:     []inventory.KeyRecord{{Serial: 7, FirstSeen: added}},
		Settings: map[string]string{"lock_after": "5m"}}
	raw, err := encrypt(old, testPassphrase, minWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	d := v.Data
	if d.Seeds[0].ID == "" || !d.Seeds[0].Modified.Equal(added) {
		t.Errorf("seed not upgraded: id %q, modified %v", d.Seeds[0].ID, d.Seeds[0].Modified)
	}
	if d.Accounts[0].ID == "" || d.Accounts[0].Modified.IsZero() || d.Accounts[0].Factors[0].ID == "" || d.Accounts[0].Factors[0].Modified.IsZero() {
		t.Errorf("account or factor not upgraded: %+v", d.Accounts[0])
	}
	if !d.Keys[0].Modified.Equal(added) || d.SettingsModified["lock_after"].IsZero() {
		t.Errorf("key or setting not upgraded: %+v %v", d.Keys[0], d.SettingsModified)
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if again.Data.Version != SchemaVersion || again.Data.Seeds[0].ID != d.Seeds[0].ID {
		t.Errorf("saved as schema %d, seed id %q (want %d, %q)", again.Data.Version, again.Data.Seeds[0].ID, SchemaVersion, d.Seeds[0].ID)
	}
}

func TestSaveStampsChangesAndDeletions(t *testing.T) {
	v, path := newTestVault(t, "a", "b", "c")
	first := v.Data.Clone()
	if first.Revision == "" || first.Writer.Device == "" || first.Writer.Device != LocalWriter().Device {
		t.Fatalf("no revision or writer: %q %+v", first.Revision, first.Writer)
	}
	// Make the earlier stamps visibly old.
	for i := range v.Data.Seeds {
		v.Data.Seeds[i].Modified = time.Unix(1e9, 0).UTC()
	}
	v.remember()
	if _, err := v.Data.RenameSeed(v.Data.Seeds[0].ID, "Renamed", "a"); err != nil {
		t.Fatal(err)
	}
	gone := v.Data.Seeds[2].ID
	if _, err := v.Data.DeleteSeed(gone); err != nil {
		t.Fatal(err)
	}
	before := time.Now().Add(-time.Second)
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	w, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	d := w.Data
	if d.Seeds[0].Modified.Before(before) {
		t.Errorf("renamed seed's time not stamped: %v", d.Seeds[0].Modified)
	}
	if !d.Seeds[1].Modified.Equal(time.Unix(1e9, 0)) {
		t.Errorf("untouched seed's time changed: %v", d.Seeds[1].Modified)
	}
	if len(d.Tombstones) != 1 || d.Tombstones[0].ID != gone || d.Tombstones[0].Kind != SeedRecord || d.Tombstones[0].Deleted.Before(before) {
		t.Errorf("tombstones %+v, want one for %s", d.Tombstones, gone)
	}
	if len(d.Ancestors) == 0 || d.Ancestors[0] != first.Revision || d.Revision == first.Revision {
		t.Errorf("revision %q ancestors %v; want a new revision descending from %q", d.Revision, d.Ancestors, first.Revision)
	}
}

func TestOldTombstonesPruned(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	d := Data{Tombstones: []Tombstone{
		{Kind: SeedRecord, ID: "old", Deleted: now.Add(-TombstoneKeep - time.Hour)},
		{Kind: SeedRecord, ID: "recent", Deleted: now.Add(-TombstoneKeep + time.Hour)},
	}}
	d.stamp(&Data{}, now, Writer{Device: "x"})
	if len(d.Tombstones) != 1 || d.Tombstones[0].ID != "recent" {
		t.Errorf("tombstones after pruning: %+v", d.Tombstones)
	}
}
