package pivtest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/piv"
)

func serials(states []piv.State) []uint32 {
	var out []uint32
	for _, s := range states {
		out = append(out, s.Serial)
	}
	return out
}

// Keys reports what it was given as a Scanner would: sorted by serial, no
// key as ErrNoKey, and each change to every watcher until its context ends.
func TestKeysListAndWatch(t *testing.T) {
	now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	k := New(Fresh(20000002, now), Fresh(20000001, now))
	got, err := k.List(context.Background())
	if err != nil || !slices.Equal(serials(got), []uint32{20000001, 20000002}) {
		t.Errorf("List = %v, %v", serials(got), err)
	}
	codes := map[string]bool{}
	for _, f := range got[0].Findings {
		codes[f.Code] = true
	}
	if !codes["default_pin"] || !codes["default_management_key"] {
		t.Errorf("a fresh key's findings: %v", got[0].Findings)
	}
	ctx, cancel := context.WithCancel(context.Background())
	snaps := k.Watch(ctx, time.Hour)
	if s := <-snaps; len(s.Keys) != 2 {
		t.Errorf("first snapshot %+v", s)
	}
	k.Set(nil, nil)
	if s := <-snaps; len(s.Keys) != 0 || s.Err != nil {
		t.Errorf("after pulling both out: %+v", s)
	}
	if _, err := k.List(context.Background()); !errors.Is(err, piv.ErrNoKey) {
		t.Errorf("List with no key: %v", err)
	}
	cancel()
	for range snaps {
	}
}
