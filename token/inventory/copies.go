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
	SeedID string `json:"seed_id"`
	// Name is the credential's name on the key, as written; "" in
	// records made before it was kept.
	Name    string    `json:"name,omitempty"`
	Checked time.Time `json:"checked"`
}

// CodeSeedCopies is the finding that lists where a seed has copies.
const CodeSeedCopies = "seed_copies"

// HeldNames maps the names of the credentials the vault recorded on k to
// the seeds they copy.
func (k KeyRecord) HeldNames() map[string]string {
	out := make(map[string]string, len(k.Holds))
	for _, h := range k.Holds {
		if h.Name != "" {
			out[h.Name] = h.SeedID
		}
	}
	return out
}

// Holders are the keys recorded as holding seed seedID, each with when
// that was last checked.
func Holders(keys []KeyRecord, seedID string) []Holder {
	var out []Holder
	for _, k := range keys {
		for _, h := range k.Holds {
			if h.SeedID == seedID {
				out = append(out, Holder{Key: k, Checked: h.Checked})
			}
		}
	}
	return out
}

// Holder is a key that holds a given seed.
type Holder struct {
	Key     KeyRecord
	Checked time.Time
}

// Describe is the holder in words: "YubiKey 12345678 (checked 3 days ago)".
func (h Holder) Describe(now time.Time) string {
	return fmt.Sprintf("%s (checked %s)", keyName(h.Key), ago(now.Sub(h.Checked)))
}

// CopyFindings says, for each seed that hardware keys hold too, where its
// copies are and when each was last checked: "seed GitHub (carol) has
// copies on: this vault, YubiKey 12345678 (checked 3 days ago)".
func CopyFindings(seeds []token.Seed, keys []KeyRecord, now time.Time) []Finding {
	var out []Finding
	for _, s := range seeds {
		holders := Holders(keys, s.ID)
		if len(holders) == 0 {
			continue
		}
		places := []string{"this vault"}
		for _, h := range holders {
			places = append(places, h.Describe(now))
		}
		out = append(out, Finding{
			Severity: Info,
			Code:     CodeSeedCopies,
			Message:  fmt.Sprintf("seed %s has copies on: %s", s.Label(), strings.Join(places, ", ")),
			Fix:      "Now and then, have each key compute a code and compare it with the vault's, so a copy that stopped working is found before it is needed.",
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
