package inventory

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		raw, region string
		want        string
		err         error
	}{
		{"080-1234-5678", "JP", "+818012345678", nil},
		{"080-1234-5678", "jp", "+818012345678", nil},
		{"+81 80 1234 5678", "", "+818012345678", nil},
		{"+81 80 1234 5678", "US", "+818012345678", nil},
		{"(202) 456-1111", "US", "+12024561111", nil},
		{" 020 7946 0958 ", "GB", "+442079460958", nil},
		{"080-1234-5678", "", "", ErrPhone},    // no country code, no region
		{"8012345678", "", "", ErrPhone},       // the classic: no country code
		{"080-1234", "JP", "", ErrPhone},       // too short
		{"not a number", "JP", "", ErrPhone},   // unparseable
		{"", "JP", "", ErrPhone},               // empty
		{"+999 1234 5678", "", "", ErrPhone},   // no such country code
		{"080-1234-5678", "XX", "", ErrRegion}, // no such region
		{"080-1234-5678", "Japan", "", ErrRegion},
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.raw, tt.region)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q, %v", tt.raw, tt.region, got, err, tt.want, tt.err)
		}
	}
}

func TestDialable(t *testing.T) {
	for phone, want := range map[string]bool{
		"+818012345678":    true,
		"+12024561111":     true,
		"08012345678":      false, // no country code: AWS cannot dial it from abroad
		"+81 80 1234 5678": false, // not E.164
		"+8180123":         false,
		"":                 false,
	} {
		if got := Dialable(phone); got != want {
			t.Errorf("Dialable(%q) = %v, want %v", phone, got, want)
		}
	}
}

func TestAccountValidate(t *testing.T) {
	good := Account{Name: "AWS prod root", Provider: AWS, AWSAccount: "123456789012", Principal: "root", Email: "root@example.com", Phone: "+818012345678"}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(good) = %v", err)
	}
	tests := []struct {
		name   string
		change func(*Account)
		err    error
	}{
		{"empty name", func(a *Account) { a.Name = " " }, ErrName},
		{"provider", func(a *Account) { a.Provider = "gcp" }, ErrProvider},
		{"11 digits", func(a *Account) { a.AWSAccount = "12345678901" }, nil},
		{"alias", func(a *Account) { a.AWSAccount = "Bad_Alias" }, ErrAWSAccount},
		{"email", func(a *Account) { a.Email = "root at example" }, ErrEmail},
		{"email with name", func(a *Account) { a.Email = "Root <root@example.com>" }, ErrEmail},
		{"phone not E.164", func(a *Account) { a.Phone = "080-1234-5678" }, ErrPhone},
	}
	for _, tt := range tests {
		a := good
		tt.change(&a)
		err := a.Validate()
		if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
			t.Errorf("%s: Validate() = %v, want %v", tt.name, err, tt.err)
		}
	}
	alias := good
	alias.AWSAccount = "my-company-prod"
	if err := alias.Validate(); err != nil {
		t.Errorf("alias: Validate() = %v", err)
	}
}

// A number NormalizePhone accepts is dialable and normalises to itself.
func FuzzNormalizePhone(f *testing.F) {
	for _, seed := range [][2]string{
		{"080-1234-5678", "JP"}, {"+81 80 1234 5678", ""}, {"(202) 456-1111", "US"},
		{"020 7946 0958", "GB"}, {"0", "DE"}, {"+", ""}, {"+1 (", "US"}, {"０８０１２３４５６７８", "JP"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		e164, err := NormalizePhone(raw, region)
		if err != nil {
			return
		}
		if !Dialable(e164) {
			t.Fatalf("NormalizePhone(%q, %q) = %q, not dialable", raw, region, e164)
		}
		if again, err := NormalizePhone(e164, ""); err != nil || again != e164 {
			t.Fatalf("NormalizePhone(%q) = %q, %v; want it unchanged", e164, again, err)
		}
	})
}
