package main

import (
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/piv"
)

func TestRecordKeys(t *testing.T) {
	first := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	later := first.Add(48 * time.Hour)
	recs := recordKeys(nil, []piv.State{{Serial: 7}}, first)
	recs[0].Nickname = "desk"
	recs = recordKeys(recs, []piv.State{{Serial: 7}, {Serial: 9}}, later)
	want := []inventory.KeyRecord{
		{Serial: 7, Nickname: "desk", FirstSeen: first, LastSeen: later},
		{Serial: 9, FirstSeen: later, LastSeen: later},
	}
	if len(recs) != len(want) {
		t.Fatalf("records = %+v", recs)
	}
	for i := range want {
		if recs[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, recs[i], want[i])
		}
	}
}
