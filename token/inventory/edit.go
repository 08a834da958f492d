package inventory

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/twofoldmfa/twofold/token"
)

// Rules for editing the inventory that the command line and the desktop
// app share, so both refuse the same things with the same errors.

// ErrDuplicateName is wrapped when a second account would get a name
// that another one has (names are compared without regard to case).
var ErrDuplicateName = errors.New("an account of that name already exists")

// ErrSeedTaken is wrapped when a seed that is already a factor of an
// account would become a factor of another one; MoveSeed is the way to
// move it.
var ErrSeedTaken = errors.New("seed is already a factor")

// CheckUniqueName reports whether name is free for the account with id
// exceptID ("" for a new account).
func CheckUniqueName(accounts []Account, name, exceptID string) error {
	for _, a := range accounts {
		if a.ID != exceptID && strings.EqualFold(strings.TrimSpace(a.Name), strings.TrimSpace(name)) {
			return fmt.Errorf("%w: %q", ErrDuplicateName, a.Name)
		}
	}
	return nil
}

// CheckSeedFree reports whether seed s may become a factor of an
// account: it must not be one already.
func CheckSeedFree(accounts []Account, s token.Seed) error {
	if users := SeedUsers(accounts, s.ID); len(users) > 0 {
		return fmt.Errorf("%w: %s is already a factor of %s", ErrSeedTaken, s.Label(), users[0])
	}
	return nil
}

// SightingsChange reports whether recording seen (RecordSightings) at
// now would change something that matters: a key the records lack, a
// day of last sighting that is not today's (in now's location), or
// findings that differ. A key seen again the same day with the same
// findings does not matter, so callers that poll need not save.
func SightingsChange(records []KeyRecord, seen []Sighting, now time.Time) bool {
	y, m, d := now.Date()
	for _, s := range seen {
		i := slices.IndexFunc(records, func(r KeyRecord) bool { return r.Serial == s.Serial })
		if i < 0 {
			return true
		}
		r := records[i]
		ry, rm, rd := r.LastSeen.In(now.Location()).Date()
		if r.LastSeen.IsZero() || ry != y || rm != m || rd != d {
			return true
		}
		if !slices.Equal(r.Findings, s.Findings) {
			return true
		}
	}
	return false
}

// PhoneRegion is a region phone numbers are written for, with its
// country calling code: "JP" and 81.
type PhoneRegion struct {
	Code        string
	CallingCode int
}

// PhoneRegions lists the regions NormalizePhone knows, sorted by code.
func PhoneRegions() []PhoneRegion {
	var out []PhoneRegion
	for code := range phonenumbers.GetSupportedRegions() {
		out = append(out, PhoneRegion{Code: code, CallingCode: phonenumbers.GetCountryCodeForRegion(code)})
	}
	slices.SortFunc(out, func(a, b PhoneRegion) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// PhoneRegionOf returns the region of an E.164 number, or "" when it has
// none.
func PhoneRegionOf(phone string) string {
	n, err := phonenumbers.Parse(phone, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(n)
}
