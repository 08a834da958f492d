package transfer

import (
	"errors"
	"os"
	"testing"

	"github.com/twofoldmfa/twofold/token/vault"
)

func TestBackupRoundTrip(t *testing.T) {
	seeds := testSeeds(t, 5)
	seeds[0].ID = "abc"
	b, err := EncodeBackup(vault.Data{Version: 1, Seeds: seeds}, "backup pass")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ReadEntries(b, fixedPassphrase("backup pass"))
	if err != nil || c.Format != FormatBackup || !c.Encrypted {
		t.Fatalf("Read: %s, %v", c.Format, err)
	}
	got := c.Seeds
	if len(got) != 5 || got[0].ID != "" || got[0].Secret != seeds[0].Secret {
		t.Errorf("%d seeds back, first id %q", len(got), got[0].ID)
	}
	if _, err := ParseBackup(b, fixedPassphrase("other")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
}

// TestVaultFileIsBackup checks a vault file reads as a backup: the
// format is the vault's own.
func TestVaultFileIsBackup(t *testing.T) {
	path := t.TempDir() + "/vault.age"
	v, err := vault.Create(path, "vault pass")
	if err != nil {
		t.Fatal(err)
	}
	v.Data.Seeds = testSeeds(t, 2)
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseBackup(content, fixedPassphrase("vault pass"))
	if err != nil || len(got) != 2 {
		t.Fatalf("%d seeds, %v", len(got), err)
	}
}
