package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/vault"
)

func runInit(c *cli, args []string) error {
	fs := c.flags("init")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	path, err := c.path()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%w at %s", vault.ErrExists, path)
	}
	pass, err := c.newPassphrase(c.passphraseFile)
	if err != nil {
		return err
	}
	v, err := vault.Create(path, pass)
	if err != nil {
		return fmt.Errorf("creating vault: %w", err)
	}
	fmt.Fprintf(c.stdout, "Created vault %s\n", v.Path())
	if v.WorkFactor() < vault.RecommendedWorkFactor {
		fmt.Fprintf(c.stderr, "twofold: warning: this is a test build; the vault's key derivation is weakened (2^%d)\n", v.WorkFactor())
	}
	return nil
}

func runAdd(c *cli, args []string) error {
	fs := c.flags("add")
	qrFile := fs.String("qr", "", "read the otpauth URI from a QR code image (PNG or JPEG)")
	issuer := fs.String("issuer", "", "issuer (manual form)")
	account := fs.String("account", "", "account name (manual form)")
	secret := fs.String("secret", "", "base32 secret (manual form; other users can read it in the process list: prefer --secret-file)")
	digits := fs.Int("digits", token.DefaultDigits, "code length, 6 to 8 (manual form)")
	period := fs.Int("period", token.DefaultPeriod, "TOTP period in seconds (manual form)")
	algorithm := fs.String("algorithm", string(token.SHA1), "SHA1, SHA256 or SHA512 (manual form)")
	kind := fs.String("kind", string(token.TOTP), "totp or hotp (manual form)")
	counter := fs.Uint64("counter", 0, "HOTP counter (manual form)")
	force := fs.Bool("force", false, "add the seed even when the vault already holds its secret")
	secretFile := fs.String("secret-file", "", "read the base32 secret from this `FILE` ('-': standard input), keeping it out of the command line (manual form)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	manual := *secret != "" || *secretFile != "" || *account != "" || *issuer != ""
	if *secret != "" && *secretFile != "" {
		return usagef("add: give --secret or --secret-file, not both")
	}
	var seed token.Seed
	switch {
	case len(pos) == 1 && pos[0] == "-" && *qrFile == "" && !manual:
		uri, err := c.readURIStdin()
		if err != nil {
			return err
		}
		if isTransferLink(uri) {
			return c.importLink(uri)
		}
		if seed, err = token.ParseURI(uri); err != nil {
			return err
		}
	case len(pos) == 1 && *qrFile == "" && !manual:
		if isTransferLink(pos[0]) {
			return c.importLink(pos[0])
		}
		if seed, err = token.ParseURI(pos[0]); err != nil {
			return err
		}
	case *qrFile != "" && len(pos) == 0 && !manual:
		seed, err = seedFromQR(*qrFile)
		if errors.Is(err, errTransferQR) {
			return c.importQR(*qrFile)
		}
		if err != nil {
			return err
		}
	case manual && len(pos) == 0 && *qrFile == "":
		if *secretFile != "" {
			if *secret, err = c.readSecretFile(*secretFile); err != nil {
				return err
			}
		}
		if seed, err = manualSeed(*issuer, *account, *secret, *algorithm, *kind, *digits, *period, *counter); err != nil {
			return err
		}
	default:
		return usagef("add: give one of an otpauth URI ('-': read it from standard input), --qr IMAGE, or --issuer/--account/--secret-file")
	}
	dup := vault.RefuseDuplicates
	if *force {
		dup = vault.AllowDuplicates
	}
	var report vault.AddReport
	err = c.edit(func(v *vault.Vault) error {
		report, err = v.Data.AddSeeds([]token.Seed{seed}, c.now(), dup)
		return err
	})
	if errors.Is(err, vault.ErrDuplicateSecret) {
		return fmt.Errorf("%w (nothing added; to add it again anyway: --force)", err)
	}
	if err != nil {
		return err
	}
	added := report.Added[0].Seed
	fmt.Fprintf(c.stdout, "Added %s\n", added.Label())
	printLink(c, report.Added[0].Link)
	if d, ok := aws.Recognize(added); ok {
		fmt.Fprintf(c.stdout, "AWS virtual MFA device %q of account %s. For the console's two codes: twofold code %q --next\n", d.Name, d.Account, added.Account)
	}
	return nil
}

// errTransferQR is a QR image holding a Google transfer code, which 'add'
// hands to the import.
var errTransferQR = errors.New("a Google Authenticator transfer code")

// seedFromQR reads the one seed of a QR image. An image with several
// codes is for 'twofold import', which takes them all: taking one
// silently would leave the others behind. A transfer code is
// errTransferQR.
func seedFromQR(path string) (token.Seed, error) {
	f, _, err := openInputFile(path)
	if errors.Is(err, errDirectory) {
		return token.Seed{}, fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return token.Seed{}, fmt.Errorf("opening QR image: %w", err)
	}
	defer f.Close()
	texts, err := qr.DecodeAll(f)
	if err != nil {
		return token.Seed{}, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case len(texts) > 1:
		return token.Seed{}, fmt.Errorf("%d QR codes in %s: use 'twofold import %s' to add them all", len(texts), path, path)
	case isTransferLink(texts[0]):
		return token.Seed{}, errTransferQR
	}
	return token.ParseURI(texts[0])
}

func manualSeed(issuer, account, secret, algorithm, kind string, digits, period int, counter uint64) (token.Seed, error) {
	norm, err := token.NormalizeSecret(secret)
	if err != nil {
		return token.Seed{}, err
	}
	alg, err := token.ParseAlgorithm(algorithm)
	if err != nil {
		return token.Seed{}, err
	}
	s := token.Seed{
		Kind:      token.Kind(strings.ToLower(kind)),
		Issuer:    strings.TrimSpace(issuer),
		Account:   strings.TrimSpace(account),
		Secret:    norm,
		Algorithm: alg,
		Digits:    digits,
		Period:    period,
		Counter:   counter,
	}
	if s.Kind == token.HOTP {
		s.Period = 0
	}
	return s, s.Validate()
}

// seedJSON is the stable JSON form of a seed in 'list --json'. It never
// carries the secret.
type seedJSON struct {
	ID        string      `json:"id"`
	Issuer    string      `json:"issuer"`
	Account   string      `json:"account"`
	Kind      token.Kind  `json:"kind"`
	Algorithm string      `json:"algorithm"`
	Digits    int         `json:"digits"`
	Period    int         `json:"period,omitempty"`
	Counter   *uint64     `json:"counter,omitempty"`
	Steam     bool        `json:"steam,omitempty"`
	AWS       *aws.Device `json:"aws,omitempty"`
	Added     *time.Time  `json:"added,omitempty"`
	Verified  *time.Time  `json:"verified,omitempty"`
}

func newSeedJSON(s token.Seed) seedJSON {
	j := seedJSON{
		ID: s.ID, Issuer: s.Issuer, Account: s.Account, Kind: s.Kind,
		Algorithm: string(s.Algorithm), Digits: s.Digits, Period: s.Period, Steam: s.Steam(),
	}
	if s.Kind == token.HOTP {
		j.Counter = &s.Counter
	}
	if d, ok := aws.Recognize(s); ok {
		j.AWS = &d
	}
	if !s.Added.IsZero() {
		j.Added = &s.Added
	}
	if !s.Verified.IsZero() {
		j.Verified = &s.Verified
	}
	return j
}

func runList(c *cli, args []string) error {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]seedJSON, 0, len(v.Data.Seeds))
		for _, s := range v.Data.Seeds {
			out = append(out, newSeedJSON(s))
		}
		return writeJSON(c, out)
	}
	if len(v.Data.Seeds) == 0 {
		fmt.Fprintln(c.stdout, "No seeds yet. Add one with 'twofold add URI'.")
		return nil
	}
	fmt.Fprintf(c.stdout, "%-8s  %s %s %s\n", "ID", padRight("ISSUER", 24), padRight("ACCOUNT", 36), "KIND")
	for _, s := range v.Data.Seeds {
		fmt.Fprintf(c.stdout, "%-8s  %s %s %s, %d digits\n", token.ShortID(s.ID), padRight(s.Issuer, 24), padRight(s.Account, 36), s.Kind, s.Digits)
	}
	return nil
}

// codeJSON is the stable JSON form of 'code --json'.
type codeJSON struct {
	ID               string    `json:"id"`
	Issuer           string    `json:"issuer"`
	Account          string    `json:"account"`
	Code             string    `json:"code"`
	NextCode         string    `json:"next_code"`
	Period           int       `json:"period,omitempty"`
	RemainingSeconds int       `json:"remaining_seconds,omitempty"`
	ValidUntil       time.Time `json:"valid_until,omitzero"`
}

func runCode(c *cli, args []string) error {
	fs := c.flags("code")
	asJSON := fs.Bool("json", false, "print JSON")
	next := fs.Bool("next", false, "also print the next period's code (AWS enrollment asks for both)")
	advance := fs.Bool("advance", false, "HOTP: move the counter on and print the next code (each HOTP code works once)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	var s token.Seed
	if *advance {
		s, err = c.advanceCounter(pos[0])
	} else {
		s, err = c.vaultSeed(pos[0])
	}
	if err != nil {
		return err
	}
	t := c.now()
	code, err := s.Code(t)
	if err != nil {
		return err
	}
	nextCode, err := s.NextCode(t)
	if err != nil {
		return err
	}
	if *asJSON {
		j := codeJSON{ID: s.ID, Issuer: s.Issuer, Account: s.Account, Code: code, NextCode: nextCode}
		if s.Kind == token.TOTP {
			left := s.Remaining(t)
			j.Period = s.Period
			j.RemainingSeconds = int((left + time.Second - 1) / time.Second)
			j.ValidUntil = t.Add(left).UTC().Truncate(time.Second)
		}
		return writeJSON(c, j)
	}
	fmt.Fprintln(c.stdout, code)
	if *next {
		fmt.Fprintln(c.stdout, nextCode)
	}
	return nil
}

// advanceCounter moves an HOTP seed's counter on by one and saves it, so
// the code printed next has never been shown before.
func (c *cli) advanceCounter(query string) (token.Seed, error) {
	var s token.Seed
	err := c.edit(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(query)
		if err != nil {
			return err
		}
		s, err = v.Data.AdvanceCounter(v.Data.Seeds[i].ID)
		return err
	})
	if errors.Is(err, vault.ErrNotHOTP) {
		return s, usagef("code --advance: %v (a TOTP code changes by itself every period)", err)
	}
	if err == nil {
		fmt.Fprintf(c.stderr, "twofold: %s: counter now %d\n", s.Label(), s.Counter)
	}
	return s, err
}

func runVerify(c *cli, args []string) error {
	fs := c.flags("verify")
	device := fs.String("device", "", "the device that shows the code, such as \"Pixel 9\"")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	var s token.Seed
	err = c.edit(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		s, err = v.Data.VerifySeed(v.Data.Seeds[i].ID, pos[1], strings.TrimSpace(*device), c.now())
		return err
	})
	if errors.Is(err, vault.ErrMismatch) {
		return fmt.Errorf("%w: that device holds a different seed, or its clock is off; scan the backup QR again", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Match: the other device makes the same codes for %s.\n", s.Label())
	return nil
}

// QR image sizes 'qr --size' accepts: smaller is unreadable, larger only
// costs memory (a PNG's pixels are held in memory while it is encoded).
const (
	minQRSize = 64
	maxQRSize = 4096
)

// errQRNotTerminal refuses a text QR code on a standard output that is
// not a terminal: in a file or a pipe it reads back to the secret.
var errQRNotTerminal = errors.New("qr: standard output is not a terminal, and a text QR code there reads back to the secret; run it in a terminal, write a PNG with -o FILE, or give --force")

func runQR(c *cli, args []string) error {
	fs := c.flags("qr")
	out := fs.String("o", "", "write a PNG to this `FILE` (created new, mode 0600) instead of the terminal")
	size := fs.Int("size", 512, fmt.Sprintf("PNG size in pixels, %d to %d", minQRSize, maxQRSize))
	force := fs.Bool("force", false, "overwrite FILE if it exists; print the text QR code even when standard output is not a terminal")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *size < minQRSize || *size > maxQRSize {
		return usagef("qr: --size %d is out of range: give %d to %d pixels", *size, minQRSize, maxQRSize)
	}
	if *out == "" && !*force && !isTerminal(c.stdout) {
		return errQRNotTerminal
	}
	if *out != "" && !*force {
		if _, err := os.Lstat(*out); err == nil {
			return fmt.Errorf("qr: %s exists (use --force to overwrite)", *out)
		}
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	i, err := v.Data.SeedIndex(pos[0])
	if err != nil {
		return err
	}
	s := v.Data.Seeds[i]
	if *out == "" {
		text, err := qr.Terminal(s.URI())
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "twofold: this QR code is the secret of %s: anyone who sees it can make its codes. Show it only to your own phone.\n", s.Label())
		fmt.Fprint(c.stdout, text)
		return nil
	}
	png, err := qr.PNG(s.URI(), *size)
	if err != nil {
		return err
	}
	if err := c.writeSecret(*out, png, *force); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	fmt.Fprintf(c.stderr, "twofold: wrote %s, the secret of %s: anyone who sees it can make its codes. Delete it once the phone has scanned it.\n", *out, s.Label())
	return nil
}

func runRename(c *cli, args []string) error {
	fs := c.flags("rename")
	issuer := fs.String("issuer", "", "new issuer")
	account := fs.String("account", "", "new account name")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *issuer == "" && *account == "" {
		return usagef("rename: give --issuer, --account or both")
	}
	var renamed token.Seed
	err = c.edit(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		s := v.Data.Seeds[i]
		renamed, err = v.Data.RenameSeed(s.ID, firstNonEmpty(*issuer, s.Issuer), firstNonEmpty(*account, s.Account))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Renamed to %s\n", renamed.Label())
	return nil
}

func runRemove(c *cli, args []string) error {
	fs := c.flags("rm")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	var removed vault.SeedRemoval
	err = c.edit(func(v *vault.Vault) error {
		i, err := v.Data.SeedIndex(pos[0])
		if err != nil {
			return err
		}
		s := v.Data.Seeds[i]
		if !*yes {
			return seedRemoval(s.Label(), inventory.SeedUsers(v.Data.Accounts, s.ID))
		}
		removed, err = v.Data.DeleteSeed(s.ID)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Deleted %s\n", removed.Seed.Label())
	if len(removed.Accounts) > 0 {
		fmt.Fprintf(c.stdout, "Removed it from the factors of %s; see 'twofold check'.\n", strings.Join(removed.Accounts, ", "))
	}
	return nil
}

func runPasswd(c *cli, args []string) error {
	fs := c.flags("passwd")
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from this file")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	pass, err := c.newPassphrase(*newFile)
	if err != nil {
		return err
	}
	if err := v.ChangePassphrase(pass); err != nil {
		return fmt.Errorf("changing passphrase: %w", err)
	}
	fmt.Fprintln(c.stdout, "Passphrase changed.")
	return nil
}

func writeJSON(c *cli, v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
