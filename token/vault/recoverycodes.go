package vault

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unsafe"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// Recovery codes: the one-time codes a service hands out when MFA is
// turned on, kept per account in Data.RecoveryCodes, so they are
// encrypted with the rest of the vault and travel in its backups. Each
// knows whether and when it was used. The inventory sees their tally
// (inventory.CodeTally), never a code.
//
// In memory, the codes read from the vault file live in buffers that
// Wipe zeroes, like the seeds' secrets; codes added since the vault was
// opened are ordinary strings (see the package doc).

// RecoveryCode is one of an account's recovery codes.
type RecoveryCode struct {
	// Code is the code as the service printed it ("abcde-12345",
	// "1234 5678"), without its list number.
	Code string `json:"code"`
	// Used is when the code was used; zero while it is unused.
	Used time.Time `json:"used,omitzero"`
	// buf holds Code's bytes when it was read from the file, for Wipe.
	buf []byte
}

// RecoveryCodes are the recovery codes kept for one account: the list the
// service issued last.
type RecoveryCodes struct {
	AccountID string         `json:"account_id"`
	Added     time.Time      `json:"added"`
	Codes     []RecoveryCode `json:"codes"`
}

// Errors of the recovery codes; test with errors.Is.
var (
	ErrNoCodesKept  = errors.New("no recovery codes are kept for the account")
	ErrCodesKept    = errors.New("the account already has recovery codes (replace them as a whole)")
	ErrUnknownCode  = errors.New("not one of the account's recovery codes")
	ErrCodeUsed     = errors.New("recovery code already used")
	ErrAllCodesUsed = errors.New("every recovery code of the account is used")
)

// UsedCodeError is returned when a code is used a second time; it says
// when it was used first. errors.Is(err, ErrCodeUsed) holds.
type UsedCodeError struct {
	Used time.Time
}

func (e *UsedCodeError) Error() string {
	return fmt.Sprintf("%v on %s", ErrCodeUsed, e.Used.UTC().Format(time.DateOnly))
}

func (e *UsedCodeError) Is(target error) bool { return target == ErrCodeUsed }

// Tally counts the codes and the unused ones.
func (rc RecoveryCodes) Tally() inventory.CodeTally {
	t := inventory.CodeTally{Total: len(rc.Codes)}
	for _, c := range rc.Codes {
		if c.Used.IsZero() {
			t.Unused++
		}
	}
	return t
}

// Unused are the codes not used yet, in the service's order.
func (rc RecoveryCodes) Unused() []RecoveryCode {
	return slices.DeleteFunc(slices.Clone(rc.Codes), func(c RecoveryCode) bool { return !c.Used.IsZero() })
}

// LastUsed is when a code was last used; zero when none was.
func (rc RecoveryCodes) LastUsed() time.Time {
	var t time.Time
	for _, c := range rc.Codes {
		if c.Used.After(t) {
			t = c.Used
		}
	}
	return t
}

// RecoveryCodesOf returns the codes kept for the account with id
// accountID; false when there are none.
func (d *Data) RecoveryCodesOf(accountID string) (RecoveryCodes, bool) {
	if i := d.codesOf(accountID); i >= 0 {
		return d.RecoveryCodes[i], true
	}
	return RecoveryCodes{}, false
}

// RecoveryCodeTallies tallies the codes kept for each account, by account
// ID, for inventory.Input.Codes.
func (d *Data) RecoveryCodeTallies() map[string]inventory.CodeTally {
	out := make(map[string]inventory.CodeTally, len(d.RecoveryCodes))
	for _, rc := range d.RecoveryCodes {
		out[rc.AccountID] = rc.Tally()
	}
	return out
}

// AddRecoveryCodes keeps codes (as ReadRecoveryCodes returns them; they
// are checked again here) for the account with id accountID, all unused.
// An account that has codes already keeps them unless replace says the
// service issued new ones: then the new list takes the old one's place
// as a whole (ErrCodesKept otherwise). It returns what is kept.
func (d *Data) AddRecoveryCodes(accountID string, codes []string, replace bool, now time.Time) (RecoveryCodes, error) {
	if d.accountByID(accountID) < 0 {
		return RecoveryCodes{}, fmt.Errorf("keeping recovery codes: %w", inventory.ErrNoAccount)
	}
	checked, err := CheckRecoveryCodes(codes)
	if err != nil {
		return RecoveryCodes{}, err
	}
	i := d.codesOf(accountID)
	if i >= 0 && !replace {
		return RecoveryCodes{}, fmt.Errorf("%w: %d kept, %d unused", ErrCodesKept, len(d.RecoveryCodes[i].Codes), d.RecoveryCodes[i].Tally().Unused)
	}
	rc := RecoveryCodes{AccountID: accountID, Added: now.UTC().Truncate(time.Second)}
	for _, c := range checked {
		rc.Codes = append(rc.Codes, RecoveryCode{Code: c})
	}
	if i >= 0 {
		d.RecoveryCodes[i] = rc
	} else {
		d.RecoveryCodes = append(d.RecoveryCodes, rc)
	}
	return rc, nil
}

// UseRecoveryCode marks code (typed with or without its spaces and
// dashes, in any case) used at now. A code that is not one of the
// account's is ErrUnknownCode; one used already is a *UsedCodeError.
// It returns the code as kept, and the tally after.
func (d *Data) UseRecoveryCode(accountID, code string, now time.Time) (RecoveryCode, inventory.CodeTally, error) {
	typed, err := parseCodeLine(code)
	if err != nil {
		return RecoveryCode{}, inventory.CodeTally{}, fmt.Errorf("the code %w", err)
	}
	i := d.codesOf(accountID)
	if i < 0 {
		return RecoveryCode{}, inventory.CodeTally{}, ErrNoCodesKept
	}
	want := []byte(codeKey(typed))
	rc := &d.RecoveryCodes[i]
	for j := range rc.Codes {
		c := &rc.Codes[j]
		if subtle.ConstantTimeCompare([]byte(codeKey(c.Code)), want) != 1 {
			continue
		}
		if !c.Used.IsZero() {
			return RecoveryCode{}, inventory.CodeTally{}, &UsedCodeError{Used: c.Used}
		}
		c.Used = now.UTC().Truncate(time.Second)
		return *c, rc.Tally(), nil
	}
	return RecoveryCode{}, inventory.CodeTally{}, ErrUnknownCode
}

// UseNextRecoveryCode marks the first unused code of the account used at
// now and returns it, with the tally after: the app copies it and marks
// it used in one step. ErrAllCodesUsed when none is left.
func (d *Data) UseNextRecoveryCode(accountID string, now time.Time) (RecoveryCode, inventory.CodeTally, error) {
	i := d.codesOf(accountID)
	if i < 0 {
		return RecoveryCode{}, inventory.CodeTally{}, ErrNoCodesKept
	}
	rc := &d.RecoveryCodes[i]
	j := slices.IndexFunc(rc.Codes, func(c RecoveryCode) bool { return c.Used.IsZero() })
	if j < 0 {
		return RecoveryCode{}, inventory.CodeTally{}, ErrAllCodesUsed
	}
	rc.Codes[j].Used = now.UTC().Truncate(time.Second)
	return rc.Codes[j], rc.Tally(), nil
}

// RemoveRecoveryCodes forgets the codes kept for the account and returns
// their tally.
func (d *Data) RemoveRecoveryCodes(accountID string) (inventory.CodeTally, error) {
	i := d.codesOf(accountID)
	if i < 0 {
		return inventory.CodeTally{}, ErrNoCodesKept
	}
	t := d.RecoveryCodes[i].Tally()
	d.RecoveryCodes = slices.Delete(d.RecoveryCodes, i, i+1)
	return t, nil
}

func (d *Data) codesOf(accountID string) int {
	return slices.IndexFunc(d.RecoveryCodes, func(rc RecoveryCodes) bool { return rc.AccountID == accountID })
}

// cloneRecoveryCodes copies codes so that the copy shares no slice with
// them (Data.Clone).
func cloneRecoveryCodes(codes []RecoveryCodes) []RecoveryCodes {
	out := slices.Clone(codes)
	for i := range out {
		out[i].Codes = slices.Clone(out[i].Codes)
	}
	return out
}

// wipeRecoveryCodes zeroes the codes read from the file (Vault.Wipe).
func (d *Data) wipeRecoveryCodes() {
	for _, rc := range d.RecoveryCodes {
		for _, c := range rc.Codes {
			clear(c.buf)
		}
	}
}

// UnmarshalJSON reads a code from the vault's JSON into a buffer of its
// own, never into a Go string, so Wipe can zero it.
func (c *RecoveryCode) UnmarshalJSON(b []byte) error {
	var disk struct {
		Code json.RawMessage `json:"code"`
		Used time.Time       `json:"used"`
	}
	if err := json.Unmarshal(b, &disk); err != nil {
		return err
	}
	defer clear(disk.Code)
	*c = RecoveryCode{Used: disk.Used}
	raw := disk.Code
	if len(raw) > 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && !bytes.ContainsAny(raw[1:len(raw)-1], `\"`) {
		c.buf = bytes.Clone(raw[1 : len(raw)-1])
		c.Code = unsafe.String(&c.buf[0], len(c.buf))
		return nil
	}
	// Not a plain string (never written by Twofold): decode it normally.
	return json.Unmarshal(raw, &c.Code)
}
