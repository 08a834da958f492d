package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// TestJapaneseRecoveryCodes: the account page's recovery codes in each
// state, their dialogs, the findings and the wizard's reminder, in
// Japanese.
func TestJapaneseRecoveryCodes(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g := newTestGUI(t, githubURI)
	id := seedAccount(t, g.path, "GitHub")
	g.open(t)
	data := append(g.seedWords(), "GitHub", "MFA")

	checkJapanese(t, "the wizard's reminder", newWizardScreen(g.gui).choose, data...)
	g.showAccount(id)
	s := g.accountPage()
	checkJapanese(t, "the page without codes", s.content, data...)
	test.Tap(s.newCodes)
	checkJapanese(t, "the dialog that keeps codes", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Cancel")))

	var paste *widget.Entry
	keep := func(text string) {
		t.Helper()
		test.Tap(s.newCodes)
		for _, o := range test.LaidOutObjects(g.topDialog(t)) {
			if e, ok := o.(*widget.Entry); ok && e.MultiLine {
				paste = e
			}
		}
		paste.SetText(text)
		test.Tap(button(t, g.topDialog(t), lang.L("Keep")))
		g.wait()
	}
	keep("1a2b3-4c5d6\n1a2b3-4c5d6\n")
	checkJapanese(t, "a repeated code", s.codesProblem, data...)
	keep("x")
	checkJapanese(t, "a line that is no code", s.codesProblem, data...)

	codes := serviceCodes(10, 0)
	keep(strings.Join(codes, "\n"))
	checkJapanese(t, "the page with ten codes", s.content, data...)
	for range 8 {
		test.Tap(s.copyNextCode)
		g.wait()
	}
	checkJapanese(t, "two codes left", s.content, data...)
	g.showTab(g.inventoryTab)
	checkJapanese(t, "the inventory with two codes left", g.win.Content(), data...)

	g.showAccount(id)
	s = g.accountPage()
	keep(strings.Join(serviceCodes(12, 1), "\n"))
	checkJapanese(t, "replacing the codes", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Cancel")))
	for range 2 {
		test.Tap(s.copyNextCode)
		g.wait()
	}
	checkJapanese(t, "every code used", s.content, data...)
	g.showTab(g.inventoryTab)
	checkJapanese(t, "the inventory with every code used", g.win.Content(), data...)
	g.showAccount(id)
	s = g.accountPage()
	test.Tap(s.forgetCodes)
	checkJapanese(t, "forgetting the codes", g.topDialog(t), data...)
	if text := texts(g.topDialog(t)); !strings.Contains(text, fmt.Sprint(len(codes))) {
		t.Errorf("the confirmation does not count the codes: %q", text)
	}
}

// TestJapaneseOrganizationPage: the organization sync's page, its
// results and an account whose role was refused, in Japanese.
func TestJapaneseOrganizationPage(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g, f, ids := newAWSOrgTestGUI(t)
	// The profile select, cut short on a narrow window.
	data := []string{"AWS_PROFILE, AWS_ACCESS_KEY_ID", "AWS_ACCESS_KE", "OrganizationAccountAccessRole", "IAM", "MFA", "SUSPENDED"}
	s := g.syncOrganization(t)
	if s.problem.Visible() {
		t.Fatalf("the sync failed: %q", s.problem.Text)
	}
	names := []string{"dev", "prod", "sandbox", "old", "alice", "bob", "carol"}
	for _, id := range ids {
		names = append(names, id)
	}
	for _, a := range g.shown().accounts {
		names = append(names, a.Name)
	}
	for _, o := range test.LaidOutObjects(s.results) {
		if l, ok := o.(*widget.Label); ok {
			// The callers' ARNs, as IAM gave them.
			for _, w := range strings.Fields(l.Text) {
				if strings.HasPrefix(strings.Trim(w, "()"), "arn:aws:") {
					names = append(names, strings.Trim(w, "()。"))
				}
			}
		}
	}
	checkJapanese(t, "the organization's results", s.content, append(data, names...)...)
	if !strings.Contains(s.Text, "5 件中 4 件のアカウントを読み取りました") {
		t.Errorf("the summary is not in Japanese:\n%s", s.Text)
	}
	f.RefuseRole(ids["prod"])
	test.Tap(s.run)
	g.wait()
	role := "arn:aws:iam::" + ids["prod"] + ":role/OrganizationAccountAccessRole"
	reveal(s.scroll, s.results.Objects[len(s.results.Objects)/2])
	saveShot(t, "aws-organization-ja.png", g.win.Canvas().Capture())
	checkJapanese(t, "a refused role", s.content, append(data, append(names, role)...)...)
}

// TestJapaneseConfirmFactor: a root factor AWS does not know, its
// finding, its It works button and question, in Japanese.
func TestJapaneseConfirmFactor(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g, _ := newRootSeedGUI(t)
	g.showAWSSync()
	s := g.awsSyncPage()
	test.Tap(s.run)
	g.wait()
	if s.problem.Visible() {
		t.Fatalf("the sync failed: %q", s.problem.Text)
	}
	data := append(g.seedWords(), "AWS", "MFA", "IAM")
	for _, a := range g.shown().accounts {
		data = append(data, a.Name)
	}
	g.back()
	g.tabs.Select(g.inventoryTab)
	checkJapanese(t, "the inventory", g.win.Content(), data...)
	g.showAccount(g.awsAccount(t, inventory.RootPrincipal).ID)
	checkJapanese(t, "the root account's page", g.win.Content(), data...)
	test.Tap(button(t, g.win.Content(), lang.L("It works")))
	checkJapanese(t, "the question", g.topDialog(t), data...)
}
