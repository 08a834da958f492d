package inventory

import (
	"errors"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
)

// TestNamesRefuseHiddenCharacters: an account's name, principal and
// email and a factor's label are held to the seed names' rule
// (token.CheckName): ESC, bidirectional overrides and the like are
// refused, and the error quotes none of the text.
func TestNamesRefuseHiddenCharacters(t *testing.T) {
	for _, bad := range []string{"evil\x1b[2J", "admin\u202etxt.exe", "a\u200bb", strings.Repeat("x", token.MaxNameRunes+1)} {
		for field, a := range map[string]Account{
			"name":      {Name: bad, Provider: Generic},
			"principal": {Name: "ok", Provider: AWS, Principal: bad},
			"email":     {Name: "ok", Provider: Generic, Email: bad},
		} {
			err := a.Validate()
			if !errors.Is(err, token.ErrName) {
				t.Errorf("account %s %q: got %v, want token.ErrName", field, bad, err)
				continue
			}
			if strings.Contains(err.Error(), bad) {
				t.Errorf("account %s: the error quotes the text", field)
			}
		}
		f := Factor{Kind: AppFactor, Label: bad}
		if err := ValidateFactor(f, nil, nil); !errors.Is(err, token.ErrName) {
			t.Errorf("factor label %q: got %v, want token.ErrName", bad, err)
		}
	}
	if err := (Account{Name: "Persian \u200c joiner", Provider: Generic}).Validate(); err != nil {
		t.Errorf("a zero width non-joiner is refused: %v", err)
	}
	if err := ValidateFactor(Factor{Kind: AppFactor, Label: "Pixel 9"}, nil, nil); err != nil {
		t.Errorf("a plain label is refused: %v", err)
	}
}
