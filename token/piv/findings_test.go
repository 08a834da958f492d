package piv

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/finding"
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
				if !slices.Contains([]finding.Severity{SeverityCritical, SeverityWarning, SeverityInfo}, f.Severity) {
					t.Errorf("%s: severity %q", f.Code, f.Severity)
				}
			}
		})
	}
}

// TestFindingsSayWhatToDo: every key finding carries an action on the
// key it was found on, and its words name no command (the front ends
// word the action).
func TestFindingsSayWhatToDo(t *testing.T) {
	s := State{Serial: 7, PIN: Credential{Default: ptr(true)}, PUK: Credential{Blocked: true},
		ManagementKey: ManagementKey{Default: ptr(true)},
		Slots:         []Slot{{Slot: "9a", Attestation: AttestationFailed}}}
	want := map[string]finding.ActionKind{
		"default_pin": finding.ChangePIN, "default_management_key": finding.ChangeManagementKey,
		"puk_blocked": finding.ResetPIV, "attestation_failed": finding.ReplaceKey,
	}
	got := Findings(s, time.Now())
	if len(got) != len(want) {
		t.Fatalf("codes = %v", codes(got))
	}
	for _, f := range got {
		if f.Action.Kind != want[f.Code] || f.Action.KeySerial != 7 {
			t.Errorf("%s: action %+v, want %s on key 7", f.Code, f.Action, want[f.Code])
		}
		if strings.Contains(f.Fix, "ykman") || strings.Contains(f.Fix, "twofold ") {
			t.Errorf("%s: fix names a command: %q", f.Code, f.Fix)
		}
	}
	if a := got[len(got)-1].Action; a.Kind == finding.ReplaceKey && a.Slot != "9a" {
		t.Errorf("attestation action names slot %q", a.Slot)
	}
}
