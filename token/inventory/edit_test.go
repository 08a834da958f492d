package inventory

import (
	"errors"
	"testing"
	"time"
)

func TestCheckUniqueName(t *testing.T) {
	accounts := []Account{{ID: "a1", Name: "GitHub"}, {ID: "a2", Name: "AWS 123456789012 root"}}
	if err := CheckUniqueName(accounts, "github ", ""); !errors.Is(err, ErrDuplicateName) {
		t.Errorf("new account named like another: %v", err)
	}
	if err := CheckUniqueName(accounts, "GitHub", "a1"); err != nil {
		t.Errorf("an account keeping its own name: %v", err)
	}
	if err := CheckUniqueName(accounts, "Google", ""); err != nil {
		t.Errorf("free name: %v", err)
	}
}

func TestCheckSeedFree(t *testing.T) {
	s := awsSeed("s1", "root@123456789012")
	accounts := []Account{{ID: "a1", Name: "AWS root"}}
	if err := CheckSeedFree(accounts, s); err != nil {
		t.Errorf("unused seed: %v", err)
	}
	accounts[0].Factors = []Factor{{ID: "f1", Kind: SeedFactor, SeedID: "s1"}}
	if err := CheckSeedFree(accounts, s); !errors.Is(err, ErrSeedTaken) {
		t.Errorf("used seed: %v", err)
	}
}

func TestSightingsChange(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	pin := []KeyFinding{{Severity: Warning, Code: "default_pin", Message: "default PIN"}}
	seen := []Sighting{{Serial: 7, Findings: pin}}
	if !SightingsChange(nil, seen, now) {
		t.Error("a new key does not matter")
	}
	records := RecordSightings(nil, seen, now)
	if SightingsChange(records, seen, now.Add(time.Hour)) {
		t.Error("the same key, the same day, the same findings matters")
	}
	if !SightingsChange(records, seen, now.Add(24*time.Hour)) {
		t.Error("a new day does not matter")
	}
	if !SightingsChange(records, []Sighting{{Serial: 7, Findings: []KeyFinding{}}}, now) {
		t.Error("findings fixed does not matter")
	}
	if SightingsChange(records, nil, now) {
		t.Error("no key seen matters")
	}
}

func TestPhoneRegions(t *testing.T) {
	var jp *PhoneRegion
	regions := PhoneRegions()
	for i := range regions {
		if regions[i].Code == "JP" {
			jp = &regions[i]
		}
		if i > 0 && regions[i-1].Code >= regions[i].Code {
			t.Fatalf("not sorted at %s", regions[i].Code)
		}
	}
	if jp == nil || jp.CallingCode != 81 {
		t.Errorf("JP: %+v", jp)
	}
	if got := PhoneRegionOf("+818012345678"); got != "JP" {
		t.Errorf("region of a JP number: %q", got)
	}
	if got := PhoneRegionOf("not a number"); got != "" {
		t.Errorf("region of garbage: %q", got)
	}
}
