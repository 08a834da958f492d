package oath

import (
	"errors"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// Store puts seed on the key as Put does, then reads it back: LIST must
// show the name with the seed's type and algorithm and, for a TOTP
// credential that needs no touch, the key's code at now must be the
// seed's. A credential that fails this check is deleted again, so the key
// never keeps one that makes wrong codes. PUT itself is one command,
// which the key applies whole or not at all; a key pulled out before the
// check gives ErrRemoved, with the advice to list it once it is back.
func (s *Session) Store(seed token.Seed, touch, overwrite bool, now time.Time) error {
	if err := s.Put(seed, touch, overwrite); err != nil {
		return err
	}
	name := CredentialName(seed)
	err := s.check(seed, touch, now)
	switch {
	case errors.Is(err, ErrMismatch):
		if derr := s.Delete(name); derr != nil {
			return fmt.Errorf("%s: %w, and deleting it again failed: %w", name, err, derr)
		}
		return fmt.Errorf("%s: %w (it was deleted again)", name, err)
	case errors.Is(err, ErrRemoved):
		return fmt.Errorf("%s was written but not yet checked: %w; plug it back in and list its credentials to see whether it holds the seed", name, err)
	}
	return err
}

// check reads back what Store wrote.
func (s *Session) check(seed token.Seed, touch bool, now time.Time) error {
	c, err := s.Find(CredentialName(seed))
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w: it is not in the key's list", ErrMismatch)
	}
	if err != nil {
		return err
	}
	algo, _, _, err := algorithmCode(seed.Algorithm)
	if err != nil {
		return err
	}
	if c.Kind != seed.Kind || c.Algorithm != algorithmName(algo) {
		return fmt.Errorf("%w: the key lists it as %s %s", ErrMismatch, c.Kind, c.Algorithm)
	}
	if seed.Kind != token.TOTP || touch {
		return nil // a code would need a touch, or advance the counter
	}
	onKey, err := s.Calculate(c, now)
	if err != nil {
		return err
	}
	want, err := seed.Code(now)
	if err != nil {
		return err
	}
	if onKey != want {
		return fmt.Errorf("%w: its code differs from the vault's", ErrMismatch)
	}
	return nil
}

// Find is the credential called name; ErrNotFound when the key has none.
func (s *Session) Find(name string) (Credential, error) {
	creds, err := s.List()
	if err != nil {
		return Credential{}, err
	}
	for _, c := range creds {
		if c.Name == name {
			return c, nil
		}
	}
	return Credential{}, fmt.Errorf("%s: %w", name, ErrNotFound)
}

// Match pairs each credential with the vault seed it copies, by seed ID:
// the seed the vault recorded under that name on this key (held maps
// credential names to seed IDs), otherwise the one seed of the same kind
// whose name on a key would be the credential's. "" means no seed fits.
func Match(creds []Credential, seeds []token.Seed, held map[string]string) []string {
	out := make([]string, len(creds))
	for i, c := range creds {
		if id, ok := held[c.Name]; ok && seedIndex(seeds, id) >= 0 {
			out[i] = id
			continue
		}
		found := -1
		for j, s := range seeds {
			if s.Kind == c.Kind && CredentialName(s) == c.Name {
				if found >= 0 {
					found = -1 // two seeds fit: naming one would be a guess
					break
				}
				found = j
			}
		}
		if found >= 0 {
			out[i] = seeds[found].ID
		}
	}
	return out
}

func seedIndex(seeds []token.Seed, id string) int {
	for i, s := range seeds {
		if s.ID == id {
			return i
		}
	}
	return -1
}
