package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/kdf"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// newerErrors are the refusals the app words itself, each wrapped as
// the packages return them.
var newerErrors = []error{token.ErrName, vault.ErrLockFile, vault.ErrTooLarge, vault.ErrTooManySeeds, kdf.ErrTooCostly, transfer.ErrWrongPassphrase}

// TestNewerErrorsWorded: each is worded by its identity, none falls to
// the generic words with the error's own text, in English and Japanese,
// and replace_seed says where to act.
func TestNewerErrorsWorded(t *testing.T) {
	for _, loc := range []string{"en_US.UTF-8", "ja_JP.UTF-8"} {
		t.Run(loc, func(t *testing.T) {
			useLocale(t, loc)
			seen := map[string]bool{}
			for _, e := range newerErrors {
				err := fmt.Errorf("reading entry 3: %w", e)
				m := message(err)
				if strings.HasPrefix(m, lang.L("Something went wrong: ")) || strings.Contains(m, e.Error()) || seen[m] {
					t.Errorf("%v is worded %q", e, m)
				}
				seen[m] = true
				if loc != "en_US.UTF-8" {
					checkJapanese(t, e.Error(), widget.NewLabel(m), ".lock", "MiB", "Caps", "Lock")
				}
			}
			a := actionText(finding.Action{Kind: finding.ReplaceSeed})
			if a == "" {
				t.Fatal("replace_seed has no words")
			}
			if loc != "en_US.UTF-8" {
				checkJapanese(t, "replace_seed", widget.NewLabel(a))
			} else if !strings.Contains(a, "Delete seed…") || !strings.Contains(a, "Codes tab") {
				t.Errorf("replace_seed says %q", a)
			}
		})
	}
}
