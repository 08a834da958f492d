package token

import (
	"fmt"
	"strings"
)

// AmbiguousError is returned when a query names more than one item; it
// carries their names so the user can narrow the query.
type AmbiguousError struct {
	Query   string
	Matches []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q matches %d: %s", e.Query, len(e.Matches), strings.Join(e.Matches, "; "))
}

// Candidate is how one item of a list can be named in a query.
type Candidate struct {
	Name string // shown when the query is ambiguous
	// ID names the item whole, and so does any prefix of it of at least
	// MinIDPrefix characters: people type the short id a listing shows.
	ID      string
	Whole   []string // the query names the item when equal to one of these
	Partial []string // ... or when contained in one of these
}

// MinIDPrefix is the shortest prefix of an id that selects an item.
const MinIDPrefix = 4

// ShortID is the part of an id that listings show: eight characters
// tell apart the items of any vault a person keeps.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// names reports whether query q (lower case) names c whole.
func (c Candidate) names(q string) bool {
	id := strings.ToLower(c.ID)
	if id != "" && (q == id || len(q) >= MinIDPrefix && strings.HasPrefix(id, q)) {
		return true
	}
	return containsFold(c.Whole, q, func(s, q string) bool { return s == q })
}

// label is how an ambiguous match is listed: its name and short id.
func (c Candidate) label() string {
	if c.ID == "" {
		return c.Name
	}
	return c.Name + " [" + ShortID(c.ID) + "]"
}

// Pick returns the index of the one item of n that query names, the way
// people type at a command line: case-insensitively, a whole match
// (a name, an id or a prefix of one) before a part of one. Nothing named is notFound
// (wrapped with the query); several are an *AmbiguousError.
func Pick(query string, notFound error, n int, item func(i int) Candidate) (int, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	var partial, whole []int
	for i := range n {
		c := item(i)
		if q != "" && containsFold(c.Partial, q, strings.Contains) {
			partial = append(partial, i)
		}
		if c.names(q) {
			whole = append(whole, i)
		}
	}
	switch {
	case len(whole) == 1:
		return whole[0], nil
	case len(whole) == 0 && len(partial) == 1:
		return partial[0], nil
	case len(whole) == 0 && len(partial) == 0:
		return -1, fmt.Errorf("%w %q", notFound, query)
	}
	many := partial
	if len(whole) > 1 {
		many = whole
	}
	e := &AmbiguousError{Query: query}
	for _, i := range many {
		e.Matches = append(e.Matches, item(i).label())
	}
	return -1, e
}

// containsFold reports whether match(lower(v), q) holds for any v.
func containsFold(values []string, q string, match func(s, q string) bool) bool {
	for _, v := range values {
		if match(strings.ToLower(v), q) {
			return true
		}
	}
	return false
}
