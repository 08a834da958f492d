package vault

// Changes to the vault's data live here and in the files beside it, one
// function per change, so that the command line and the app apply the
// same rules: a front end parses what the person typed, calls one of
// these inside an edit, and presents what it returns.

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// ErrDuplicateSecret is wrapped when a seed's secret is already in the
// vault: a second copy would make codes identical to the first, which is
// almost always the same account added twice.
//
// The secret alone decides, whatever the kind, algorithm, digits or
// period: a shared key is one credential (RFC 4226 and 6238 give each
// credential its own key), so an HOTP seed beside a TOTP seed of the
// same secret is the same account entered twice, one of them with the
// wrong settings, and the person chooses which to keep (AllowDuplicates
// adds it all the same).
var ErrDuplicateSecret = errors.New("the vault already holds this secret")

// MaxSeeds bounds the seeds a vault holds, so that no import can grow it
// past what a read accepts: 100,000 seeds of ordinary names take about
// 25 MiB, well under MaxFileSize. (Long names reach that size sooner; the
// save's own size check, ErrTooLarge, holds in every case.)
const MaxSeeds = 100_000

// ErrTooManySeeds is returned by AddSeeds when the vault would hold more
// than MaxSeeds; nothing is added.
var ErrTooManySeeds = fmt.Errorf("a vault holds at most %d seeds", MaxSeeds)

// ErrMismatch means another device showed a code the seed does not make:
// it holds a different seed, or its clock is off.
var ErrMismatch = errors.New("the code does not match")

// DuplicatePolicy says what AddSeeds does with a seed whose secret the
// vault, or an earlier seed of the same batch, already holds.
type DuplicatePolicy int

const (
	// RefuseDuplicates fails the whole batch with a *DuplicateError.
	RefuseDuplicates DuplicatePolicy = iota
	// SkipDuplicates leaves the seed out and lists it in AddReport.Skipped.
	SkipDuplicates
	// AllowDuplicates adds it anyway (the person said so).
	AllowDuplicates
)

// DuplicateError names the seed that was refused and the one the vault
// holds with the same secret. It names them by label only.
type DuplicateError struct {
	Seed, Existing token.Seed
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%v, as %s", ErrDuplicateSecret, e.Existing.Label())
}

func (e *DuplicateError) Unwrap() error { return ErrDuplicateSecret }

// AddedSeed is a seed AddSeeds stored (with its ID and Added time) and
// what linking it to the inventory did.
type AddedSeed struct {
	Seed token.Seed
	Link inventory.LinkResult
}

// SkippedSeed is a seed AddSeeds left out, and why.
type SkippedSeed struct {
	Seed     token.Seed
	Existing token.Seed
	Reason   error
}

// AddReport says what AddSeeds did, in the order the seeds came.
type AddReport struct {
	Added   []AddedSeed
	Skipped []SkippedSeed
}

// AddSeeds adds a batch of seeds, all or nothing. Every seed is validated
// first: one invalid seed fails the batch with an error naming its place
// ("seed 3 of 12: ...", never its names, which come from a file) and d
// is left as it was. Seeds whose secret the vault or an earlier seed of
// the batch already holds are handled by dup (found through an index by
// secret, so a batch of 100,000 takes well under a second). A vault
// that would hold more than MaxSeeds is ErrTooManySeeds. Each stored seed gets an ID and its Added time, and
// an AWS virtual MFA seed becomes a factor of the account its label names
// (inventory.LinkSeed), so the inventory is right without extra typing.
func (d *Data) AddSeeds(seeds []token.Seed, now time.Time, dup DuplicatePolicy) (AddReport, error) {
	for i, s := range seeds {
		if err := s.Validate(); err != nil {
			return AddReport{}, fmt.Errorf("seed %d of %d: %w", i+1, len(seeds), err)
		}
	}
	var report AddReport
	held := make(map[string]token.Seed, len(d.Seeds)+len(seeds))
	for _, s := range d.Seeds {
		if _, ok := held[s.Secret]; !ok {
			held[s.Secret] = s
		}
	}
	var toAdd []token.Seed
	for _, s := range seeds {
		if existing, ok := held[s.Secret]; ok {
			switch dup {
			case RefuseDuplicates:
				return AddReport{}, &DuplicateError{Seed: s, Existing: existing}
			case SkipDuplicates:
				report.Skipped = append(report.Skipped, SkippedSeed{Seed: s, Existing: existing, Reason: ErrDuplicateSecret})
				continue
			}
		}
		if _, ok := held[s.Secret]; !ok {
			held[s.Secret] = s
		}
		toAdd = append(toAdd, s)
	}
	if len(d.Seeds)+len(toAdd) > MaxSeeds {
		return AddReport{}, fmt.Errorf("%w (it holds %d, the import adds %d)", ErrTooManySeeds, len(d.Seeds), len(toAdd))
	}
	if n := seedsSize(d.Seeds) + seedsSize(toAdd); n > MaxFileSize {
		// Refused before the save encodes the whole vault (which would
		// take that much memory again); the save checks the exact size.
		return AddReport{}, fmt.Errorf("%w (its seeds alone would take %d MiB)", ErrTooLarge, n>>20)
	}
	added := now.UTC().Truncate(time.Second)
	for _, s := range toAdd {
		s.ID = NewID()
		s.Added = added
		d.Seeds = append(d.Seeds, s)
		var link inventory.LinkResult
		d.Accounts, link = inventory.LinkSeed(d.Accounts, s, now, NewID)
		report.Added = append(report.Added, AddedSeed{Seed: s, Link: link})
	}
	return report, nil
}

// seedsSize is the size of seeds as the vault's JSON writes them (names
// of '<' or '&' take six bytes a character there).
func seedsSize(seeds []token.Seed) int {
	n := 0
	for _, s := range seeds {
		b, _ := json.Marshal(s)
		n += len(b) + 1
	}
	return n
}

// VerifySeed checks a code another device shows against the seed with
// the given id at now (the current period or one either side), and on a
// match records that the seed was verified, when, and on which device
// (device may be empty; token.CheckName's rule, as for every name). A
// code of the wrong shape is token.ErrCodeFormat;
// a code the seed does not make is ErrMismatch. It returns the seed as
// stored.
func (d *Data) VerifySeed(id, code, device string, now time.Time) (token.Seed, error) {
	i := d.SeedByID(id)
	if i < 0 {
		return token.Seed{}, fmt.Errorf("verifying: %w", ErrNoMatch)
	}
	if err := token.CheckName("device name", device); err != nil {
		return token.Seed{}, err
	}
	s := &d.Seeds[i]
	if err := s.CheckCodeFormat(code); err != nil {
		return token.Seed{}, err
	}
	ok, err := s.Matches(code, now)
	if err != nil {
		return token.Seed{}, err
	}
	if !ok {
		return token.Seed{}, ErrMismatch
	}
	s.Verified = now.UTC().Truncate(time.Second)
	s.VerifiedOn = device
	return *s, nil
}

// ErrNotHOTP is returned when a counter is moved on for a seed that has
// none (a TOTP seed's codes follow the clock).
var ErrNotHOTP = errors.New("only HOTP seeds have a counter")

// AdvanceCounter moves the counter of the HOTP seed with the given id on
// by one, as pressing a hardware token's button does, and returns the
// seed: its Code is then the next code. Use it when the code shown has
// been used, since an HOTP code is accepted only once.
func (d *Data) AdvanceCounter(id string) (token.Seed, error) {
	i := d.SeedByID(id)
	if i < 0 {
		return token.Seed{}, fmt.Errorf("advancing the counter: %w", ErrNoMatch)
	}
	s := &d.Seeds[i]
	if s.Kind != token.HOTP {
		return token.Seed{}, fmt.Errorf("%s: %w", s.Label(), ErrNotHOTP)
	}
	s.Counter++
	return *s, nil
}
