package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// Exit statuses of 'check'.
const (
	exitFindings    = 1 // a finding is a warning or worse
	exitCheckFailed = 2 // the check itself could not run
)

// checkJSON is the stable JSON form of 'check --json'.
type checkJSON struct {
	// Worst is the severity of the worst finding, "" when there is none.
	Worst    inventory.Severity         `json:"worst"`
	Findings []inventory.Finding        `json:"findings"`
	Accounts []inventory.AccountSummary `json:"accounts"`
}

func runCheck(c *cli, args []string) error {
	fs := c.flags("check")
	asJSON := fs.Bool("json", false, "print JSON")
	withKeys := fs.Bool("keys", false, "read the hardware keys plugged in now, instead of their findings as of when they were last seen")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return &exitError{code: exitCheckFailed, err: err}
	}
	in := inventory.Input{Accounts: v.Data.Accounts, Seeds: v.Data.Seeds, Keys: v.Data.Keys, KeyFindings: inventory.KeyFindings(v.Data.Keys)}
	in.Codes = v.Data.RecoveryCodeTallies()
	if *withKeys {
		states, err := c.keys.List(context.Background())
		if err != nil && len(states) == 0 {
			return &exitError{code: exitCheckFailed, err: fmt.Errorf("reading hardware keys: %w", err)}
		}
		for _, st := range states {
			in.KeyFindings[st.Serial] = st.Findings
		}
	}
	findings := inventory.Check(in, c.now())
	findings = append(findings, inventory.AWSSyncFindings(v.Data.AWSSynced(), c.now())...)
	worst := inventory.Worst(findings)
	if *asJSON {
		out := checkJSON{Worst: worst, Findings: findings, Accounts: inventory.SummaryOf(in, findings)}
		if out.Findings == nil {
			out.Findings = []inventory.Finding{}
		}
		if err := writeJSON(c, out); err != nil {
			return &exitError{code: exitCheckFailed, err: err}
		}
	} else {
		printFindings(c, in, findings)
	}
	if worst.AtLeast(inventory.Warning) {
		return &exitError{code: exitFindings}
	}
	return nil
}

func printFindings(c *cli, in inventory.Input, findings []inventory.Finding) {
	if len(in.Accounts) == 0 {
		fmt.Fprintln(c.stdout, "No accounts in the inventory yet. Adding an AWS seed creates its account; others: 'twofold account add NAME'.")
	}
	counts := map[inventory.Severity]int{}
	for _, f := range findings {
		counts[f.Severity]++
		fmt.Fprintf(c.stdout, "%-8s %s\n", strings.ToUpper(string(f.Severity)), f.Message)
		if f.Fix != "" {
			fmt.Fprintf(c.stdout, "         Fix: %s\n", f.Fix)
		}
		if cmd := actionCommand(f.Action); cmd != "" {
			fmt.Fprintf(c.stdout, "         Run: %s\n", cmd)
		}
		fmt.Fprintf(c.stdout, "         (%s)\n", f.Code)
	}
	if len(findings) == 0 {
		if len(in.Accounts) > 0 {
			fmt.Fprintf(c.stdout, "No findings: %s, each with a spare factor.\n", count(len(in.Accounts), "account"))
		}
		return
	}
	fmt.Fprintf(c.stdout, "%s: %d critical, %s, %d info.\n",
		count(len(findings), "finding"), counts[inventory.Critical], count(counts[inventory.Warning], "warning"), counts[inventory.Info])
}

// subcommand is one verb of 'account' or 'factor'.
type subcommand struct {
	name string
	run  func(c *cli, args []string) error
}

func dispatch(c *cli, group string, subs []subcommand, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		return helpRequest{name: group, subs: subs}
	}
	var names []string
	for _, s := range subs {
		names = append(names, s.name)
		if len(args) > 0 && args[0] == s.name {
			return s.run(c, args[1:])
		}
	}
	if len(args) == 0 {
		return usagef("%s: give one of %s", group, strings.Join(names, ", "))
	}
	return usagef("%s: unknown subcommand %q (want %s)", group, args[0], strings.Join(names, ", "))
}

func runAccount(c *cli, args []string) error {
	return dispatch(c, "account", []subcommand{
		{"add", runAccountAdd}, {"edit", runAccountEdit}, {"list", runAccountList}, {"rm", runAccountRemove},
	}, args)
}

func runFactor(c *cli, args []string) error {
	return dispatch(c, "factor", []subcommand{
		{"add", runFactorAdd}, {"rm", runFactorRemove}, {"link", runFactorLink}, {"verify", runFactorVerify},
	}, args)
}

// accountFlags are the fields of an account that 'account add' and
// 'account edit' set.
type accountFlags struct {
	name, provider, awsAccount, principal, email, phone, region *string
}

func newAccountFlags(fs *flag.FlagSet, withName bool) accountFlags {
	f := accountFlags{
		provider:   fs.String("provider", "", "aws or generic (default aws when --aws-account or --principal is given)"),
		awsAccount: fs.String("aws-account", "", "AWS account id (12 digits) or alias"),
		principal:  fs.String("principal", "", "AWS principal: root or an IAM user name"),
		email:      fs.String("email", "", "recovery email (for AWS root: the root user's email)"),
		phone:      fs.String("phone", "", "recovery phone number, as written locally with --region, or +CC..."),
		region:     fs.String("region", "", "two-letter region the phone number is written for, such as JP or US"),
	}
	if withName {
		f.name = fs.String("name", "", "new name")
	}
	return f
}

// apply sets on a the flags that were given, normalising the phone
// number. The account is validated where it is saved
// (vault.Data.SaveAccount).
func (f accountFlags) apply(fs *flag.FlagSet, a *inventory.Account) error {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["region"] && !set["phone"] {
		return usagef("--region says how --phone is written: give both")
	}
	if f.name != nil && set["name"] {
		a.Name = strings.TrimSpace(*f.name)
	}
	if set["aws-account"] {
		a.AWSAccount = strings.TrimSpace(*f.awsAccount)
	}
	if set["principal"] {
		a.Principal = strings.TrimSpace(*f.principal)
	}
	if set["email"] {
		a.Email = strings.TrimSpace(*f.email)
	}
	switch {
	case set["provider"]:
		a.Provider = inventory.Provider(strings.ToLower(strings.TrimSpace(*f.provider)))
	case a.Provider == "" && (a.AWSAccount != "" || a.Principal != ""):
		a.Provider = inventory.AWS
	case a.Provider == "":
		a.Provider = inventory.Generic
	}
	if set["phone"] {
		a.Phone = ""
		if p := strings.TrimSpace(*f.phone); p != "" {
			e164, err := inventory.NormalizePhone(p, *f.region)
			if err != nil {
				return err
			}
			a.Phone = e164
		}
	}
	return nil
}

func runAccountAdd(c *cli, args []string) error {
	fs := c.flags("account add")
	fields := newAccountFlags(fs, false)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	a := inventory.Account{Name: strings.TrimSpace(pos[0]), Factors: []inventory.Factor{}}
	if err := fields.apply(fs, &a); err != nil {
		return err
	}
	err = c.edit(func(v *vault.Vault) (err error) {
		a, err = v.Data.SaveAccount(a)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Added account %s. It has no factors yet: record them with 'twofold factor add %q --kind ...'.\n", a.Name, a.Name)
	return nil
}

func runAccountEdit(c *cli, args []string) error {
	fs := c.flags("account edit")
	fields := newAccountFlags(fs, true)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if fs.NFlag() == 0 {
		return usagef("account edit: give at least one of --name --provider --aws-account --principal --email --phone")
	}
	var saved inventory.Account
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		if err := fields.apply(fs, &a); err != nil {
			return err
		}
		saved, err = v.Data.SaveAccount(a)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Updated account %s\n", saved.Name)
	return nil
}

func runAccountList(c *cli, args []string) error {
	fs := c.flags("account list")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]inventory.Account, 0, len(v.Data.Accounts))
		for _, a := range v.Data.Accounts {
			if a.Factors == nil {
				a.Factors = []inventory.Factor{}
			}
			out = append(out, a)
		}
		return writeJSON(c, out)
	}
	if len(v.Data.Accounts) == 0 {
		fmt.Fprintln(c.stdout, "No accounts yet. Adding an AWS seed creates its account; others: 'twofold account add NAME'.")
		return nil
	}
	for _, a := range v.Data.Accounts {
		fmt.Fprintf(c.stdout, "%s  (%s)\n", a.Name, describeAccount(a))
		if len(a.Factors) == 0 {
			fmt.Fprintln(c.stdout, "  no factors recorded")
		}
		for _, f := range a.Factors {
			fmt.Fprintf(c.stdout, "  %-16s %s%s\n", f.ID, f.Describe(v.Data.Seeds), factorDates(f, v.Data.Seeds))
		}
	}
	return nil
}

func describeAccount(a inventory.Account) string {
	parts := []string{string(a.Provider)}
	for _, s := range []string{a.AWSAccount, a.Principal} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if a.Email != "" {
		parts = append(parts, "email "+a.Email)
	}
	if a.Phone != "" {
		parts = append(parts, "phone "+a.Phone)
	}
	return strings.Join(parts, ", ")
}

// factorDates says when f was registered and last verified.
func factorDates(f inventory.Factor, seeds []token.Seed) string {
	var s string
	if !f.Registered.IsZero() {
		s += "  registered " + f.Registered.Format(time.DateOnly)
	}
	if t := f.LastVerified(seeds); !t.IsZero() {
		s += "  verified " + t.Format(time.DateOnly)
	}
	return s
}

func runAccountRemove(c *cli, args []string) error {
	fs := c.flags("account rm")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	var name string
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		name = a.Name
		if !*yes {
			return fmt.Errorf("deleting account %s and its %d factor records cannot be undone (its seeds stay): run again with --yes", a.Name, len(a.Factors))
		}
		_, err = v.Data.DeleteAccount(a.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Deleted account %s\n", name)
	return nil
}

// parseDate accepts 2006-01-02 or an RFC 3339 time, for the option
// named flagName, and refuses a date after now: a factor cannot have been
// registered or have worked in the future.
func parseDate(flagName, s string, now time.Time) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, usagef("--%s: %q is not a date such as 2024-05-31", flagName, s)
		}
	}
	if t.After(now) {
		return time.Time{}, usagef("--%s: %s is in the future (today is %s)", flagName, s, now.UTC().Format(time.DateOnly))
	}
	return t.UTC(), nil
}

func runFactorAdd(c *cli, args []string) error {
	fs := c.flags("factor add")
	kindFlag := fs.String("kind", "", "seed, key, app, passkey, sms or backup_codes")
	seedQuery := fs.String("seed", "", "the seed (--kind seed): a query as for 'twofold code'")
	keyFlag := fs.String("key", "", "the hardware key's serial number (--kind key)")
	use := fs.String("use", "", "how the account uses the key: fido, piv or oath (--kind key)")
	newKey := fs.Bool("new-key", false, "record a key Twofold has not seen yet by its serial (--kind key)")
	label := fs.String("label", "", "free text: the phone an app runs on, the passkey's device, ...")
	registered := fs.String("registered", "", "when the factor was registered (2006-01-02; default now)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *kindFlag == "" {
		return usagef("factor add: give --kind seed|key|app|passkey|sms|backup_codes")
	}
	kind, err := inventory.ParseFactorKind(*kindFlag)
	if err != nil {
		return err
	}
	f := inventory.Factor{Kind: kind, Label: strings.TrimSpace(*label), Registered: c.now().UTC().Truncate(time.Second)}
	if *registered != "" {
		if f.Registered, err = parseDate("registered", *registered, c.now()); err != nil {
			return err
		}
	}
	if (kind == inventory.SeedFactor) != (*seedQuery != "") {
		return usagef("factor add: --seed goes with --kind seed, and --kind seed needs it")
	}
	if (kind == inventory.KeyFactor) != (*keyFlag != "") || (kind != inventory.KeyFactor && (*use != "" || *newKey)) {
		return usagef("factor add: --key, --use and --new-key go with --kind key, and --kind key needs --key")
	}
	if kind == inventory.KeyFactor {
		serial, err := strconv.ParseUint(strings.TrimSpace(*keyFlag), 10, 32)
		if err != nil {
			return usagef("factor add: --key %q is not a serial number", *keyFlag)
		}
		f.KeySerial = uint32(serial)
		if f.KeyUse, err = inventory.ParseKeyUse(*use); err != nil {
			return err
		}
	}
	var account inventory.Account
	var desc string
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		if kind == inventory.SeedFactor {
			j, err := v.Data.SeedIndex(*seedQuery)
			if err != nil {
				return err
			}
			f.SeedID = v.Data.Seeds[j].ID
		}
		account, f, err = v.Data.AddFactor(v.Data.Accounts[i].ID, f, *newKey)
		desc = f.Describe(v.Data.Seeds)
		return err
	})
	switch {
	case errors.Is(err, inventory.ErrSeedTaken):
		return fmt.Errorf("%w: to move it, use 'twofold factor link'", err)
	case errors.Is(err, inventory.ErrMissingKey):
		return fmt.Errorf("%w: plug it in and run 'twofold keys', or add --new-key to record it by serial", err)
	case err != nil:
		return err
	}
	fmt.Fprintf(c.stdout, "Added factor %s to %s: %s. It now has %d.\n", f.ID, account.Name, desc, len(account.Factors))
	return nil
}

func runFactorRemove(c *cli, args []string) error {
	fs := c.flags("factor rm")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	var account, desc string
	var left int
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		j, err := inventory.FactorIndex(a, pos[1])
		if err != nil {
			return err
		}
		account, desc = a.Name, a.Factors[j].Describe(v.Data.Seeds)
		if !*yes {
			return fmt.Errorf("removing %s from %s leaves it %s: run again with --yes", desc, a.Name, count(len(a.Factors)-1, "factor"))
		}
		a, _, err = v.Data.RemoveFactor(a.ID, a.Factors[j].ID)
		left = len(a.Factors)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Removed %s from %s, which now has %s.\n", desc, account, count(left, "factor"))
	return nil
}

// runFactorVerify records that a factor was just seen to work (a sign-in
// with it, say); seeds are verified with 'twofold verify' instead.
func runFactorVerify(c *cli, args []string) error {
	fs := c.flags("factor verify")
	at := fs.String("at", "", "when it worked (2006-01-02; default now)")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	when := c.now().UTC().Truncate(time.Second)
	if *at != "" {
		if when, err = parseDate("at", *at, c.now()); err != nil {
			return err
		}
	}
	var account, desc string
	err = c.edit(func(v *vault.Vault) error {
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[0])
		if err != nil {
			return err
		}
		a := v.Data.Accounts[i]
		j, err := inventory.FactorIndex(a, pos[1])
		if err != nil {
			return err
		}
		f, err := v.Data.VerifyFactor(a.ID, a.Factors[j].ID, when)
		account, desc = a.Name, f.Describe(v.Data.Seeds)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Recorded that %s of %s worked on %s.\n", desc, account, when.Format(time.DateOnly))
	return nil
}

func runFactorLink(c *cli, args []string) error {
	fs := c.flags("factor link")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	var seed, account string
	err = c.edit(func(v *vault.Vault) error {
		j, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		i, err := inventory.AccountIndex(v.Data.Accounts, pos[1])
		if err != nil {
			return err
		}
		seed, account = v.Data.Seeds[j].Label(), v.Data.Accounts[i].Name
		_, err = v.Data.LinkFactor(v.Data.Seeds[j].ID, v.Data.Accounts[i].ID, c.now())
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s is now a factor of %s only.\n", seed, account)
	return nil
}

// printLink tells what adding a seed did to the inventory.
func printLink(c *cli, r inventory.LinkResult) {
	if !r.Linked {
		return
	}
	if r.Created {
		fmt.Fprintf(c.stdout, "Created account %s with this seed as its factor. If that is the wrong account: twofold factor link SEED ACCOUNT\n", r.Account)
		return
	}
	fmt.Fprintf(c.stdout, "Linked to account %s. If that is the wrong account: twofold factor link SEED ACCOUNT\n", r.Account)
}

// seedRemoval is the refusal to delete a seed without --yes: it names the
// accounts that lose a factor with it.
func seedRemoval(label string, users []string) error {
	if len(users) == 0 {
		return fmt.Errorf("deleting %s cannot be undone: run again with --yes", label)
	}
	return fmt.Errorf("%s is a factor of %s: deregister that MFA device there first; deleting it cannot be undone and removes the factor: run again with --yes",
		label, strings.Join(users, ", "))
}
