package inventory

import (
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// HeldSeed is a vault seed that a key's OATH application holds too, and
// when that was last seen to be so.
type HeldSeed struct {
	SeedID  string    `json:"seed_id"`
	Checked time.Time `json:"checked"`
}

// CopyFindings says, for each seed that hardware keys hold too, where its
// copies are and when each was last checked: "seed GitHub (carol) has
// copies on: this vault, YubiKey 12345678 (checked 3 days ago)".
func CopyFindings(seeds []token.Seed, keys []KeyRecord, now time.Time) []Finding {
	var out []Finding
	for _, s := range seeds {
		places := []string{"this vault"}
		for _, k := range keys {
			for _, h := range k.Holds {
				if h.SeedID == s.ID {
					places = append(places, fmt.Sprintf("%s (checked %s)", keyName(k), ago(now.Sub(h.Checked))))
				}
			}
		}
		if len(places) == 1 {
			continue
		}
		out = append(out, Finding{
			Severity: Info,
			Code:     "seed_copies",
			Message:  fmt.Sprintf("seed %s has copies on: %s", s.Label(), strings.Join(places, ", ")),
			Fix:      "Check a copy with: twofold oath code QUERY --key SERIAL",
		})
	}
	return out
}

func keyName(k KeyRecord) string {
	if k.Nickname != "" {
		return fmt.Sprintf("YubiKey %d (%s)", k.Serial, k.Nickname)
	}
	return fmt.Sprintf("YubiKey %d", k.Serial)
}

func ago(d time.Duration) string {
	switch days := int(d.Hours() / 24); {
	case d < time.Hour:
		return "just now"
	case days < 1:
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	case days == 1:
		return "1 day ago"
	default:
		return fmt.Sprintf("%d days ago", days)
	}
}
