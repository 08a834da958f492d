package transfer

import (
	"encoding/json"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
)

// FreeOTP+ JSON export, from FreeOTP+'s Token class:
// {"tokens": [{"algo", "counter", "digits", "issuerExt", "label", "period",
// "secret" (the key as signed bytes), "type" ("TOTP"|"HOTP")}], "tokenOrder"}.
type freeOTPToken struct {
	Algo      string `json:"algo"`
	Counter   uint64 `json:"counter"`
	Digits    int    `json:"digits"`
	IssuerExt string `json:"issuerExt"`
	IssuerInt string `json:"issuerInt"`
	Label     string `json:"label"`
	Period    int    `json:"period"`
	Secret    []int  `json:"secret"`
	Type      string `json:"type"`
}

// ParseFreeOTP reads a FreeOTP+ JSON export.
func ParseFreeOTP(content []byte, _ Passphrase) (Contents, error) {
	var f struct {
		Tokens []json.RawMessage `json:"tokens"`
	}
	if err := json.Unmarshal(content, &f); err != nil {
		return Contents{}, fmt.Errorf("reading FreeOTP+ export: %w", jsonError(err))
	}
	c := Contents{Format: FormatFreeOTP}
	for i, raw := range f.Tokens {
		var t freeOTPToken
		if err := json.Unmarshal(raw, &t); err != nil {
			c.takeSeed(PlaceEntry, i+1, token.Seed{}, fmt.Errorf("%w: %w", errEntryShape, jsonError(err)))
			continue
		}
		s, err := t.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}
