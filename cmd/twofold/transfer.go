package main

import (
	"errors"
	"fmt"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// importJSON is what 'import --json' prints.
type importJSON struct {
	Added   []importedJSON `json:"added"`
	Skipped []skippedJSON  `json:"skipped"`
}

type importedJSON struct {
	seedJSON
	Source        string `json:"source"`
	LinkedAccount string `json:"linked_account,omitempty"`
}

type skippedJSON struct {
	Issuer     string `json:"issuer"`
	Account    string `json:"account"`
	Source     string `json:"source"`
	Reason     string `json:"reason"`
	ExistingID string `json:"existing_id,omitempty"`
}

// importSource is one file's seeds, before they go into the vault.
type importSource struct {
	name  string
	seeds []token.Seed
}

func runImport(c *cli, args []string) error {
	fs := c.flags("import")
	passFile := fs.String("backup-passphrase-file", "", "read the passphrase of an encrypted export from this file")
	asJSON := fs.Bool("json", false, "print what was added and skipped as JSON")
	fromScreen := fs.Bool("screen", false, "capture every monitor and import the QR codes shown")
	files, err := parse(fs, args, 0, 1<<16)
	if err != nil {
		return err
	}
	if len(files) == 0 && !*fromScreen {
		return usagef("import: give one or more files, or --screen")
	}
	sources, err := c.readImports(files, *passFile)
	if err != nil {
		return fmt.Errorf("%w (nothing imported)", err)
	}
	if *fromScreen {
		src, err := c.readScreen()
		if err != nil {
			return fmt.Errorf("%w (nothing imported)", err)
		}
		sources = append(sources, src)
	}
	var all []token.Seed
	from := map[int]string{}
	for _, src := range sources {
		start := len(all)
		all = append(all, src.seeds...)
		for i := start; i < len(all); i++ {
			from[i] = src.name
		}
	}
	if len(all) == 0 {
		return errors.New("import: no seeds found")
	}
	var report vault.AddReport
	err = c.edit(func(v *vault.Vault) error {
		report, err = v.Data.AddSeeds(all, c.now(), vault.SkipDuplicates)
		if err == nil && len(report.Added) == 0 {
			return vault.ErrUnchanged // every seed skipped: leave the file alone
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("%w (nothing imported)", err)
	}
	return printImport(c, report, sourceOf(all, from), *asJSON)
}

// sourceOf maps a seed (by secret, kind and label) back to the file it
// came from, the first that held it, through an index so that an import
// of 100,000 seeds is not 100,000 scans.
func sourceOf(all []token.Seed, from map[int]string) func(token.Seed) string {
	type seedKey struct {
		secret string
		kind   token.Kind
		label  string
	}
	index := make(map[seedKey]string, len(all))
	for i, a := range all {
		k := seedKey{a.Secret, a.Kind, a.Label()}
		if _, ok := index[k]; !ok {
			index[k] = from[i]
		}
	}
	return func(s token.Seed) string { return index[seedKey{s.Secret, s.Kind, s.Label()}] }
}

func printImport(c *cli, r vault.AddReport, source func(token.Seed) string, asJSON bool) error {
	if asJSON {
		out := importJSON{Added: []importedJSON{}, Skipped: []skippedJSON{}}
		for _, a := range r.Added {
			j := importedJSON{seedJSON: newSeedJSON(a.Seed), Source: source(a.Seed)}
			if a.Link.Linked {
				j.LinkedAccount = a.Link.Account
			}
			out.Added = append(out.Added, j)
		}
		for _, s := range r.Skipped {
			out.Skipped = append(out.Skipped, skippedJSON{Issuer: s.Seed.Issuer, Account: s.Seed.Account,
				Source: source(s.Seed), Reason: skipReason(s), ExistingID: s.Existing.ID})
		}
		return writeJSON(c, out)
	}
	for _, a := range r.Added {
		fmt.Fprintf(c.stdout, "Added %s\n", a.Seed.Label())
		printLink(c, a.Link)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(c.stdout, "Skipped %s: %s\n", s.Seed.Label(), skipReason(s))
	}
	fmt.Fprintf(c.stdout, "%d added, %d skipped.\n", len(r.Added), len(r.Skipped))
	return nil
}

func skipReason(s vault.SkippedSeed) string {
	if errors.Is(s.Reason, vault.ErrDuplicateSecret) && s.Existing.ID != "" {
		return fmt.Sprintf("%v (as %s)", s.Reason, s.Existing.Label())
	}
	return s.Reason.Error()
}
