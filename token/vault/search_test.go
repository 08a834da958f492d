package vault

import (
	"errors"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
)

func searchData() *Data {
	d := &Data{Version: SchemaVersion}
	for i, s := range []token.Seed{
		seedWithSecret("GitHub", "alice", "JBSWY3DPEHPK3PXP"),
		seedWithSecret("GitHub", "bob", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
		seedWithSecret("Amazon Web Services", "ops@my-alias", "MFRGGZDFMZTWQ2LK"),
		seedWithSecret("Amazon Web Services", "root-account-mfa-device@123456789012", "NBSWY3DPO5XXE3DE"),
	} {
		s.ID = []string{"a1b2c3d4e5f60718", "a1b2ffff00001111", "0123456789abcdef", "fedcba9876543210"}[i]
		d.Seeds = append(d.Seeds, s)
	}
	return d
}

func TestSeedIndexByIDPrefix(t *testing.T) {
	d := searchData()
	if i, err := d.SeedIndex("a1b2c"); err != nil || d.Seeds[i].Account != "alice" {
		t.Errorf("a1b2c: %d %v, want alice", i, err)
	}
	if i, err := d.SeedIndex("FEDC"); err != nil || d.Seeds[i].ID != "fedcba9876543210" {
		t.Errorf("FEDC: %d %v, want the root seed", i, err)
	}
	if _, err := d.SeedIndex("fed"); !errors.Is(err, ErrNoMatch) {
		t.Errorf("three characters of an id: err %v, want no match", err)
	}
	_, err := d.SeedIndex("a1b2")
	var amb *token.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Matches) != 2 || amb.Matches[0] != "GitHub (alice) [a1b2c3d4]" {
		t.Errorf("a1b2: err %v, want both GitHub seeds listed with their short ids", err)
	}
	if _, err := d.SeedIndex("github"); err == nil || !strings.Contains(err.Error(), "[a1b2ffff]") {
		t.Errorf("github: err %v, want the candidates with ids", err)
	}
}

func TestAWSSeedsFoundByProviderAndAccount(t *testing.T) {
	d := searchData()
	if _, err := d.SeedIndex("aws"); err == nil {
		t.Error("aws names both AWS seeds: want an ambiguous match")
	}
	for q, want := range map[string]string{"123456789012": "fedcba9876543210", "my-alias": "0123456789abcdef"} {
		if i, err := d.SeedIndex(q); err != nil || d.Seeds[i].ID != want {
			t.Errorf("%s: %d %v", q, i, err)
		}
	}
	var shown []string
	for _, s := range d.Seeds {
		if SeedMatchesSearch(s, " AWS ") {
			shown = append(shown, s.Account)
		}
	}
	if len(shown) != 2 || strings.HasPrefix(shown[0], "alice") {
		t.Errorf("search 'AWS' shows %v, want the two AWS seeds", shown)
	}
	if !SeedMatchesSearch(d.Seeds[0], "") || !SeedMatchesSearch(d.Seeds[0], "a1b2c3") || SeedMatchesSearch(d.Seeds[0], "aws") {
		t.Error("empty search, id prefix or a non-AWS seed")
	}
}
