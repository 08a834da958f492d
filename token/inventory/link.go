package inventory

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
)

// rootDeviceNames are the names the AWS console gives a root user's
// virtual MFA device, as they appear before the '@' of the seed's label.
// Older consoles named every root device "root-account-mfa-device"; the
// user may also have typed "root" as the device name.
var rootDeviceNames = []string{"root-account-mfa-device", "root"}

// PrincipalForDevice says whose device an AWS virtual MFA seed is: "root"
// when its name is a root device name (case-insensitive, see
// rootDeviceNames, also with a suffix after a '-', such as
// "root-account-mfa-device-2"), else the IAM user of that name, which is
// how IAM labels the devices of its users. A guess the user can correct
// with 'account edit --principal'.
func PrincipalForDevice(d aws.Device) string {
	name := strings.ToLower(d.Name)
	for _, root := range rootDeviceNames {
		if name == root || strings.HasPrefix(name, root+"-") {
			return RootPrincipal
		}
	}
	return d.Name
}

// AWSAccountName is the name LinkSeed gives an account it creates:
// "AWS 123456789012 root", "AWS my-alias alice".
func AWSAccountName(awsAccount, principal string) string {
	return "AWS " + awsAccount + " " + principal
}

// LinkResult says what LinkSeed did.
type LinkResult struct {
	// Linked is false when the seed is not an AWS virtual MFA seed or was
	// already a factor of the account; nothing else is then set.
	Linked    bool
	Created   bool // the account is new
	AccountID string
	Account   string // the account's name
	FactorID  string
}

// LinkSeed makes an AWS virtual MFA seed a factor of the account its
// label names (aws.Recognize, PrincipalForDevice), creating the account
// when there is none, so the inventory is right without extra typing.
// Other seeds are left alone. It returns the new accounts slice and what
// it did; newID makes the ids of new accounts and factors.
func LinkSeed(accounts []Account, s token.Seed, now time.Time, newID func() string) ([]Account, LinkResult) {
	d, ok := aws.Recognize(s)
	if !ok {
		return accounts, LinkResult{}
	}
	principal := PrincipalForDevice(d)
	if seedAccount(accounts, s.ID) >= 0 {
		return accounts, LinkResult{}
	}
	i := findAWSAccount(accounts, d.Account, principal)
	res := LinkResult{Linked: true}
	if i < 0 {
		accounts = append(accounts, Account{
			ID:         newID(),
			Name:       AWSAccountName(d.Account, principal),
			Provider:   AWS,
			AWSAccount: d.Account,
			Principal:  principal,
		})
		i = len(accounts) - 1
		res.Created = true
	}
	f := seedFactor(s, now, newID)
	accounts[i].Factors = append(accounts[i].Factors, f)
	res.AccountID, res.Account, res.FactorID = accounts[i].ID, accounts[i].Name, f.ID
	return accounts, res
}

func seedFactor(s token.Seed, now time.Time, newID func() string) Factor {
	registered := s.Added
	if registered.IsZero() {
		registered = now.UTC().Truncate(time.Second)
	}
	return Factor{ID: newID(), Kind: SeedFactor, SeedID: s.ID, Registered: registered}
}

func findAWSAccount(accounts []Account, awsAccount, principal string) int {
	for i, a := range accounts {
		if a.Provider == AWS && strings.EqualFold(a.AWSAccount, awsAccount) && strings.EqualFold(a.Principal, principal) {
			return i
		}
	}
	return -1
}

// seedAccount returns the index of the first account that has seed id
// as a factor, or -1.
func seedAccount(accounts []Account, seedID string) int {
	for i, a := range accounts {
		for _, f := range a.Factors {
			if f.Kind == SeedFactor && f.SeedID == seedID {
				return i
			}
		}
	}
	return -1
}

// MoveSeed corrects a link: it makes seed s a factor of the account with
// id accountID only, taking it off any other account (keeping the
// factor's id and dates). It returns the factor.
func MoveSeed(accounts []Account, s token.Seed, accountID string, now time.Time, newID func() string) (Factor, error) {
	to := accountByID(accounts, accountID)
	if to < 0 {
		return Factor{}, fmt.Errorf("%w: id %q", ErrNoAccount, accountID)
	}
	var moved *Factor
	for i := range accounts {
		kept := accounts[i].Factors[:0]
		for _, f := range accounts[i].Factors {
			if f.Kind == SeedFactor && f.SeedID == s.ID {
				if moved == nil {
					moved = &f
				}
				if i != to {
					continue
				}
			}
			kept = append(kept, f)
		}
		accounts[i].Factors = kept
	}
	for _, f := range accounts[to].Factors {
		if f.Kind == SeedFactor && f.SeedID == s.ID {
			return f, nil
		}
	}
	f := seedFactor(s, now, newID)
	if moved != nil {
		f = *moved
	}
	accounts[to].Factors = append(accounts[to].Factors, f)
	return f, nil
}

// SeedUsers returns the names of the accounts that have seed id as a
// factor.
func SeedUsers(accounts []Account, seedID string) []string {
	var names []string
	for _, a := range accounts {
		for _, f := range a.Factors {
			if f.Kind == SeedFactor && f.SeedID == seedID {
				names = append(names, a.Name)
				break
			}
		}
	}
	return names
}

// RemoveSeedFactors takes seed id off every account, as when the seed is
// deleted from the vault, so the findings count what is left.
func RemoveSeedFactors(accounts []Account, seedID string) {
	for i := range accounts {
		kept := accounts[i].Factors[:0]
		for _, f := range accounts[i].Factors {
			if f.Kind != SeedFactor || f.SeedID != seedID {
				kept = append(kept, f)
			}
		}
		accounts[i].Factors = kept
	}
}

// ErrNoAccount is returned when a query matches no account.
var ErrNoAccount = errors.New("no account matches")

// ErrNoFactor is returned when an id matches no factor of an account.
var ErrNoFactor = errors.New("no factor matches")

// AccountIndex returns the index of the one account that query names:
// its name or id whole, or a part of its name or AWS account (see
// token.Pick). Otherwise it is ErrNoAccount or a *token.AmbiguousError.
func AccountIndex(accounts []Account, query string) (int, error) {
	return token.Pick(query, ErrNoAccount, len(accounts), func(i int) token.Candidate {
		a := accounts[i]
		return token.Candidate{Name: a.Name, Whole: []string{a.Name, a.ID}, Partial: []string{a.Name, a.AWSAccount}}
	})
}

// FactorIndex returns the index of the factor of a whose id is id or
// starts with it (at least 4 characters), so people can type a short id.
func FactorIndex(a Account, id string) (int, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	var found []int
	for i, f := range a.Factors {
		if f.ID == id {
			return i, nil
		}
		if len(id) >= 4 && strings.HasPrefix(f.ID, id) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 0:
		return -1, fmt.Errorf("%w %q on %s", ErrNoFactor, id, a.Name)
	case 1:
		return found[0], nil
	}
	e := &token.AmbiguousError{Query: id}
	for _, i := range found {
		e.Matches = append(e.Matches, a.Factors[i].ID)
	}
	return -1, e
}

func accountByID(accounts []Account, id string) int {
	for i, a := range accounts {
		if a.ID == id {
			return i
		}
	}
	return -1
}
