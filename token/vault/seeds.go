package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// ErrNoMatch is returned when a query matches no seed.
var ErrNoMatch = errors.New("no seed matches")

// AmbiguousError is returned when a query matches more than one seed; it
// carries their labels so the user can narrow the query.
type AmbiguousError struct {
	Query   string
	Matches []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q matches %d seeds: %s", e.Query, len(e.Matches), strings.Join(e.Matches, "; "))
}

// NewID returns a random identifier for a seed, account or factor.
func NewID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand contract since Go 1.24)
	return hex.EncodeToString(b)
}

// AddSeed validates s, gives it an ID and the time it was added, and
// appends it. It returns the stored seed.
func (d *Data) AddSeed(s token.Seed, now time.Time) (token.Seed, error) {
	if err := s.Validate(); err != nil {
		return token.Seed{}, err
	}
	s.ID = NewID()
	s.Added = now.UTC().Truncate(time.Second)
	d.Seeds = append(d.Seeds, s)
	return s, nil
}

// SeedIndex returns the index of the one seed whose issuer or account
// contains query, case-insensitively. When several contain it but exactly
// one matches it whole (issuer, account or label), that one is chosen.
// Otherwise it is ErrNoMatch or an *AmbiguousError.
func (d *Data) SeedIndex(query string) (int, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	var partial, whole []int
	for i, s := range d.Seeds {
		issuer, account := strings.ToLower(s.Issuer), strings.ToLower(s.Account)
		if strings.Contains(issuer, q) || strings.Contains(account, q) {
			partial = append(partial, i)
		}
		if q == issuer || q == account || q == strings.ToLower(s.Label()) || q == s.ID {
			whole = append(whole, i)
		}
	}
	switch {
	case len(whole) == 1:
		return whole[0], nil
	case len(partial) == 1:
		return partial[0], nil
	case len(partial) == 0 && len(whole) == 0:
		return -1, fmt.Errorf("%w %q", ErrNoMatch, query)
	}
	many := partial
	if len(whole) > 1 {
		many = whole
	}
	e := &AmbiguousError{Query: query}
	for _, i := range many {
		e.Matches = append(e.Matches, d.Seeds[i].Label())
	}
	return -1, e
}

// SeedByID returns the index of the seed with the given ID, or -1.
func (d *Data) SeedByID(id string) int {
	for i, s := range d.Seeds {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// RemoveSeed deletes the seed at index i.
func (d *Data) RemoveSeed(i int) {
	d.Seeds = append(d.Seeds[:i], d.Seeds[i+1:]...)
}
