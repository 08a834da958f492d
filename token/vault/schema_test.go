package vault

import (
	"testing"

	"github.com/twofoldmfa/twofold/token"
)

// TestVersion1Reads: a version 1 file (written before recovery codes)
// reads as it is; the next save writes SchemaVersion. (A file of a
// version above this build's is refused: TestNewerSchemaRefused.)
func TestVersion1Reads(t *testing.T) {
	seed := token.Seed{ID: "a", Kind: token.TOTP, Issuer: "I", Account: "a", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
	raw, err := encrypt(Data{Version: 1, Seeds: []token.Seed{seed}}, testPassphrase, minWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	u, err := Unseal(raw, testPassphrase)
	if err != nil || u.Data.Version != 1 || len(u.Data.Seeds) != 1 {
		t.Fatalf("version 1: %+v, %v", u, err)
	}
	again, err := Seal(u.Data, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	u, err = Unseal(again, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if u.Data.Version != SchemaVersion {
		t.Fatalf("saved again: version %d, want %d", u.Data.Version, SchemaVersion)
	}
}
