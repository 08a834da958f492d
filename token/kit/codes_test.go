package kit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token/vault"
)

// The unused codes print under their account's name, the used ones not
// at all; codes with some left make the account's single seed not a
// single factor on the paper either.
func TestKitRecoveryCodes(t *testing.T) {
	in := sample(0)
	rc := vault.RecoveryCodes{AccountID: "a3", Added: printed}
	for i := range 16 {
		c := vault.RecoveryCode{Code: fmt.Sprintf("%05x-%05x", 0x51a2b+i*7001, 0x2c3d4+i*5003)}
		if i < 3 {
			c.Used = printed
		}
		rc.Codes = append(rc.Codes, c)
	}
	in.RecoveryCodes = []vault.RecoveryCodes{rc}
	text := strings.Join(pageTexts(t, writeKit(t, in)), "\n")
	vpn := strings.Index(text, "\nVPN\n")
	if vpn < 0 {
		t.Fatalf("no VPN account heading:\n%s", text)
	}
	for i, c := range rc.Codes {
		at := strings.Index(text, c.Code)
		switch {
		case i < 3 && at >= 0:
			t.Errorf("used code %d is on the paper", i+1)
		case i >= 3 && at < vpn:
			t.Errorf("unused code %d is not on the paper under its account", i+1)
		}
	}
	if !strings.Contains(text, "Recovery codes: 13 of 16 unused") {
		t.Error("the paper does not say how many codes are left")
	}
	if strings.Contains(text, "VPN has a single factor") {
		t.Error("the account with codes left is called single-factor")
	}
	if w := CodesWarning(in.RecoveryCodes); !strings.Contains(w, "13 unused recovery codes") {
		t.Errorf("CodesWarning: %q", w)
	}
	if w := CodesWarning(nil); w != "" {
		t.Errorf("CodesWarning without codes: %q", w)
	}
}
