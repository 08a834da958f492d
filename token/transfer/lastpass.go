package transfer

import (
	"encoding/json"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
)

// LastPass Authenticator's JSON export: {"version", "accounts":
// [{"issuerName", "originalIssuerName", "userName", "originalUserName",
// "secret" (base32), "timeStep", "digits", "algorithm"}], "folders"}.
type lastPassAccount struct {
	IssuerName         string `json:"issuerName"`
	OriginalIssuerName string `json:"originalIssuerName"`
	UserName           string `json:"userName"`
	OriginalUserName   string `json:"originalUserName"`
	Secret             string `json:"secret"`
	TimeStep           int    `json:"timeStep"`
	Digits             int    `json:"digits"`
	Algorithm          string `json:"algorithm"`
}

// ParseLastPass reads a LastPass Authenticator export. The names are the
// ones the person gave, else the ones the service's link had.
func ParseLastPass(content []byte, _ Passphrase) (Contents, error) {
	var f struct {
		Accounts []json.RawMessage `json:"accounts"`
	}
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading LastPass Authenticator export: %w", jsonError(err))
	}
	c := Contents{Format: FormatLastPass}
	for i, raw := range f.Accounts {
		var a lastPassAccount
		if err := json.Unmarshal(raw, &a); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := entryFields{Issuer: firstOf(a.IssuerName, a.OriginalIssuerName), Account: firstOf(a.UserName, a.OriginalUserName),
			Secret: a.Secret, Algorithm: a.Algorithm, Digits: a.Digits, Period: a.TimeStep}.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}
