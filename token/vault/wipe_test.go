package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// TestWipeZeroesSecrets opens a vault, keeps a copy of its seeds as a
// screen would, wipes it, and checks that every buffer the passphrase and
// the secrets were held in reads zero, and the copy's secrets with them.
func TestWipeZeroesSecrets(t *testing.T) {
	_, path := newTestVault(t, "alice", "bob")
	// Seeds with different secrets, to find each in the buffers.
	err := Edit(path, testPassphrase, func(v *Vault) error {
		v.Data.Seeds[0].Secret = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
		v.Data.Seeds[1].Secret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	shown := append([]token.Seed(nil), v.Data.Seeds...)
	code, err := shown[0].Code(time.Unix(1111111109, 0))
	if err != nil {
		t.Fatal(err)
	}
	owned := append([][]byte(nil), v.owned...)
	all := bytes.Join(owned, nil)
	for _, want := range []string{testPassphrase, shown[0].Secret, shown[1].Secret} {
		if !bytes.Contains(all, []byte(want)) {
			t.Fatalf("a secret or the passphrase is not in the vault's own buffers")
		}
	}

	v.Wipe()
	for i, b := range owned {
		if n := len(b) - bytes.Count(b, []byte{0}); n != 0 {
			t.Errorf("buffer %d of %d keeps %d non-zero bytes after Wipe", i, len(owned), n)
		}
	}
	for _, s := range shown {
		if strings.Trim(s.Secret, "\x00") != "" {
			t.Errorf("a copy of a seed taken before Wipe keeps its secret")
		}
	}
	if again, err := shown[0].Code(time.Unix(1111111109, 0)); err == nil && again == code {
		t.Error("a wiped seed still makes its code")
	}
	if !v.Wiped() || len(v.Data.Seeds) != 0 {
		t.Error("Wiped() is false, or data is left")
	}
	if err := v.Save(); !errors.Is(err, ErrWiped) {
		t.Errorf("Save after Wipe: %v, want ErrWiped", err)
	}
	// The file is untouched and opens again.
	if again, err := Open(path, testPassphrase); err != nil || len(again.Data.Seeds) != 2 {
		t.Fatalf("reopening after Wipe: %v", err)
	}
}

// TestSecretsRoundTripThroughOwnedBuffers: secrets read into the
// vault's own buffers survive a save and reopen unchanged, as does a
// secret written with JSON escapes by another program.
func TestSecretsRoundTripThroughOwnedBuffers(t *testing.T) {
	data, raw, err := decodeData([]byte(`{"version":1,"seeds":[{"id":"a","secret":"JBSWY3DPEHPK3PXP"},{"id":"b","secret":"JBSWY3DPEHPK3PX\u0050"},{"id":"c"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	v := &Vault{Data: data}
	v.owned = append(v.owned, shareSecrets(v.Data.Seeds, raw))
	for i, want := range []string{"JBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXP", ""} {
		if v.Data.Seeds[i].Secret != want {
			t.Errorf("seed %d: secret of %d bytes, want %d", i, len(v.Data.Seeds[i].Secret), len(want))
		}
	}
	for _, r := range raw {
		if len(bytes.Trim(r, "\x00")) != 0 {
			t.Error("a raw copy of a secret was not zeroed")
		}
	}
}
