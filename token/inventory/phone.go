package inventory

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrPhone is wrapped by every error about a phone number that cannot be
// dialled: AWS calls the root user's number when its MFA device is lost,
// and a number it cannot dial means no way back.
var ErrPhone = errors.New("invalid phone number")

// ErrRegion is returned for a region that is not a known two-letter
// region code.
var ErrRegion = errors.New("unknown phone region")

// NormalizePhone validates a phone number as a person writes it and
// returns it in E.164 form. Region is the two-letter region (ISO 3166-1,
// e.g. "JP") the number is written for; it may be empty when the number
// starts with '+' and its country code. So "080-1234-5678" in region JP
// is "+818012345678".
func NormalizePhone(raw, region string) (string, error) {
	raw = strings.TrimSpace(raw)
	region = strings.ToUpper(strings.TrimSpace(region))
	if raw == "" {
		return "", fmt.Errorf("%w: empty", ErrPhone)
	}
	if region != "" && !phonenumbers.GetSupportedRegions()[region] {
		return "", fmt.Errorf("%w: %q (want a two-letter code such as JP or US)", ErrRegion, region)
	}
	if region == "" && !strings.HasPrefix(raw, "+") {
		return "", fmt.Errorf("%w: %q has no country code: give its region (such as JP) or write it with + and the country code", ErrPhone, raw)
	}
	n, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrPhone, raw, err)
	}
	if !phonenumbers.IsValidNumber(n) {
		where := region
		if where == "" {
			where = "its country"
		}
		return "", fmt.Errorf("%w: %q is not a number that exists in %s", ErrPhone, raw, where)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Dialable reports whether phone is a valid number written in E.164, the
// form in which a provider abroad can call it.
func Dialable(phone string) bool {
	if !strings.HasPrefix(phone, "+") {
		return false
	}
	n, err := phonenumbers.Parse(phone, "")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return false
	}
	return phonenumbers.Format(n, phonenumbers.E164) == phone
}
