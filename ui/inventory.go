package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/finding"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// inventoryScreen lists the accounts with their factors, and the
// findings of the inventory check (inventory.Check). The same findings
// drive the banner across the main window while an account has a single
// factor.
type inventoryScreen struct {
	g        *gui
	summary  *widget.Label
	accounts *fyne.Container
	findings *fyne.Container

	// shown are the findings of the last check.
	shown []inventory.Finding
	// visible is whether the tab is on screen; the widgets are built only
	// then, so a vault of 1,000 seeds does not wait for 1,000 findings.
	visible, stale bool

	content fyne.CanvasObject
}

func newInventoryScreen(g *gui) *inventoryScreen {
	s := &inventoryScreen{g: g}
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.accounts = container.NewVBox()
	s.findings = container.NewVBox()
	addAccount := widget.NewButtonWithIcon("Add account…", theme.ContentAddIcon(), func() { g.showAccount("") })
	syncAWS := widget.NewButtonWithIcon("Sync with AWS…", theme.ViewRefreshIcon(), g.showAWSSync)
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.summary,
		container.NewBorder(nil, nil, nil, container.NewHBox(syncAWS, addAccount), heading("Accounts")), s.accounts,
		widget.NewSeparator(),
		heading("Findings"), s.findings,
	)))
	return s
}

// refresh runs the check on the data shown and updates the banner, and
// the screen when it is visible.
func (s *inventoryScreen) refresh() {
	s.shown = nil
	if s.g.isUnlocked() {
		s.shown = inventory.Check(s.input(), s.g.now())
	}
	s.g.setBanner(s.shown)
	s.stale = true
	if s.visible || !s.g.isUnlocked() {
		s.build()
	}
}

// setVisible is called when the tab is selected or left.
func (s *inventoryScreen) setVisible(visible bool) {
	s.visible = visible
	if visible && s.stale {
		s.build()
	}
}

func (s *inventoryScreen) input() inventory.Input {
	return inventory.Input{
		Accounts:    s.g.accounts,
		Seeds:       s.g.seeds,
		Keys:        s.g.keyRecords,
		KeyFindings: inventory.KeyFindings(s.g.keyRecords),
	}
}

// build makes the widgets for the last check.
func (s *inventoryScreen) build() {
	s.stale = false
	s.accounts.Objects = nil
	s.findings.Objects = nil
	defer s.accounts.Refresh()
	defer s.findings.Refresh()
	if !s.g.isUnlocked() {
		s.summary.SetText("")
		return
	}
	in := s.input()

	counts := map[inventory.Severity]int{}
	for _, f := range s.shown {
		counts[f.Severity]++
	}
	switch {
	case len(in.Accounts) == 0:
		s.summary.SetText("No accounts in the inventory yet. AWS seeds are recorded as accounts when you add them; record others with Add account, and the factors each one has.")
	case len(s.shown) == 0:
		s.summary.SetText(fmt.Sprintf("%s, nothing to fix.", plural(len(in.Accounts), "account")))
	default:
		s.summary.SetText(fmt.Sprintf("%s; %d critical, %s, %s.",
			plural(len(in.Accounts), "account"), counts[inventory.Critical],
			plural(counts[inventory.Warning], "warning"), plural(counts[inventory.Info], "note")))
	}

	for _, a := range inventory.Summary(in.Accounts, s.shown) {
		s.accounts.Add(s.accountRow(a))
	}
	if len(in.Accounts) == 0 {
		s.accounts.Add(widget.NewLabel("None yet."))
	}
	unlinked := 0
	for _, f := range s.shown {
		if f.Code == inventory.CodeSeedUnlinked {
			unlinked++
			if unlinked > maxUnlinkedShown {
				continue
			}
		}
		s.findings.Add(findingRow(f.Severity, f.Message, f.Fix, f.Action))
	}
	if more := unlinked - maxUnlinkedShown; more > 0 {
		s.findings.Add(findingRow(inventory.Info,
			fmt.Sprintf("And %s more not linked to any account.", plural(more, "seed")),
			"Record their accounts the same way.", finding.Action{}))
	}
	if len(s.shown) == 0 {
		s.findings.Add(widget.NewLabel("None."))
	}
}

// maxUnlinkedShown bounds the "seed not linked" notes listed one by one.
const maxUnlinkedShown = 10

func (s *inventoryScreen) accountRow(a inventory.AccountSummary) fyne.CanvasObject {
	var factors []string
	for _, acc := range s.g.accounts {
		if acc.ID != a.AccountID {
			continue
		}
		for _, f := range acc.Factors {
			factors = append(factors, s.g.factorName(f))
		}
	}
	title := widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel(plural(a.Factors, "factor"))
	switch {
	case a.Worst == inventory.Critical:
		count.Importance = widget.DangerImportance
	case a.Worst == inventory.Warning:
		count.Importance = widget.WarningImportance
	case a.Factors > 1:
		count.Importance = widget.SuccessImportance
	}
	detail := widget.NewLabel(strings.Join(factors, " · "))
	detail.Wrapping = fyne.TextWrapWord
	if len(factors) == 0 {
		detail.SetText("No factor recorded.")
	}
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { s.g.showAccount(a.AccountID) })
	return container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(count, edit), title), detail)
}

// factorName says what a factor is in a few words, in the words of the
// findings (inventory.Factor.DescribeWith).
func (g *gui) factorName(f inventory.Factor) string {
	return f.DescribeWith(g.seeds, g.keyRecords)
}

// setBanner shows, across the main window, the accounts that one lost
// device would lock out; it hides when there are none. The full finding,
// with its fix, is on the Inventory tab.
func (g *gui) setBanner(findings []inventory.Finding) {
	var names []string
	for _, f := range findings {
		if f.Code == inventory.CodeSingleFactor {
			names = append(names, f.Account)
		}
	}
	switch len(names) {
	case 0:
		g.bannerBox.Hide()
		return
	case 1:
		g.banner.SetText(names[0] + " has a single factor: losing it locks you out. Add a second one.")
	default:
		g.banner.SetText(fmt.Sprintf("%d accounts have a single factor (%s): losing it locks you out. Add a second one to each.",
			len(names), strings.Join(names, ", ")))
	}
	g.bannerBox.Show()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
