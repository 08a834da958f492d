package kit

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// Paper is a paper size.
type Paper string

// The paper sizes the kit is laid out for.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ErrPaper is returned for a paper size other than A4 and Letter.
var ErrPaper = errors.New("unknown paper size (want a4 or letter)")

// ParsePaper reads a paper size, in any case.
func ParsePaper(s string) (Paper, error) {
	switch p := Paper(strings.ToLower(strings.TrimSpace(s))); p {
	case A4, Letter:
		return p, nil
	}
	return "", fmt.Errorf("%w: %q", ErrPaper, s)
}

// Warning says what a kit of n seeds gives away, for the command line and
// the app to show before it is written.
func Warning(n int) string {
	return fmt.Sprintf("The kit shows the secrets of %s in clear text, as QR codes and as text: anyone who reads the paper or the file can make their codes. Print it, keep the paper locked away, and delete the file.", count(n, "seed"))
}

// Input is what goes on the paper: the vault's seeds, accounts and keys.
type Input struct {
	Seeds    []token.Seed
	Accounts []inventory.Account
	Keys     []inventory.KeyRecord
	Paper    Paper    // A4 when empty
	Language Language // English when empty
	// RecoveryCodes are the accounts' recovery codes (codes.go).
	RecoveryCodes []vault.RecoveryCodes
}

// Write lays the kit out on in.Paper and writes the PDF to w, dated now.
// Nothing is written to w when laying out fails.
func Write(w io.Writer, in Input, now time.Time) error {
	size := *gopdf.PageSizeA4
	switch in.Paper {
	case A4, "":
	case Letter:
		size = *gopdf.PageSizeLetter
	default:
		return fmt.Errorf("%w: %q", ErrPaper, in.Paper)
	}
	if in.Language != "" && !slices.Contains(Languages, in.Language) {
		return fmt.Errorf("%w: %q", ErrLanguage, in.Language)
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: size, Unit: gopdf.UnitPT})
	words := wordsFor(in.Language)
	pdf.SetInfo(gopdf.PdfInfo{Title: words.title, Creator: "Twofold", CreationDate: now})
	set, err := loadFonts(pdf)
	if err != nil {
		return err
	}
	p := &page{pdf: pdf, fonts: set, size: size, widths: map[widthKey]float64{}, w: words}
	k := kit{page: p, in: in, now: now, findings: inventory.Check(inventory.Input{
		Accounts: in.Accounts, Seeds: in.Seeds, Keys: in.Keys, KeyFindings: inventory.KeyFindings(in.Keys),
		Codes: codeTallies(in.RecoveryCodes),
	}, now)}
	k.write()
	if p.fail != nil {
		return fmt.Errorf("laying out the kit: %w", p.fail)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("writing the kit: %w", err)
	}
	return nil
}

// kit is the content: what goes where on the pages.
type kit struct {
	*page
	in       Input
	now      time.Time
	findings []inventory.Finding
}

func (k *kit) write() {
	printed := k.w.date(k.now)
	k.newPage()
	k.cover(printed)
	accounts := slices.Clone(k.in.Accounts)
	slices.SortStableFunc(accounts, func(a, b inventory.Account) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	listed := map[string]bool{}
	for _, a := range accounts {
		k.keepTogether(func() { k.account(a) })
		for _, f := range a.Factors {
			if f.Kind == inventory.SeedFactor {
				listed[f.SeedID] = true
			}
		}
	}
	var loose []token.Seed
	for _, s := range k.in.Seeds {
		if !listed[s.ID] {
			loose = append(loose, s)
		}
	}
	if len(loose) > 0 {
		// The heading goes with the first seed.
		k.need(qrSize + 70)
		k.y += 10
		k.text(k.w.looseHeading, heading, 0)
		k.text(k.w.looseBody, body, 0)
		for _, s := range loose {
			k.seed(s)
		}
	}
	k.keys()
	k.footers(printed)
}

// cover is the top of the first page: what the paper is, how to use it,
// and where to write down where it is kept.
func (k *kit) cover(printed string) {
	k.text(k.w.title, title, 0)
	k.text(k.w.printed(printed, len(k.in.Accounts), len(k.in.Seeds)), body, 0)
	k.text(k.w.intro, body, 0)
	k.text(k.w.afterDate, body, 0)
	k.y += 4
	k.text(k.w.kept, strong, 0)
	for range 3 {
		k.y += 22
		k.rule(margin, margin+k.width())
	}
	k.y += 12
}

// account writes one account: its names, recovery contacts, factors,
// what the check says, the lost-device steps and its seeds.
func (k *kit) account(a inventory.Account) {
	k.need(90)
	k.y += 10
	k.rule(margin, margin+k.width())
	k.y += 8
	k.text(a.Name, heading, 0)
	if a.Provider == inventory.AWS {
		id := a.AWSAccount
		if id == "" {
			id = k.w.idNotRecorded
		}
		k.text(k.w.awsAccount(id, a.IsAWSRoot(), a.Principal), body, 0)
	}
	k.text(k.w.recovery(cmp.Or(a.Email, k.w.noneOnFile), cmp.Or(a.Phone, k.w.noneOnFile)), body, 0)
	var factors []string
	for _, f := range a.Factors {
		factors = append(factors, k.w.factor(f, k.in.Seeds, k.in.Keys))
	}
	if len(factors) == 0 {
		factors = []string{k.w.noFactor}
	}
	k.text(k.w.factorsHeading, strong, 0)
	k.list(factors, false, 0)
	for _, f := range k.findings {
		if f.AccountID == a.ID && f.Severity.AtLeast(inventory.Warning) {
			k.text(k.w.finding(f, a, k.in.Seeds, k.in.Keys), alert, 0)
		}
	}
	if a.IsAWSRoot() {
		k.text(k.w.lostHeading, strong, 0)
		k.list(k.w.lostSteps(a), true, 0)
	}
	k.recoveryCodes(a)
	for _, f := range a.Factors {
		if f.Kind != inventory.SeedFactor {
			continue
		}
		if i := slices.IndexFunc(k.in.Seeds, func(s token.Seed) bool { return s.ID == f.SeedID }); i >= 0 {
			k.seed(k.in.Seeds[i])
		}
	}
}

// count words a number of things: "1 seed", "2 seeds".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
