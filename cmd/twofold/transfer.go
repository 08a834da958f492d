package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// importJSON is what 'import --json' prints.
type importJSON struct {
	Added   []importedJSON `json:"added"`
	Skipped []skippedJSON  `json:"skipped"`
	NotRead []notReadJSON  `json:"not_read"`
	Pending []pendingJSON  `json:"pending"`
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

// notReadJSON is an entry of a file that could not be taken.
type notReadJSON struct {
	transfer.Unread
	Source string `json:"source"`
	Detail string `json:"detail"`
}

// pendingJSON is a Google transfer export with codes still to come.
type pendingJSON struct {
	transfer.Pending
	Source string `json:"source"`
}

// importSource is one file's seeds, before they go into the vault, with
// what the file held that could not be taken.
type importSource struct {
	name    string
	seeds   []token.Seed
	unread  []transfer.Unread
	pending []transfer.Pending
}

func runImport(c *cli, args []string) error {
	fs := c.flags("import")
	passFile := fs.String("backup-passphrase-file", "", "read the passphrase of an encrypted export from this file")
	asJSON := fs.Bool("json", false, "print what was added, skipped and not read as JSON")
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
	return c.importSources(sources, *asJSON)
}

// importSources adds the seeds of sources to the vault and reports what
// was added, skipped, not read, and still to come.
func (c *cli) importSources(sources []importSource, asJSON bool) error {
	var all []token.Seed
	from := map[int]string{}
	unread := 0
	for _, src := range sources {
		start := len(all)
		all = append(all, src.seeds...)
		for i := start; i < len(all); i++ {
			from[i] = src.name
		}
		unread += len(src.unread)
	}
	if len(all) == 0 {
		if unread > 0 {
			printNotRead(c, sources)
			return fmt.Errorf("import: no seeds could be read (%s not read)", count(unread, "entry", "entries"))
		}
		return errors.New("import: no seeds found")
	}
	var report vault.AddReport
	err := c.edit(func(v *vault.Vault) error {
		var err error
		report, err = v.Data.AddSeeds(all, c.now(), vault.SkipDuplicates)
		if err == nil && len(report.Added) == 0 {
			return vault.ErrUnchanged // every seed skipped: leave the file alone
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("%w (nothing imported)", err)
	}
	return printImport(c, report, sources, sourceOf(all, from), asJSON)
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

func printImport(c *cli, r vault.AddReport, sources []importSource, source func(token.Seed) string, asJSON bool) error {
	if asJSON {
		out := importJSON{Added: []importedJSON{}, Skipped: []skippedJSON{}, NotRead: []notReadJSON{}, Pending: []pendingJSON{}}
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
		for _, src := range sources {
			for _, u := range src.unread {
				out.NotRead = append(out.NotRead, notReadJSON{Unread: u, Source: src.name, Detail: unreadDetail(u)})
			}
			for _, p := range src.pending {
				out.Pending = append(out.Pending, pendingJSON{Pending: p, Source: src.name})
			}
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
	unread := 0
	for _, src := range sources {
		unread += len(src.unread)
	}
	summary := fmt.Sprintf("%d added, %d skipped", len(r.Added), len(r.Skipped))
	if unread > 0 {
		summary += fmt.Sprintf(", %d not read", unread)
	}
	fmt.Fprintln(c.stdout, summary+".")
	printNotRead(c, sources)
	return nil
}

// printNotRead prints one line per entry not taken and per transfer
// export with codes still to come.
func printNotRead(c *cli, sources []importSource) {
	for _, src := range sources {
		for _, u := range src.unread {
			fmt.Fprintf(c.stdout, "Not read: %s: %s\n", src.name, unreadLine(u))
		}
		for _, p := range src.pending {
			fmt.Fprintf(c.stdout, "Google transfer export (%s): %s; import the others when the phone shows them\n", src.name, pendingLine(p))
		}
	}
}

func skipReason(s vault.SkippedSeed) string {
	if errors.Is(s.Reason, vault.ErrDuplicateSecret) && s.Existing.ID != "" {
		return fmt.Sprintf("%v (as %s)", s.Reason, s.Existing.Label())
	}
	return s.Reason.Error()
}

// placeWords name where an entry is.
var placeWords = map[transfer.Place]string{
	transfer.PlaceEntry:  "entry",
	transfer.PlaceLine:   "line",
	transfer.PlaceQRCode: "QR code",
}

// reasonWords word why an entry was not taken.
var reasonWords = map[transfer.Reason]string{
	transfer.ReasonKind:         "a kind of code Twofold does not make",
	transfer.ReasonSecret:       "the secret is missing or damaged",
	transfer.ReasonAlgorithm:    "an algorithm Twofold does not support",
	transfer.ReasonDigits:       "a code length Twofold does not support",
	transfer.ReasonPeriod:       "the period is out of range",
	transfer.ReasonName:         "the name holds hidden characters or is too long",
	transfer.ReasonNoName:       "it has no name",
	transfer.ReasonLink:         "the otpauth link does not parse",
	transfer.ReasonTransferCode: "the Google transfer code does not parse",
	transfer.ReasonNotOTP:       "not an OTP link",
	transfer.ReasonEntry:        "the entry is not shaped as the format has it",
}

// unreadLine words an entry not taken: "entry 3 (Yandex (y)): a kind of
// code Twofold does not make (unsupported OTP type: ...)".
func unreadLine(u transfer.Unread) string {
	where := fmt.Sprintf("%s %d", placeWords[u.Place], u.Position)
	if u.Within > 0 {
		where += fmt.Sprintf(", seed %d", u.Within)
	}
	if l := (token.Seed{Issuer: u.Issuer, Account: u.Account}).Label(); l != "" {
		where += " (" + l + ")"
	}
	words := reasonWords[u.Reason]
	if words == "" {
		words = string(u.Reason)
	}
	if d := unreadDetail(u); d != "" {
		words += " (" + d + ")"
	}
	return where + ": " + words
}

// unreadDetail is the reader's own detail, which never holds a secret.
func unreadDetail(u transfer.Unread) string {
	if u.Err == nil {
		return ""
	}
	return u.Err.Error()
}

// pendingLine words a transfer export's progress: "code 2 of 3 read; 1
// and 3 not yet".
func pendingLine(p transfer.Pending) string {
	return fmt.Sprintf("%s of %d read; %s not yet", codeList("code", p.Read), p.Size, numberList(p.Missing))
}

func codeList(word string, n []int) string {
	if len(n) == 1 {
		return word + " " + numberList(n)
	}
	return word + "s " + numberList(n)
}

// numberList writes 1, 2 and 3.
func numberList(n []int) string {
	s := make([]string, len(n))
	for i, v := range n {
		s[i] = fmt.Sprint(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
