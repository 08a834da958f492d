package vault

import (
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// twoSides is a saved vault of seeds a, b, c and two copies of it.
func twoSides(t *testing.T) (base, ours, theirs Data, at time.Time) {
	t.Helper()
	at = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for _, name := range []string{"a", "b", "c"} {
		if _, err := base.AddSeed(testSeed(name), at); err != nil {
			t.Fatal(err)
		}
	}
	base.stamp(nil, at, Writer{Device: "base"})
	return base, base.Clone(), base.Clone(), at
}

// change applies fn to d and stamps it as a save at when would.
func change(d *Data, when time.Time, fn func(d *Data)) {
	prev := d.Clone()
	fn(d)
	d.stamp(&prev, when, Writer{Device: "x"})
}

func seedNamed(d Data, account string) (token.Seed, bool) {
	i := slices.IndexFunc(d.Seeds, func(s token.Seed) bool { return s.Account == account })
	if i < 0 {
		return token.Seed{}, false
	}
	return d.Seeds[i], true
}

func TestMergeKeepsBothSidesAndTheLaterRename(t *testing.T) {
	for _, threeWay := range []bool{false, true} {
		base, ours, theirs, at := twoSides(t)
		a, c := base.Seeds[0].ID, base.Seeds[2].ID
		change(&ours, at.Add(time.Minute), func(d *Data) {
			d.AddSeed(testSeed("ours-new"), at)
			d.RenameSeed(a, "Ours", "a")
		})
		change(&theirs, at.Add(2*time.Minute), func(d *Data) {
			d.AddSeed(testSeed("theirs-new"), at)
			d.RenameSeed(a, "Theirs", "a")
			d.DeleteSeed(c)
		})
		var candidates []Data
		if threeWay {
			candidates = []Data{base}
		}
		m, rep := MergeWith(ours, theirs, candidates...)
		if rep.ThreeWay != threeWay {
			t.Errorf("three-way %v, want %v", rep.ThreeWay, threeWay)
		}
		for _, want := range []string{"a", "b", "ours-new", "theirs-new"} {
			if _, ok := seedNamed(m, want); !ok {
				t.Errorf("three-way %v: seed %s lost", threeWay, want)
			}
		}
		if _, ok := seedNamed(m, "c"); ok {
			t.Errorf("three-way %v: the deleted seed came back", threeWay)
		}
		if s, _ := seedNamed(m, "a"); s.Issuer != "Theirs" {
			t.Errorf("three-way %v: issuer %q, want the later rename", threeWay, s.Issuer)
		}
		want := Conflict{Kind: SeedRecord, ID: a, Name: "Theirs (a)", Field: "issuer", Winner: Theirs, Lost: "Ours"}
		if !slices.Contains(rep.Conflicts, want) {
			t.Errorf("three-way %v: conflicts %+v, want %+v", threeWay, rep.Conflicts, want)
		}
		if !slices.ContainsFunc(rep.Changes, func(ch Change) bool { return ch.ID == c && ch.Change == Deleted && ch.Side == Theirs }) {
			t.Errorf("three-way %v: the deletion is not reported: %+v", threeWay, rep.Changes)
		}
		if !rep.ChangesOurs() {
			t.Errorf("three-way %v: ChangesOurs false", threeWay)
		}
	}
}

func TestMergeEditAfterDeletionWins(t *testing.T) {
	_, ours, theirs, at := twoSides(t)
	b := ours.Seeds[1].ID
	change(&ours, at.Add(time.Minute), func(d *Data) { d.DeleteSeed(b) })
	change(&theirs, at.Add(time.Hour), func(d *Data) { d.RenameSeed(b, "Kept", "b") })
	m, rep := Merge(nil, ours, theirs)
	if s, ok := seedNamed(m, "b"); !ok || s.Issuer != "Kept" {
		t.Fatalf("the seed edited after its deletion is gone")
	}
	if !slices.ContainsFunc(rep.Changes, func(ch Change) bool { return ch.ID == b && ch.Change == KeptOverDeletion && ch.Side == Theirs }) {
		t.Errorf("not reported: %+v", rep.Changes)
	}
	// An edit made before the deletion loses to it.
	_, ours2, theirs2, _ := twoSides(t)
	change(&theirs2, at.Add(time.Minute), func(d *Data) { d.RenameSeed(b, "Early", "b") })
	change(&ours2, at.Add(time.Hour), func(d *Data) { d.DeleteSeed(b) })
	if m, _ := Merge(nil, ours2, theirs2); slices.ContainsFunc(m.Seeds, func(s token.Seed) bool { return s.ID == b }) {
		t.Errorf("an edit older than the deletion brought the seed back")
	}
}

func TestMergeRulesThatAreNoConflict(t *testing.T) {
	_, ours, theirs, at := twoSides(t)
	change(&ours, at.Add(time.Hour), func(d *Data) {
		d.Seeds[0].Kind, d.Seeds[0].Counter = token.HOTP, 9
		d.Seeds[0].Secret = "GEZDGNBVGY3TQOJQ"
	})
	change(&theirs, at.Add(2*time.Hour), func(d *Data) {
		d.Seeds[0].Kind, d.Seeds[0].Counter = token.HOTP, 4
		d.Seeds[0].Secret = "MFRGGZDFMZTWQ2LK"
	})
	m, rep := Merge(nil, ours, theirs)
	if m.Seeds[0].Counter != 9 {
		t.Errorf("counter %d, want the higher, 9", m.Seeds[0].Counter)
	}
	for _, c := range rep.Conflicts {
		if c.Field == "counter" {
			t.Errorf("a counter reported as a conflict")
		}
		if c.Field == "secret" && (c.Lost != "" || !c.Secret) {
			t.Errorf("a secret in the report: %+v", c)
		}
	}
}

func TestMergeWithAnOlderCopyChangesNothing(t *testing.T) {
	_, ours, _, at := twoSides(t)
	older := ours.Clone()
	change(&ours, at.Add(time.Minute), func(d *Data) { d.DeleteSeed(d.Seeds[0].ID) })
	m, rep := MergeWith(ours, older)
	if rep.ChangesOurs() || canon(m) != canon(ours) || m.Revision != ours.Revision {
		t.Errorf("an older copy changed the vault: %+v", rep)
	}
	// The other way round, the newer copy is taken whole.
	m, rep = MergeWith(older, ours)
	if canon(m) != canon(ours) || !rep.ChangesOurs() {
		t.Errorf("a newer copy not taken: %+v", rep)
	}
}

func TestMergeOneSidedEditWinsOverAWrongClock(t *testing.T) {
	_, ours, theirs, at := twoSides(t)
	b := ours.Seeds[1].ID
	// Theirs' clock is a day behind: its rename of b is stamped before
	// ours' b was. No base is at hand: the revisions say theirs' b is newer.
	change(&ours, at.Add(24*time.Hour), func(d *Data) { d.RenameSeed(d.Seeds[0].ID, "Elsewhere", "a") })
	change(&theirs, at.Add(-24*time.Hour), func(d *Data) { d.RenameSeed(b, "Renamed", "b") })
	m, rep := Merge(nil, ours, theirs)
	if s, _ := seedNamed(m, "b"); s.Issuer != "Renamed" {
		t.Errorf("the one-sided rename lost to a clock: %q", s.Issuer)
	}
	if len(rep.Conflicts) != 0 {
		t.Errorf("conflicts %+v", rep.Conflicts)
	}
	// And a deletion on theirs of a seed ours' history already had wins.
	change(&theirs, at.Add(-23*time.Hour), func(d *Data) { d.DeleteSeed(d.Seeds[2].ID) })
	if m, _ := Merge(nil, ours, theirs); len(m.Seeds) != 2 {
		t.Errorf("%d seeds, want the deletion applied", len(m.Seeds))
	}
}

// TestMergeKeepsBothSecrets: both sides changed a seed's secret (set up
// again at the service on each computer); the later one keeps the seed's
// id and the other is kept beside it, never lost, once however often or
// in whichever order the copies are merged.
func TestMergeKeepsBothSecrets(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	base := Data{Version: SchemaVersion, Revision: "r0", Seeds: []token.Seed{{ID: "s1", Kind: token.TOTP, Issuer: "GitHub", Account: "alice",
		Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30, Modified: t0}}}
	ours, theirs := base.Clone(), base.Clone()
	ours.Revision, ours.Ancestors = "r1", []string{"r0"}
	theirs.Revision, theirs.Ancestors = "r2", []string{"r0"}
	ours.Seeds[0].Secret, ours.Seeds[0].Modified = "GEZDGNBVGY3TQOJQ", t0.Add(time.Hour)
	theirs.Seeds[0].Secret, theirs.Seeds[0].Modified = "MFRGGZDFMZTWQ2LK", t0.Add(2*time.Hour)
	for _, b := range []*Data{&base, nil} {
		got, rep := Merge(b, ours, theirs)
		secrets := map[string]string{}
		for _, s := range got.Seeds {
			secrets[s.Secret] = s.ID
		}
		if len(got.Seeds) != 2 || secrets["MFRGGZDFMZTWQ2LK"] != "s1" || secrets["GEZDGNBVGY3TQOJQ"] == "" {
			t.Fatalf("base %v: seeds %v, want theirs under s1 and ours beside it", b != nil, secrets)
		}
		if !slices.ContainsFunc(rep.Changes, func(c Change) bool { return c.Change == KeptBoth && c.Side == Ours }) {
			t.Errorf("base %v: the report does not say both were kept: %+v", b != nil, rep.Changes)
		}
		other, _ := Merge(b, theirs, ours)
		if !sameSeedIDs(got.Seeds, other.Seeds) {
			t.Errorf("base %v: the other order keeps other seeds", b != nil)
		}
		again, _ := Merge(nil, got, ours)
		if len(again.Seeds) != 2 {
			t.Errorf("base %v: merging ours again makes %d seeds", b != nil, len(again.Seeds))
		}
	}
}

func sameSeedIDs(a, b []token.Seed) bool {
	ids := func(s []token.Seed) []string {
		var out []string
		for _, x := range s {
			out = append(out, x.ID+"="+x.Secret)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(ids(a), ids(b))
}
