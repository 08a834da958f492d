package vault

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// Property tests of the merge on generated histories: a vault, then two
// sides that each make a random run of edits (each saved, so stamped as
// a real save stamps it) on their own clocks.

type history struct {
	rng  *rand.Rand
	now  time.Time
	next int
}

// edit makes one random change to d, stamped at the side's next tick.
func (h *history) edit(d *Data) {
	prev := d.Clone()
	h.now = h.now.Add(time.Duration(1+h.rng.IntN(120)) * time.Second)
	h.next++
	switch op := h.rng.IntN(8); {
	case op == 0 || len(d.Seeds) == 0:
		s := testSeed(fmt.Sprintf("new-%d-%d", h.rng.IntN(1e6), h.next))
		if _, err := d.AddSeed(s, h.now); err != nil {
			panic(err)
		}
	case op == 1:
		i := h.rng.IntN(len(d.Seeds))
		if _, err := d.DeleteSeed(d.Seeds[i].ID); err != nil {
			panic(err)
		}
	case op == 2 || op == 3:
		i := h.rng.IntN(len(d.Seeds))
		if _, err := d.RenameSeed(d.Seeds[i].ID, fmt.Sprintf("Issuer %d", h.rng.IntN(5)), d.Seeds[i].Account); err != nil {
			panic(err)
		}
	case op == 4:
		if d.Settings == nil {
			d.Settings = map[string]string{}
		}
		d.Settings[fmt.Sprintf("k%d", h.rng.IntN(3))] = fmt.Sprint(h.rng.IntN(4))
	case op == 5 && len(d.Settings) > 0:
		for k := range d.Settings {
			delete(d.Settings, k)
			break
		}
	case op == 6:
		a := inventory.Account{ID: NewID(), Name: fmt.Sprintf("acct %d", h.next), Provider: inventory.Generic,
			Factors: []inventory.Factor{{ID: NewID(), Kind: inventory.SMSFactor}}}
		d.Accounts = append(d.Accounts, a)
	case op == 7 && len(d.Accounts) > 0:
		a := &d.Accounts[h.rng.IntN(len(d.Accounts))]
		if len(a.Factors) > 0 && h.rng.IntN(2) == 0 {
			a.Factors[0].Label = fmt.Sprintf("label %d", h.rng.IntN(4))
		} else {
			a.Factors = append(a.Factors, inventory.Factor{ID: NewID(), Kind: inventory.AppFactor, Label: "phone"})
		}
	}
	d.stamp(&prev, h.now, Writer{Device: "gen"})
}

// fork makes a base of a few seeds and two sides edited apart from it.
func fork(seed uint64) (base, a, b Data) {
	rng := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := &history{rng: rng, now: start}
	for range 3 + rng.IntN(5) {
		h.edit(&base)
	}
	a, b = base.Clone(), base.Clone()
	// The two clocks may be apart by up to a day either way.
	ha := &history{rng: rand.New(rand.NewPCG(seed, 2)), now: h.now}
	hb := &history{rng: rand.New(rand.NewPCG(seed, 3)), now: h.now.Add(time.Duration(rng.IntN(48)-24) * time.Hour)}
	for range rng.IntN(8) {
		ha.edit(&a)
	}
	for range rng.IntN(8) {
		hb.edit(&b)
	}
	return base, a, b
}

// canon is d's content, order and revisions aside.
func canon(d Data) string {
	d = d.Clone()
	d.Revision, d.Ancestors, d.Writer = "", nil, Writer{}
	slices.SortFunc(d.Seeds, func(x, y token.Seed) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(d.Accounts, func(x, y inventory.Account) int { return strings.Compare(x.ID, y.ID) })
	for i := range d.Accounts {
		slices.SortFunc(d.Accounts[i].Factors, func(x, y inventory.Factor) int { return strings.Compare(x.ID, y.ID) })
		if len(d.Accounts[i].Factors) == 0 {
			d.Accounts[i].Factors = nil
		}
	}
	slices.SortFunc(d.Tombstones, func(x, y Tombstone) int { return strings.Compare(string(x.Kind)+x.ID, string(y.Kind)+y.ID) })
	if len(d.Seeds) == 0 {
		d.Seeds = nil
	}
	if len(d.Accounts) == 0 {
		d.Accounts = nil
	}
	if len(d.Settings) == 0 {
		d.Settings, d.SettingsModified = nil, nil
	}
	if len(d.Tombstones) == 0 {
		d.Tombstones = nil
	}
	b, _ := json.Marshal(d)
	return string(b)
}

const generatedHistories = 400

func TestMergePropertiesTwoWay(t *testing.T) {
	for seed := range uint64(generatedHistories) {
		_, a, b := fork(seed)
		ab, _ := Merge(nil, a, b)
		ba, _ := Merge(nil, b, a)
		if canon(ab) != canon(ba) {
			t.Fatalf("history %d: merge is not commutative:\n%s\n%s", seed, canon(ab), canon(ba))
		}
		for _, side := range []Data{a, b} {
			if x, _ := Merge(nil, side, side); canon(x) != canon(side) {
				t.Fatalf("history %d: merge(x, x) != x", seed)
			}
			if again, _ := Merge(nil, ab, side); canon(again) != canon(ab) {
				t.Fatalf("history %d: merging the result with a side changed it:\n%s\n%s", seed, canon(ab), canon(again))
			}
		}
		checkNothingLost(t, seed, ab, a, b)
	}
}

func TestMergePropertiesThreeWay(t *testing.T) {
	threeWay := 0
	for seed := range uint64(generatedHistories) {
		base, a, b := fork(seed)
		ab, rep := MergeWith(a, b, base)
		ba, _ := MergeWith(b, a, base)
		if rep.ThreeWay {
			threeWay++
		}
		if canon(ab) != canon(ba) {
			t.Fatalf("history %d: merge is not commutative:\n%s\n%s", seed, canon(ab), canon(ba))
		}
		for _, side := range []Data{a, b} {
			if x, _ := MergeWith(side, side); canon(x) != canon(side) || x.Revision != side.Revision {
				t.Fatalf("history %d: merge(x, x) != x", seed)
			}
			if again, rep := MergeWith(ab, side, base); canon(again) != canon(ab) || rep.ChangesOurs() {
				t.Fatalf("history %d: merging the result with a side changed it", seed)
			}
		}
		checkNothingLost(t, seed, ab, a, b)
		// What only one side changed survives, clock or no clock.
		for _, s := range a.Seeds {
			i := slices.IndexFunc(base.Seeds, func(x token.Seed) bool { return x.ID == s.ID })
			j := slices.IndexFunc(b.Seeds, func(x token.Seed) bool { return x.ID == s.ID })
			k := slices.IndexFunc(ab.Seeds, func(x token.Seed) bool { return x.ID == s.ID })
			if i >= 0 && j >= 0 && base.Seeds[i].Issuer == b.Seeds[j].Issuer && s.Issuer != base.Seeds[i].Issuer && ab.Seeds[k].Issuer != s.Issuer {
				t.Fatalf("history %d: a rename made on one side only was lost", seed)
			}
		}
	}
	if threeWay < generatedHistories*9/10 {
		t.Errorf("only %d of %d merges found their base", threeWay, generatedHistories)
	}
}

// checkNothingLost: every record of either side is in the merge, unless
// the merge holds a deletion of it no older than the record's last change,
// or the other side deleted it untouched (three-way).
func checkNothingLost(t *testing.T, seed uint64, m Data, sides ...Data) {
	t.Helper()
	have := m.ids()
	deleted := map[recordKey]time.Time{}
	for _, side := range sides {
		for _, ts := range side.Tombstones {
			deleted[recordKey{ts.Kind, ts.ID}] = ts.Deleted
		}
	}
	for _, side := range sides {
		for _, s := range side.Seeds {
			k := recordKey{SeedRecord, s.ID}
			if have[k] {
				continue
			}
			if del, ok := deleted[k]; !ok || (s.Modified.After(del) && !m.wasUntouchedSeed(sides, s)) {
				t.Fatalf("history %d: seed %s lost (modified %v, deletion %v)", seed, s.Account, s.Modified, deleted[k])
			}
		}
	}
}

// wasUntouchedSeed: s is the same on both sides' common past: some side
// holds it unchanged from where it started, so a deletion wins.
func (m *Data) wasUntouchedSeed(sides []Data, s token.Seed) bool {
	return slices.ContainsFunc(sides, func(d Data) bool {
		return !slices.ContainsFunc(d.Seeds, func(x token.Seed) bool { return x.ID == s.ID })
	})
}
