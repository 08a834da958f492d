package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/vault"
)

// keyJSON is the stable JSON form of 'keys --json': the key's state, plus
// what the vault remembers of it when the vault was unlocked.
type keyJSON struct {
	piv.State
	Nickname  string    `json:"nickname,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
}

func runKeys(c *cli, args []string) error {
	fs := c.flags("keys")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args, 0, 3)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		if pos[0] != "name" || len(pos) != 3 {
			return usagef("keys: want 'keys [--json]' or 'keys name SERIAL NICKNAME'")
		}
		return c.nameKey(pos[1], pos[2])
	}
	states, readErr := c.keys.List(context.Background())
	if len(states) == 0 {
		return readErr
	}
	records, err := c.rememberKeys(states, c.now())
	if err != nil {
		return err
	}
	out := make([]keyJSON, 0, len(states))
	for _, st := range states {
		k := keyJSON{State: st}
		if i := slices.IndexFunc(records, func(r inventory.KeyRecord) bool { return r.Serial == st.Serial }); i >= 0 {
			k.Nickname, k.FirstSeen, k.LastSeen = records[i].Nickname, records[i].FirstSeen, records[i].LastSeen
		}
		out = append(out, k)
	}
	if *asJSON {
		if err := writeJSON(c, out); err != nil {
			return err
		}
	} else {
		for _, k := range out {
			printKey(c, k)
		}
	}
	if readErr != nil {
		// Some key could not be read: say so, after what could be.
		return &exitError{code: 1, err: readErr}
	}
	return nil
}

// nameKey gives a key the vault knows a nickname ("" clears it).
func (c *cli) nameKey(serialText, nickname string) error {
	serial, err := strconv.ParseUint(serialText, 10, 32)
	if err != nil {
		return usagef("keys name: %q is not a serial number", serialText)
	}
	var named inventory.KeyRecord
	err = c.edit(func(v *vault.Vault) (err error) {
		named, err = v.Data.NameKey(uint32(serial), nickname)
		return err
	})
	if errors.Is(err, vault.ErrUnknownKey) {
		return fmt.Errorf("no key %d in the vault: plug it in and run 'twofold keys' first", serial)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Key %d is now called %q\n", serial, named.Nickname)
	return nil
}

// rememberKeys records first and last sight of each key in the vault, when
// there is a vault and a passphrase file to open it with; the command never
// prompts, since the hardware part needs no vault.
func (c *cli) rememberKeys(states []piv.State, now time.Time) ([]inventory.KeyRecord, error) {
	if c.passphraseFile == "" {
		return nil, nil
	}
	path, err := c.path()
	if err != nil {
		return nil, nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	var records []inventory.KeyRecord
	err = c.edit(func(v *vault.Vault) error {
		v.Data.RecordSightings(sightings(states), now)
		records = v.Data.Keys
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remembering keys: %w", err)
	}
	return records, nil
}

// sightings turns the keys read into what the inventory records.
func sightings(states []piv.State) []inventory.Sighting {
	out := make([]inventory.Sighting, 0, len(states))
	for _, st := range states {
		out = append(out, inventory.Sighting{Serial: st.Serial, Findings: st.Findings})
	}
	return out
}

func printKey(c *cli, k keyJSON) {
	name := fmt.Sprintf("YubiKey %d", k.Serial)
	if k.Nickname != "" {
		name += " (" + k.Nickname + ")"
	}
	fmt.Fprintf(c.stdout, "%s  firmware %s  %s\n", name, k.Firmware, k.FormFactor)
	fmt.Fprintf(c.stdout, "  PIN:             %s\n", k.PIN.Describe("123456"))
	fmt.Fprintf(c.stdout, "  PUK:             %s\n", k.PUK.Describe("12345678"))
	mk := k.ManagementKey.Algorithm
	if d := k.ManagementKey.Default; d != nil && *d {
		mk += ", factory default"
	}
	fmt.Fprintf(c.stdout, "  Management key:  %s\n", mk)
	for _, s := range k.Slots {
		if !s.HasKey && s.Certificate == nil {
			fmt.Fprintf(c.stdout, "  Slot %s:         empty\n", s.Slot)
			continue
		}
		var parts []string
		for _, p := range []string{s.Algorithm, s.Origin} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if s.PINPolicy != "" {
			parts = append(parts, "PIN "+s.PINPolicy, "touch "+s.TouchPolicy)
		}
		parts = append(parts, "attestation "+strings.ReplaceAll(s.Attestation, "_", " "))
		fmt.Fprintf(c.stdout, "  Slot %s:         %s\n", s.Slot, strings.Join(parts, ", "))
		if cert := s.Certificate; cert != nil {
			fmt.Fprintf(c.stdout, "    certificate %s, issued by %s, valid until %s\n",
				cert.Subject, cert.Issuer, cert.NotAfter.Format(time.DateOnly))
		}
	}
	if !k.LastSeen.IsZero() {
		fmt.Fprintf(c.stdout, "  First seen %s, last seen %s\n", k.FirstSeen.Local().Format(time.DateOnly), k.LastSeen.Local().Format(time.DateOnly))
	}
	for _, f := range k.Findings {
		fmt.Fprintf(c.stdout, "  %-8s %s\n           Fix: %s\n", strings.ToUpper(string(f.Severity)), f.Message, f.Fix)
		if cmd := actionCommand(f.Action); cmd != "" {
			fmt.Fprintf(c.stdout, "           Run: %s\n", cmd)
		}
	}
	fmt.Fprintln(c.stdout)
}
