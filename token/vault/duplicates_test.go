package vault

import (
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// TestDuplicateAcrossKinds: the secret alone makes a duplicate, so an
// HOTP seed with a TOTP seed's secret is skipped (and added only when
// the person allows it).
func TestDuplicateAcrossKinds(t *testing.T) {
	d := &Data{Version: SchemaVersion}
	if _, err := d.AddSeeds([]token.Seed{testSeed("alice")}, changeTime, RefuseDuplicates); err != nil {
		t.Fatal(err)
	}
	hotp := testSeed("alice hotp")
	hotp.Kind, hotp.Period, hotp.Counter = token.HOTP, 0, 5
	hotp.Algorithm = token.SHA256
	r, err := d.AddSeeds([]token.Seed{hotp}, changeTime, SkipDuplicates)
	if err != nil || len(r.Added) != 0 || len(r.Skipped) != 1 || r.Skipped[0].Existing.Account != "alice" {
		t.Fatalf("added %d, skipped %+v, %v", len(r.Added), r.Skipped, err)
	}
	if _, err := d.AddSeeds([]token.Seed{hotp}, changeTime, RefuseDuplicates); !errors.Is(err, ErrDuplicateSecret) {
		t.Fatalf("refuse: %v", err)
	}
	if r, err := d.AddSeeds([]token.Seed{hotp}, changeTime, AllowDuplicates); err != nil || len(r.Added) != 1 {
		t.Fatalf("allow: %d added, %v", len(r.Added), err)
	}
}

// distinctSeeds returns n valid seeds, each with its own secret.
func distinctSeeds(n int) []token.Seed {
	seeds := make([]token.Seed, n)
	key := make([]byte, 20)
	for i := range seeds {
		binary.BigEndian.PutUint64(key, uint64(i)+1)
		seeds[i] = testSeed(fmt.Sprintf("user%d@example.com", i))
		seeds[i].Secret = base32.StdEncoding.EncodeToString(key)
	}
	return seeds
}

// TestAddSeedsBoundsTheCount: no batch takes a vault past MaxSeeds.
func TestAddSeedsBoundsTheCount(t *testing.T) {
	d := &Data{Version: SchemaVersion, Seeds: distinctSeeds(MaxSeeds - 1)}
	more := distinctSeeds(MaxSeeds + 1)[MaxSeeds-1:]
	if _, err := d.AddSeeds(more, changeTime, SkipDuplicates); !errors.Is(err, ErrTooManySeeds) {
		t.Fatalf("got %v, want ErrTooManySeeds", err)
	}
	if len(d.Seeds) != MaxSeeds-1 {
		t.Errorf("a refused batch changed the vault: %d seeds", len(d.Seeds))
	}
	if r, err := d.AddSeeds(more[:1], changeTime, SkipDuplicates); err != nil || len(r.Added) != 1 {
		t.Fatalf("the last seed that fits: %d added, %v", len(r.Added), err)
	}
}

// TestKeyAndDeviceNamesRefuseHiddenCharacters: a key's nickname and the
// device named at verification are held to the seed names' rule.
func TestKeyAndDeviceNamesRefuseHiddenCharacters(t *testing.T) {
	d := &Data{Version: SchemaVersion, Keys: []inventory.KeyRecord{{Serial: 7}}}
	if _, err := d.NameKey(7, "blue\x1b[31m"); !errors.Is(err, token.ErrName) {
		t.Errorf("nickname: got %v, want token.ErrName", err)
	}
	if d.Keys[0].Nickname != "" {
		t.Error("a refused nickname was stored")
	}
	r, err := d.AddSeeds([]token.Seed{testSeed("alice")}, changeTime, RefuseDuplicates)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.VerifySeed(r.Added[0].Seed.ID, "000000", "Pixel\u202e9", changeTime); !errors.Is(err, token.ErrName) {
		t.Errorf("device: got %v, want token.ErrName", err)
	}
}

// TestAddSeedsBoundsTheSize: a batch whose names JSON escapes six times
// over (24,000 seeds of 512 '<') is refused by AddSeeds itself, before
// a save encodes it, and nothing is added.
func TestAddSeedsBoundsTheSize(t *testing.T) {
	seeds := distinctSeeds(24_000)
	name := strings.Repeat("<", 256)
	for i := range seeds {
		seeds[i].Issuer, seeds[i].Account = name, name
	}
	d := &Data{Version: SchemaVersion}
	if _, err := d.AddSeeds(seeds, changeTime, SkipDuplicates); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if len(d.Seeds) != 0 {
		t.Errorf("a refused batch added %d seeds", len(d.Seeds))
	}
}
