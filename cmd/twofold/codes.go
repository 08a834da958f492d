package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// 'twofold codes': an account's one-time recovery codes, kept in the
// vault (vault.RecoveryCodes). No output names a code unless asked
// ('list --show'): a code is a way into the account.

func runCodes(c *cli, args []string) error {
	return dispatch(c, "codes", []subcommand{
		{"add", runCodesAdd}, {"list", runCodesList}, {"use", runCodesUse}, {"rm", runCodesRemove},
	}, args)
}

// codesJSON is the stable JSON form of 'codes list --json'.
type codesJSON struct {
	AccountID string    `json:"account_id"`
	Account   string    `json:"account"`
	Total     int       `json:"total"`
	Unused    int       `json:"unused"`
	Added     time.Time `json:"added,omitzero"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	// Codes are the unused codes as printed, with --show only.
	Codes []string `json:"codes,omitzero"`
}

func runCodesAdd(c *cli, args []string) error {
	fs := c.flags("codes add")
	file := fs.String("file", "", "read the codes from this `FILE` (one a line), such as the one the service offers to download")
	replace := fs.Bool("replace", false, "the service issued new codes: they replace the kept ones as a whole")
	pos, err := parse(fs, args, 1, 2)
	if err != nil {
		return err
	}
	fromStdin := len(pos) == 2 && pos[1] == "-"
	if len(pos) == 2 && !fromStdin || fromStdin == (*file != "") {
		return usagef("codes add: give '-' (the codes on standard input) or --file FILE")
	}
	codes, err := c.readCodes(*file)
	if err != nil {
		return fmt.Errorf("codes add: %w", err)
	}
	var name string
	var old, kept inventory.CodeTally
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		name = a.Name
		prev, _ := v.Data.RecoveryCodesOf(a.ID)
		old = prev.Tally()
		rc, err := v.Data.AddRecoveryCodes(a.ID, codes, *replace, c.now())
		if errors.Is(err, vault.ErrCodesKept) {
			return fmt.Errorf("%s: %w: give --replace when the service issued new ones", a.Name, err)
		}
		kept = rc.Tally()
		return err
	})
	if err != nil {
		return err
	}
	if old.Total > 0 {
		fmt.Fprintf(c.stdout, "Replaced the recovery codes of %s: %s kept; the old %d (%d unused) are forgotten.\n", name, count(kept.Total, "new code"), old.Total, old.Unused)
		return nil
	}
	fmt.Fprintf(c.stdout, "Kept %s for %s, all unused. They count as a factor while any is left.\n", count(kept.Total, "recovery code"), name)
	return nil
}

// readCodes reads a list of codes from file, or from standard input when
// file is "", before the vault is opened: bad input asks for nothing.
func (c *cli) readCodes(file string) ([]string, error) {
	if file == "" {
		return vault.ReadRecoveryCodes(c.stdin)
	}
	f, st, err := openInputFile(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Mode().IsRegular() && st.Size() > vault.MaxCodesInput {
		return nil, vault.ErrCodesTooLarge
	}
	codes, err := vault.ReadRecoveryCodes(f)
	if errors.Is(err, vault.ErrNoCodes) && st.Mode()&os.ModeNamedPipe != 0 {
		return nil, errEmptyPipe
	}
	return codes, err
}

func runCodesList(c *cli, args []string) error {
	fs := c.flags("codes list")
	asJSON := fs.Bool("json", false, "print JSON")
	show := fs.Bool("show", false, "print the unused codes themselves (without it: how many are left)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
	if err != nil {
		return err
	}
	a := v.Data.Accounts[i]
	rc, _ := v.Data.RecoveryCodesOf(a.ID)
	t := rc.Tally()
	out := codesJSON{AccountID: a.ID, Account: a.Name, Total: t.Total, Unused: t.Unused, Added: rc.Added, LastUsed: rc.LastUsed()}
	if *show {
		out.Codes = []string{}
		for _, code := range rc.Unused() {
			out.Codes = append(out.Codes, code.Code)
		}
	}
	switch {
	case *asJSON:
		return writeJSON(c, out)
	case *show:
		for _, code := range out.Codes {
			fmt.Fprintln(c.stdout, code)
		}
		if t.Unused == 0 {
			fmt.Fprintf(c.stderr, "twofold: %s has no unused recovery code\n", a.Name)
		}
	case t.Total == 0:
		fmt.Fprintf(c.stdout, "%s has no recovery codes kept. Keep the ones the service gave: twofold codes add %q --file FILE\n", a.Name, a.Name)
	default:
		fmt.Fprintf(c.stdout, "%s: %d of %s unused, kept since %s", a.Name, t.Unused, count(t.Total, "recovery code"), rc.Added.Format(time.DateOnly))
		if used := rc.LastUsed(); !used.IsZero() {
			fmt.Fprintf(c.stdout, "; last used %s", used.Format(time.DateOnly))
		}
		fmt.Fprintln(c.stdout, ".")
	}
	return nil
}

func runCodesUse(c *cli, args []string) error {
	fs := c.flags("codes use")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	code := pos[1]
	if code == "-" { // off the command line, out of the shell's history
		codes, err := vault.ReadRecoveryCodes(c.stdin)
		if err != nil {
			return fmt.Errorf("codes use: %w", err)
		}
		if len(codes) != 1 {
			return fmt.Errorf("codes use: give one code on standard input, not %d", len(codes))
		}
		code = codes[0]
	}
	var name string
	var left inventory.CodeTally
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		name = a.Name
		_, left, err = v.Data.UseRecoveryCode(a.ID, code, c.now())
		if err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Marked a recovery code of %s used: %d of %d left.\n", name, left.Unused, left.Total)
	if left.Unused <= inventory.LowRecoveryCodes {
		fmt.Fprintf(c.stdout, "Generate new codes at the service, then: twofold codes add %q --file FILE --replace\n", name)
	}
	return nil
}

func runCodesRemove(c *cli, args []string) error {
	fs := c.flags("codes rm")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	var name string
	var gone inventory.CodeTally
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		name = a.Name
		rc, ok := v.Data.RecoveryCodesOf(a.ID)
		if !ok {
			return fmt.Errorf("%s: %w", a.Name, vault.ErrNoCodesKept)
		}
		if !*yes {
			t := rc.Tally()
			return fmt.Errorf("forgetting the %d recovery codes of %s (%d unused) cannot be undone: run again with --yes", t.Total, a.Name, t.Unused)
		}
		gone, err = v.Data.RemoveRecoveryCodes(a.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Forgot the %s of %s (%d unused).\n", count(gone.Total, "recovery code"), name, gone.Unused)
	return nil
}
