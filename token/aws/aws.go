// Package aws knows the AWS side of MFA: how an AWS virtual MFA seed is
// labelled, what an account id and alias look like, and the two
// consecutive codes the IAM console asks for when a virtual device is
// enrolled. It holds no secrets of its own and makes no network calls.
package aws

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// Issuer is the issuer AWS writes into every virtual MFA seed.
const Issuer = "Amazon Web Services"

// MaxFactorsPerUser is how many MFA devices AWS lets one user (root or
// IAM) register.
const MaxFactorsPerUser = 8

// ErrAccountID is returned for an account id that is not 12 digits.
var ErrAccountID = errors.New("AWS account id must be 12 digits")

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	// IAM account alias rules: 3 to 63 lower-case letters, digits and
	// hyphens, not starting or ending with a hyphen.
	aliasPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$`)
)

// Device is what the label of an AWS virtual MFA seed says.
type Device struct {
	// Name is the part before the '@': the IAM user name, or the device
	// name chosen for the root user.
	Name string `json:"name"`
	// Account is the 12-digit account id or the account alias.
	Account string `json:"account"`
}

// IsAccountID reports whether Account is a numeric id rather than an alias.
func (d Device) IsAccountID() bool { return accountIDPattern.MatchString(d.Account) }

// Recognize reports whether s is an AWS virtual MFA seed, labelled
// "Amazon Web Services:NAME@ACCOUNT", and if so which device it is.
func Recognize(s token.Seed) (Device, bool) {
	if s.Kind != token.TOTP || !strings.EqualFold(s.Issuer, Issuer) {
		return Device{}, false
	}
	i := strings.LastIndexByte(s.Account, '@')
	if i <= 0 {
		return Device{}, false
	}
	d := Device{Name: s.Account[:i], Account: s.Account[i+1:]}
	if !accountIDPattern.MatchString(d.Account) && !IsAlias(d.Account) {
		return Device{}, false
	}
	return d, true
}

// IsAlias reports whether s follows IAM's rules for an account alias.
func IsAlias(s string) bool { return aliasPattern.MatchString(s) }

// CheckAccountID returns ErrAccountID unless id is exactly 12 digits.
func CheckAccountID(id string) error {
	if !accountIDPattern.MatchString(id) {
		return fmt.Errorf("%w, got %d characters", ErrAccountID, len(id))
	}
	return nil
}

// EnrollmentCodes are the two consecutive codes the AWS console asks for
// ("MFA code 1" and "MFA code 2") when a virtual MFA device is assigned.
type EnrollmentCodes struct {
	First  string `json:"first"`
	Second string `json:"second"`
	// Until is when First stops being the current code.
	Until time.Time `json:"until"`
}

// Enrollment returns the codes of the period holding t and of the next.
func Enrollment(s token.Seed, t time.Time) (EnrollmentCodes, error) {
	first, err := s.Code(t)
	if err != nil {
		return EnrollmentCodes{}, fmt.Errorf("first enrollment code: %w", err)
	}
	second, err := s.NextCode(t)
	if err != nil {
		return EnrollmentCodes{}, fmt.Errorf("second enrollment code: %w", err)
	}
	return EnrollmentCodes{First: first, Second: second, Until: t.Add(s.Remaining(t)).Truncate(time.Second)}, nil
}
