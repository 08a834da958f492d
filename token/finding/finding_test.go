package finding

import (
	"encoding/json"
	"testing"
)

func TestSeverityOrder(t *testing.T) {
	order := []Severity{"", Info, Warning, Critical}
	for i, s := range order {
		for j, min := range order {
			if got, want := s.AtLeast(min), i >= j; got != want {
				t.Errorf("%q.AtLeast(%q) = %v, want %v", s, min, got, want)
			}
		}
	}
	for in, want := range map[string]Severity{"critical": Critical, " Info ": Info, "WARNING": Warning, "bad": Warning} {
		if got := ParseSeverity(in); got != want {
			t.Errorf("ParseSeverity(%q) = %q, want %q", in, got, want)
		}
	}
}

// A key finding's JSON is what 'twofold keys --json' and the vault's key
// records hold: the action is left out when there is none.
func TestKeyJSON(t *testing.T) {
	for _, tc := range []struct {
		k    Key
		want string
	}{
		{Key{Severity: Critical, Code: "default_pin", Message: "m", Fix: "f"},
			`{"severity":"critical","code":"default_pin","message":"m","fix":"f"}`},
		{Key{Severity: Info, Code: "certificate_expiring", Message: "m", Fix: "f", Action: Action{Kind: ImportCertificate, KeySerial: 7, Slot: "9a"}},
			`{"severity":"info","code":"certificate_expiring","message":"m","fix":"f","action":{"kind":"import_certificate","key_serial":7,"slot":"9a"}}`},
	} {
		b, err := json.Marshal(tc.k)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("JSON = %s\nwant   %s", b, tc.want)
		}
	}
}
