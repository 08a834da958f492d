package aws

import (
	"errors"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

func TestRecognize(t *testing.T) {
	tests := []struct {
		issuer, account string
		want            Device
		ok              bool
	}{
		{Issuer, "root-account-mfa-device@123456789012", Device{"root-account-mfa-device", "123456789012"}, true},
		{Issuer, "alice@my-company-prod", Device{"alice", "my-company-prod"}, true},
		{"amazon web services", "ops@123456789012", Device{"ops", "123456789012"}, true},
		{Issuer, "a@b@123456789012", Device{"a@b", "123456789012"}, true},
		{Issuer, "alice", Device{}, false},                // no account part
		{Issuer, "@123456789012", Device{}, false},        // no name
		{Issuer, "alice@Not_An_Alias", Device{}, false},   // alias rules
		{Issuer, "alice@-bad-", Device{}, false},          // alias rules
		{"Google", "alice@123456789012", Device{}, false}, // another issuer
		{"Amazon", "alice@123456789012", Device{}, false}, // not AWS's issuer string
	}
	for _, tc := range tests {
		s := token.Seed{Kind: token.TOTP, Issuer: tc.issuer, Account: tc.account}
		got, ok := Recognize(s)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Recognize(%q, %q) = %+v, %v; want %+v, %v", tc.issuer, tc.account, got, ok, tc.want, tc.ok)
		}
	}
	if d, _ := Recognize(token.Seed{Kind: token.TOTP, Issuer: Issuer, Account: "x@123456789012"}); !d.IsAccountID() {
		t.Error("12 digits not taken for an account id")
	}
	if d, _ := Recognize(token.Seed{Kind: token.TOTP, Issuer: Issuer, Account: "x@prod-alias"}); d.IsAccountID() {
		t.Error("alias taken for an account id")
	}
}

func TestRecognizeFromURI(t *testing.T) {
	s, err := token.ParseURI("otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services")
	if err != nil {
		t.Fatal(err)
	}
	d, ok := Recognize(s)
	if !ok || d.Account != "123456789012" || d.Name != "root-account-mfa-device" {
		t.Errorf("got %+v, %v", d, ok)
	}
}

func TestCheckAccountID(t *testing.T) {
	if err := CheckAccountID("123456789012"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"12345678901", "1234567890123", "12345678901a", ""} {
		if err := CheckAccountID(bad); !errors.Is(err, ErrAccountID) {
			t.Errorf("CheckAccountID(%q) = %v", bad, err)
		}
	}
}

func TestEnrollmentGivesConsecutiveCodes(t *testing.T) {
	// RFC 6238's SHA-1 secret; 1111111109 and 1111111111 lie in
	// consecutive periods with codes 07081804 and 14050471.
	s := token.Seed{Kind: token.TOTP, Issuer: Issuer, Account: "x@123456789012", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: token.SHA1, Digits: 8, Period: 30}
	got, err := Enrollment(s, time.Unix(1111111109, 0))
	if err != nil {
		t.Fatal(err)
	}
	if got.First != "07081804" || got.Second != "14050471" || !got.Until.Equal(time.Unix(1111111110, 0)) {
		t.Errorf("got %+v", got)
	}
}
