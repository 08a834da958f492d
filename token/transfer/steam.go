package transfer

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
)

// A Steam Guard maFile, as Steam Desktop Authenticator and steamguard-cli
// write it: {"shared_secret" (base64), "account_name", "revocation_code",
// "identity_secret", ...}. Only the shared secret makes codes.
type steamMaFile struct {
	SharedSecret string `json:"shared_secret"`
	AccountName  string `json:"account_name"`
}

// ParseSteam reads a plain maFile as one Steam seed of issuer Steam.
func ParseSteam(content []byte, _ Passphrase) (Contents, error) {
	var f steamMaFile
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading Steam maFile: %w", jsonError(err))
	}
	c := Contents{Format: FormatSteam}
	names := token.Seed{Issuer: "Steam", Account: f.AccountName}
	key, err := base64.StdEncoding.DecodeString(f.SharedSecret)
	if err != nil || len(key) == 0 {
		c.takeSeed(PlaceEntry, 1, names, fmt.Errorf("%w: shared_secret is not base64", token.ErrSecret))
		return c, nil
	}
	s, err := entryFields{Type: "steam", Issuer: names.Issuer, Account: names.Account, Secret: rawSecret(key)}.seed()
	c.takeSeed(PlaceEntry, 1, s, err)
	return c, nil
}
