package vault

import (
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
)

// SeedCandidate is how a query names seed s, for the command line's
// QUERY and the app's search alike: its label, issuer or account whole,
// its id or a prefix of it, or a part of any of its search terms.
func SeedCandidate(s token.Seed) token.Candidate {
	return token.Candidate{
		Name:    s.Label(),
		ID:      s.ID,
		Whole:   []string{s.Issuer, s.Account, s.Label()},
		Partial: searchTerms(s),
	}
}

// SeedMatchesSearch reports whether seed s belongs in a list filtered by
// the search text q: q is part of one of its search terms, or a prefix of
// its id. An empty search shows everything.
func SeedMatchesSearch(s token.Seed, q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	if len(q) >= token.MinIDPrefix && strings.HasPrefix(s.ID, q) {
		return true
	}
	for _, term := range searchTerms(s) {
		if strings.Contains(strings.ToLower(term), q) {
			return true
		}
	}
	return false
}

// searchTerms are the words a person may look for a seed by: its issuer
// and account, and for an AWS virtual MFA seed "AWS", its device name and
// its account id or alias, which the label buries after an '@'.
func searchTerms(s token.Seed) []string {
	terms := []string{s.Issuer, s.Account}
	if d, ok := aws.Recognize(s); ok {
		terms = append(terms, "AWS", d.Name, d.Account)
	}
	return terms
}
