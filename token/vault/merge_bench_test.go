package vault

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkMerge merges two copies of a 1,000-seed vault that made 100
// changes each while apart (renames, adds and deletes, a tenth of them on
// the same seeds), the key derivations aside: what a conflict copy costs
// beyond opening it.
func BenchmarkMerge(b *testing.B) {
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	var base Data
	for i := range 1000 {
		s := testSeed(fmt.Sprintf("seed-%d", i))
		if _, err := base.AddSeed(s, at); err != nil {
			b.Fatal(err)
		}
	}
	base.stamp(nil, at, Writer{Device: "base"})
	sides := [2]Data{base.Clone(), base.Clone()}
	for side := range sides {
		d := &sides[side]
		for n := range 100 {
			prev := d.Clone()
			switch i := (n*7 + side*500) % len(d.Seeds); n % 4 {
			case 0:
				d.AddSeed(testSeed(fmt.Sprintf("new-%d-%d", side, n)), at)
			case 1:
				d.DeleteSeed(d.Seeds[i].ID)
			default:
				if n%10 == 2 {
					i = n // the same seeds on both sides
				}
				d.RenameSeed(d.Seeds[i].ID, fmt.Sprintf("Issuer %d-%d", side, n), d.Seeds[i].Account)
			}
			d.stamp(&prev, at.Add(time.Duration(n+side)*time.Second), Writer{Device: fmt.Sprint(side)})
		}
	}
	b.Run("by_revision", func(b *testing.B) {
		for b.Loop() {
			Merge(nil, sides[0], sides[1])
		}
	})
	b.Run("three_way", func(b *testing.B) {
		for b.Loop() {
			MergeWith(sides[0], sides[1], base)
		}
	})
	m, rep := MergeWith(sides[0], sides[1], base)
	b.ReportMetric(float64(len(m.Seeds)), "seeds")
	b.ReportMetric(float64(len(rep.Changes)+len(rep.Conflicts)), "reported")
}
