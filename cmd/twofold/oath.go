package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/smartcard"
	"github.com/twofoldmfa/twofold/token/vault"
)

func runOATH(c *cli, args []string) error {
	return dispatch(c, "oath", []subcommand{
		{"list", runOATHList}, {"add", runOATHAdd}, {"code", runOATHCode}, {"rm", runOATHRemove},
	}, args)
}

// oathFlags are the options every oath subcommand takes.
type oathFlags struct {
	key, passwordFile *string
}

func newOATHFlags(fs *flag.FlagSet) oathFlags {
	return oathFlags{
		key:          fs.String("key", "", "the YubiKey's serial (add, code and rm always take it; list, when more than one key is plugged in)"),
		passwordFile: fs.String("password-file", "", "file whose first line is the key's OATH access password"),
	}
}

// openKey opens the named key's OATH application and unlocks it when it
// has an access password. The password is never stored.
func (c *cli) openKey(f oathFlags, required bool) (*oath.Key, error) {
	var serial uint32
	if *f.key != "" {
		n, err := strconv.ParseUint(*f.key, 10, 32)
		if err != nil || n == 0 {
			return nil, usagef("--key: %q is not a serial number", *f.key)
		}
		serial = uint32(n)
	} else if required {
		return nil, usagef("--key SERIAL is required for this command")
	}
	k, err := c.oath.Open(context.Background(), serial)
	if many := (*smartcard.MultipleKeysError)(nil); errors.As(err, &many) {
		return nil, fmt.Errorf("%w: name one with --key SERIAL", err)
	}
	if err != nil {
		return nil, err
	}
	if !k.Locked() {
		return k, nil
	}
	pw, err := c.oathPassword(f, k.Serial)
	if err == nil {
		err = k.Validate([]byte(pw))
	}
	if errors.Is(err, oath.ErrWrongPassword) {
		err = fmt.Errorf("%w for YubiKey %d: the key refused it and nothing was changed (this is the password set in Yubico Authenticator or with 'ykman oath access change', not the PIV PIN)", err, k.Serial)
	}
	if err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

// oathPassword reads a locked key's OATH access password from
// --password-file, else asks on the terminal. Without either it says
// which flag gives it (not --passphrase-file, which is the vault's).
func (c *cli) oathPassword(f oathFlags, serial uint32) (string, error) {
	var pw string
	var err error
	if *f.passwordFile != "" {
		pw, err = readPassphraseFile(*f.passwordFile)
	} else {
		pw, err = c.ask(fmt.Sprintf("OATH password of YubiKey %d: ", serial))
		if errors.Is(err, errNoPassphrase) {
			return "", fmt.Errorf("%w on YubiKey %d: give it with --password-file, or run in a terminal", oath.ErrPasswordRequired, serial)
		}
	}
	if err == nil && pw == "" {
		err = fmt.Errorf("%w, and none was given", oath.ErrPasswordRequired)
	}
	return pw, err
}

type oathCredentialJSON struct {
	Name      string `json:"name"`
	Issuer    string `json:"issuer"`
	Account   string `json:"account"`
	Kind      string `json:"kind"`
	Algorithm string `json:"algorithm"`
	Period    int    `json:"period,omitempty"`
	SeedID    string `json:"seed_id,omitempty"`
}

type oathListJSON struct {
	Serial      uint32               `json:"serial"`
	Credentials []oathCredentialJSON `json:"credentials"`
}

func runOATHList(c *cli, args []string) error {
	fs := c.flags("oath list")
	f := newOATHFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	k, err := c.openKey(f, false)
	if err != nil {
		return err
	}
	defer k.Close()
	creds, err := k.List()
	if err != nil {
		return err
	}
	seeds, err := c.matchCredentials(k.Serial, creds)
	if err != nil {
		return err
	}
	if *asJSON {
		out := oathListJSON{Serial: k.Serial, Credentials: []oathCredentialJSON{}}
		for i, cr := range creds {
			out.Credentials = append(out.Credentials, oathCredentialJSON{Name: cr.Name, Issuer: cr.Issuer,
				Account: cr.Account, Kind: string(cr.Kind), Algorithm: string(cr.Algorithm), Period: cr.Period,
				SeedID: seeds[i].ID})
		}
		return writeJSON(c, out)
	}
	for i, cr := range creds {
		line := fmt.Sprintf("%s\t%s %s", cr.Name, strings.ToUpper(string(cr.Kind)), cr.Algorithm)
		if seeds[i].ID != "" {
			line += "\tseed " + token.ShortID(seeds[i].ID) + " " + seeds[i].Label()
		}
		fmt.Fprintln(c.stdout, line)
	}
	return nil
}

// matchCredentials pairs the key's credentials with the vault seeds they
// copy, when a vault exists and a passphrase file opens it (as 'keys',
// 'oath list' never prompts: the key alone answers it). A zero Seed
// means none.
func (c *cli) matchCredentials(serial uint32, creds []oath.Credential) ([]token.Seed, error) {
	out := make([]token.Seed, len(creds))
	if c.passphraseFile == "" {
		return out, nil
	}
	path, err := c.path()
	if err != nil {
		return out, nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	v, err := c.open()
	if err != nil {
		return nil, err
	}
	var held map[string]string
	for _, r := range v.Data.Keys {
		if r.Serial == serial {
			held = r.HeldNames()
		}
	}
	for i, id := range oath.Match(creds, v.Data.Seeds, held) {
		if j := v.Data.SeedByID(id); id != "" && j >= 0 {
			out[i] = v.Data.Seeds[j]
		}
	}
	return out, nil
}

// vaultSeed resolves QUERY in the vault.
func (c *cli) vaultSeed(query string) (token.Seed, error) {
	v, err := c.open()
	if err != nil {
		return token.Seed{}, err
	}
	i, err := v.Data.SeedIndex(query)
	if err != nil {
		return token.Seed{}, err
	}
	return v.Data.Seeds[i], nil
}

func runOATHAdd(c *cli, args []string) error {
	fs := c.flags("oath add")
	f := newOATHFlags(fs)
	touch := fs.Bool("touch", false, "the key asks for a touch before each code")
	force := fs.Bool("force", false, "replace a credential of the same name on the key")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	// The key is written inside the vault edit, so the vault records the
	// copy only when the key holds it, and nothing is saved otherwise.
	return c.editLocked(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		seed := v.Data.Seeds[i]
		k, err := c.openKey(f, true)
		if err != nil {
			return err
		}
		defer k.Close()
		// Store reads the credential back and deletes it on a mismatch.
		if err := k.Store(seed, *touch, *force, c.now()); err != nil {
			return fmt.Errorf("YubiKey %d: %w", k.Serial, err)
		}
		name := oath.CredentialName(seed)
		fmt.Fprintf(c.stdout, "stored %s on YubiKey %d\n", name, k.Serial)
		return v.Data.RecordCopy(seed.ID, k.Serial, name, c.now())
	})
}

func runOATHCode(c *cli, args []string) error {
	fs := c.flags("oath code")
	f := newOATHFlags(fs)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	// One vault edit around it all: one passphrase; a match moves the
	// copy's "checked" date on, a different code drops the record of the
	// copy.
	differs := false
	err = c.edit(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		seed := v.Data.Seeds[i]
		if seed.Kind != token.TOTP {
			return fmt.Errorf("%w: comparing HOTP codes would advance the key's counter", oath.ErrUnsupported)
		}
		k, err := c.openKey(f, true)
		if err != nil {
			return err
		}
		defer k.Close()
		cr, err := k.Find(oath.CredentialName(seed))
		if err != nil {
			return fmt.Errorf("YubiKey %d: %w", k.Serial, err)
		}
		t := c.now()
		touch, err := k.NeedsTouch(cr, t)
		if err != nil {
			return fmt.Errorf("YubiKey %d: %w", k.Serial, err)
		}
		if touch {
			fmt.Fprintf(c.stderr, "twofold: touch YubiKey %d: it asks for a touch before each code of %s\n", k.Serial, cr.Name)
		}
		onKey, err := k.Calculate(cr, t)
		if err != nil {
			return fmt.Errorf("YubiKey %d: %w", k.Serial, err)
		}
		inVault, err := seed.Code(t)
		if err != nil {
			return err
		}
		// Standard output is the code alone: a script, or aws-vault's
		// mfa_process, reads it. What the comparison found goes to
		// standard error.
		fmt.Fprintln(c.stdout, onKey)
		if onKey != inVault {
			differs = true
			v.Data.ForgetCopy(seed.ID, k.Serial)
			return nil
		}
		fmt.Fprintf(c.stderr, "twofold: the same as the vault's code; YubiKey %d holds a copy of %s\n", k.Serial, seed.Label())
		return v.Data.RecordCopy(seed.ID, k.Serial, cr.Name, t)
	})
	if err == nil && differs {
		return &exitError{code: 1, err: errors.New("the key's code differs from the vault's: the key holds a different secret, and no longer counts as a copy")}
	}
	return err
}

func runOATHRemove(c *cli, args []string) error {
	fs := c.flags("oath rm")
	f := newOATHFlags(fs)
	yes := fs.Bool("yes", false, "do not ask")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if !*yes {
		return usagef("oath rm: deleting from a key cannot be undone; confirm with --yes")
	}
	return c.editLocked(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		seed := v.Data.Seeds[i]
		k, err := c.openKey(f, true)
		if err != nil {
			return err
		}
		defer k.Close()
		cr, err := k.Find(oath.CredentialName(seed))
		if err != nil {
			return fmt.Errorf("YubiKey %d: %w", k.Serial, err)
		}
		if err := k.Delete(cr.Name); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "deleted %s from YubiKey %d\n", cr.Name, k.Serial)
		v.Data.ForgetCopy(seed.ID, k.Serial)
		return nil
	})
}
