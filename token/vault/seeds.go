package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// ErrNoMatch is returned when a query matches no seed.
var ErrNoMatch = errors.New("no seed matches")

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

// SeedIndex returns the index of the one seed that query names (see
// SeedCandidate and token.Pick). Otherwise it is ErrNoMatch or a
// *token.AmbiguousError.
func (d *Data) SeedIndex(query string) (int, error) {
	return token.Pick(query, ErrNoMatch, len(d.Seeds), func(i int) token.Candidate {
		return SeedCandidate(d.Seeds[i])
	})
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
