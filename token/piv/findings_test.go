package piv

import (
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

func ptr[T any](v T) *T { return &v }

func TestFindings(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clean := State{
		PIN:           Credential{RetriesLeft: ptr(3), Default: ptr(false)},
		PUK:           Credential{RetriesLeft: ptr(3), Default: ptr(false)},
		ManagementKey: ManagementKey{Algorithm: "aes192", Default: ptr(false)},
	}
	tests := []struct {
		name   string
		change func(*State)
		want   []string
	}{
		{"clean", func(*State) {}, nil},
		{"defaults", func(s *State) {
			s.PIN.Default, s.PUK.Default, s.ManagementKey.Default = ptr(true), ptr(true), ptr(true)
		}, []string{"default_pin", "default_management_key", "default_puk"}},
		{"unknown is not default", func(s *State) { s.PIN.Default, s.PUK = nil, Credential{} }, nil},
		{"blocked", func(s *State) { s.PIN.RetriesLeft, s.PIN.Blocked = ptr(0), true }, []string{"pin_blocked"}},
		{"last retry", func(s *State) { s.PIN.RetriesLeft = ptr(1) }, []string{"pin_last_retry"}},
		{"puk blocked", func(s *State) { s.PUK.Blocked = true }, []string{"puk_blocked"}},
		{"certificates", func(s *State) {
			s.Slots = []Slot{
				{Slot: "9a", Certificate: &Certificate{NotAfter: now}},
				{Slot: "9c", Certificate: &Certificate{NotAfter: now.Add(ExpiryWarning)}},
				{Slot: "9d", Certificate: &Certificate{NotAfter: now.Add(ExpiryWarning + time.Second)}},
			}
		}, []string{"certificate_expired", "certificate_expiring"}},
		{"attestation", func(s *State) { s.Slots = []Slot{{Slot: "9a", Attestation: AttestationFailed}} }, []string{"attestation_failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := clean
			tt.change(&s)
			got := Findings(s, now)
			if !slices.Equal(codes(got), tt.want) {
				t.Errorf("codes = %v, want %v", codes(got), tt.want)
			}
			for _, f := range got {
				if f.Message == "" || f.Fix == "" {
					t.Errorf("%s: empty message or fix", f.Code)
				}
				if !slices.Contains([]string{SeverityCritical, SeverityWarning, SeverityInfo}, f.Severity) {
					t.Errorf("%s: severity %q", f.Code, f.Severity)
				}
			}
		})
	}
}

func TestSightingCarriesFindings(t *testing.T) {
	s := State{Serial: 7, Findings: []Finding{{Severity: SeverityCritical, Code: "default_pin", Message: "m", Fix: "f"}}}.Sighting()
	want := inventory.KeyFinding{Severity: inventory.Critical, Code: "default_pin", Message: "m", Fix: "f"}
	if s.Serial != 7 || len(s.Findings) != 1 || s.Findings[0] != want {
		t.Errorf("Sighting = %+v", s)
	}
	if empty := (State{Serial: 8}).Sighting(); empty.Findings == nil || len(empty.Findings) != 0 {
		t.Errorf("a key without findings must clear stored ones: %+v", empty)
	}
}
