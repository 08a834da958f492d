package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/passphrase"
)

// The rules the app shares with the command line (README, "Where each
// rule lives"), tried with the same bad input as
// cmd/twofold/rules_test.go. The duplicate secret is TestAddDuplicateAsks.

func TestRulePassphraseLength(t *testing.T) {
	g := newTestGUI(t)
	u := g.unlock
	test.Type(u.passphrase, "x")
	test.Type(u.repeat, "x")
	if !u.button.Disabled() || u.strength.rating.Text != "Too short: use at least 8 characters." {
		t.Errorf("one character: button disabled %v, rating %q", u.button.Disabled(), u.strength.rating.Text)
	}
	u.submit() // as if the button were pressed anyway
	g.wait()
	if _, err := os.Stat(g.path); !os.IsNotExist(err) {
		t.Fatalf("a one-character passphrase made a vault: %v", err)
	}
	// The strength shown is the command line's (token/passphrase).
	test.Type(u.passphrase, "yz12345")
	if want := passphrase.Describe("xyz12345"); u.strength.rating.Text != want {
		t.Errorf("rating %q, want %q", u.strength.rating.Text, want)
	}
}

func TestRuleAWSFieldsOnlyOnAWS(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAccount("")
	s := g.accountPage()
	test.Type(s.name, "Mail")
	s.provider.SetSelected(lang.L(providerGeneric))
	test.Type(s.awsAccount, "123456789012")
	test.Tap(s.save)
	g.wait()
	if want := "Not saved: " + message(inventory.ErrAWSFields); !s.problem.Visible() || s.problem.Text != want {
		t.Errorf("problem shown %v: %q, want %q", s.problem.Visible(), s.problem.Text, want)
	}
	if a := g.onDisk(t).Accounts; len(a) != 0 {
		t.Fatalf("saved an AWS id on another provider's account: %+v", a)
	}
	s.awsAccount.SetText("")
	test.Tap(s.save)
	g.wait()
	if a := g.onDisk(t).Accounts; len(a) != 1 || a[0].AWSAccount != "" {
		t.Fatalf("after clearing the AWS id: %+v", a)
	}
}

// TestFindingsNameButtons: the app words what to do as its buttons, and
// never as a command to type.
func TestFindingsNameButtons(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.tabs.Select(g.inventoryTab)
	text := texts(g.win.Content())
	if !strings.Contains(text, "In the Inventory tab, press Add account…") {
		t.Errorf("the unlinked seed's finding names no button:\n%s", text)
	}
	for _, cmd := range []string{"twofold ", "ykman", "'"} {
		if strings.Contains(text, cmd) {
			t.Errorf("the Inventory tab says %q:\n%s", cmd, text)
		}
	}
}
