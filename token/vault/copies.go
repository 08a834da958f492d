package vault

import (
	"fmt"
	"slices"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// RecordCopy notes that the key with serial holds seed seedID under the
// credential name, as seen at now (after writing it there or reading it
// back). A key not yet in the inventory's key list is added to it.
func (d *Data) RecordCopy(seedID string, serial uint32, name string, now time.Time) error {
	if d.SeedByID(seedID) < 0 {
		return fmt.Errorf("recording a copy: %w", ErrNoMatch)
	}
	k := slices.IndexFunc(d.Keys, func(r inventory.KeyRecord) bool { return r.Serial == serial })
	if k < 0 {
		d.Keys = append(d.Keys, inventory.KeyRecord{Serial: serial, FirstSeen: now, LastSeen: now})
		k = len(d.Keys) - 1
	}
	key := &d.Keys[k]
	if j := slices.IndexFunc(key.Holds, func(h inventory.HeldSeed) bool { return h.SeedID == seedID }); j >= 0 {
		key.Holds[j].Checked = now
		key.Holds[j].Name = name
		return nil
	}
	key.Holds = append(key.Holds, inventory.HeldSeed{SeedID: seedID, Name: name, Checked: now})
	return nil
}

// ForgetCopy notes that the key with serial no longer holds seed seedID.
func (d *Data) ForgetCopy(seedID string, serial uint32) {
	for k := range d.Keys {
		if d.Keys[k].Serial == serial {
			d.Keys[k].Holds = slices.DeleteFunc(d.Keys[k].Holds, func(h inventory.HeldSeed) bool { return h.SeedID == seedID })
		}
	}
}
