package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// object is what the tab draws.
func (s *inventoryScreen) object() fyne.CanvasObject { return s.content }

func newInventoryScreen(g *gui) *inventoryScreen {
	s := &inventoryScreen{g: g}
	s.summary = newWrappingLabel("")
	s.accounts = container.NewVBox()
	s.findings = container.NewVBox()
	addAccount := widget.NewButtonWithIcon(lang.L("Add account…"), theme.ContentAddIcon(), func() { g.showAccount("") })
	syncAWS := widget.NewButtonWithIcon(lang.L("Sync with AWS…"), theme.ViewRefreshIcon(), g.showAWSSync)
	syncOrg := widget.NewButtonWithIcon(lang.L("Sync the organization…"), theme.ViewRefreshIcon(), g.showAWSOrgSync)
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.summary,
		container.NewBorder(nil, nil, nil, addAccount, heading(lang.L("Accounts"))),
		container.NewHBox(syncAWS, syncOrg),
		s.accounts,
		widget.NewSeparator(),
		heading(lang.L("Findings")), s.findings,
	)))
	g.sess.Subscribe(func(view) { s.refresh() })
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
		Accounts:    s.g.shown().accounts,
		Seeds:       s.g.shown().seeds,
		Keys:        s.g.shown().keys,
		KeyFindings: inventory.KeyFindings(s.g.shown().keys),
		Codes:       s.g.shown().codes,
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
		s.summary.SetText(lang.L("No accounts in the inventory yet. AWS seeds are recorded as accounts when you add them; record others with Add account, and the factors each one has."))
	case len(s.shown) == 0:
		s.summary.SetText(fmt.Sprintf(lang.L("%s, nothing to fix."), plural(len(in.Accounts), "account")))
	default:
		s.summary.SetText(fmt.Sprintf(lang.L("%s; %d critical, %s, %s."),
			plural(len(in.Accounts), "account"), counts[inventory.Critical],
			plural(counts[inventory.Warning], "warning"), plural(counts[inventory.Info], "note")))
	}

	for _, a := range inventory.SummaryOf(in, s.shown) {
		s.accounts.Add(s.accountRow(a))
	}
	if len(in.Accounts) == 0 {
		s.accounts.Add(widget.NewLabel(lang.L("None yet.")))
	}
	for _, gr := range groupFindings(s.shown) {
		msg, fix, do := gr.text(s.g)
		s.findings.Add(findingRow(gr.first.Severity, msg, fix, do))
	}
	if len(s.shown) == 0 {
		s.findings.Add(widget.NewLabel(lang.L("None.")))
	}
}

func (s *inventoryScreen) accountRow(a inventory.AccountSummary) fyne.CanvasObject {
	var factors []string
	for _, acc := range s.g.shown().accounts {
		if acc.ID != a.AccountID {
			continue
		}
		for _, f := range acc.Factors {
			factors = append(factors, s.g.factorName(f))
		}
	}
	if t := s.g.shown().codes[a.AccountID]; t.Total > 0 {
		factors = append(factors, fmt.Sprintf(lang.L("recovery codes kept (%d of %d left)"), t.Unused, t.Total))
	}
	title := heading(a.Name)
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
	detail := newWrappingLabel(strings.Join(factors, " · "))
	if len(factors) == 0 {
		detail.SetText(lang.L("No factor recorded."))
	}
	edit := widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), func() { s.g.showAccount(a.AccountID) })
	return container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(count, edit), title), detail)
}

// plural counts n of word: "1 seed", "3 seeds". Each count's words are
// translated whole ("1 seed", "%d seeds"), as languages count differently.
func plural(n int, word string) string {
	if n == 1 {
		return lang.L("1 " + word)
	}
	return fmt.Sprintf(lang.L("%d "+word+"s"), n)
}
