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
	Paper    Paper // A4 when empty
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
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: size, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: "Twofold emergency kit", Creator: "Twofold", CreationDate: now})
	set, err := loadFonts(pdf)
	if err != nil {
		return err
	}
	p := &page{pdf: pdf, fonts: set, size: size, widths: map[widthKey]float64{}}
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
	printed := k.now.UTC().Format("2 January 2006, 15:04 UTC")
	k.newPage()
	k.cover(printed)
	accounts := slices.Clone(k.in.Accounts)
	slices.SortStableFunc(accounts, func(a, b inventory.Account) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	listed := map[string]bool{}
	for _, a := range accounts {
		k.account(a)
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
		k.text("Seeds in no account", heading, 0)
		k.text("The inventory does not say which account these seeds belong to.", body, 0)
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
	k.text("Twofold emergency kit", title, 0)
	k.text(fmt.Sprintf("Printed %s. %s and %s.", printed, count(len(k.in.Accounts), "account"), count(len(k.in.Seeds), "seed")), body, 0)
	k.text("Each QR code below is one seed. If a phone is lost, scan the code with an authenticator app on a new phone "+
		"(or type the secret under it), and the new phone makes the same codes. Anyone who sees this paper can do the same: "+
		"keep it where you keep a passport, and destroy the older copy when you print a new one.", body, 0)
	k.text("A seed added to Twofold after the date above is not on this paper.", body, 0)
	k.y += 4
	k.text("Where this paper is kept:", strong, 0)
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
		who := "IAM user " + a.Principal
		if a.IsAWSRoot() {
			who = "root user"
		}
		k.text(fmt.Sprintf("AWS account %s, %s", orUnknown(a.AWSAccount), who), body, 0)
	}
	k.text(fmt.Sprintf("Recovery email: %s. Recovery phone: %s.", orNone(a.Email), orNone(a.Phone)), body, 0)
	var factors []string
	for _, f := range a.Factors {
		factors = append(factors, f.DescribeWith(k.in.Seeds, k.in.Keys))
	}
	if len(factors) == 0 {
		factors = []string{"none recorded"}
	}
	k.text("Factors registered:", strong, 0)
	k.list(factors, false, 0)
	for _, f := range k.findings {
		if f.AccountID == a.ID && f.Severity.AtLeast(inventory.Warning) {
			k.text(f.Message+" "+f.Fix, alert, 0)
		}
	}
	if a.IsAWSRoot() {
		k.text("If the MFA device is lost:", strong, 0)
		k.list(inventory.LostDeviceSteps(a), true, 0)
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

func orNone(s string) string {
	if s == "" {
		return "none on file"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "(id not recorded)"
	}
	return s
}

// count words a number of things: "1 seed", "2 seeds".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
