package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

func TestAccountEditor(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	g.tabs.Select(g.inventoryTab)
	test.Tap(button(t, g.win.Content(), "Add account…"))
	s := g.accountPage()
	if s == nil {
		t.Fatal("Add account does not open the account page")
	}

	// A number written the Japanese way with no region picked is refused
	// at the field, and nothing is saved.
	test.Type(s.name, "AWS production root")
	s.provider.SetSelected(lang.L(providerAWS))
	test.Type(s.awsAccount, "123456789012")
	s.principal.SetSelected(lang.L(principalRoot))
	test.Type(s.email, "root@example.com")
	s.region.set("") // whatever the system's locale
	test.Type(s.phone, "080-1234-5678")
	if err := s.phone.Validate(); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("phone field says %v", err)
	}
	test.Tap(s.save)
	g.wait()
	if !s.problem.Visible() || !strings.Contains(s.problem.Text, "region") {
		t.Errorf("problem shown %v: %q", s.problem.Visible(), s.problem.Text)
	}
	if a := g.onDisk(t).Accounts; len(a) != 0 {
		t.Fatalf("saved while invalid: %+v", a)
	}

	// Picking its region makes it +81.
	s.region.entry.SetText("Japan +81")
	if err := s.phone.Validate(); err != nil {
		t.Errorf("JP number refused: %v", err)
	}
	test.Tap(s.save)
	g.wait()
	accounts := g.onDisk(t).Accounts
	if len(accounts) != 1 || accounts[0].Phone != "+818012345678" || !accounts[0].IsAWSRoot() ||
		accounts[0].AWSAccount != "123456789012" || accounts[0].Email != "root@example.com" {
		t.Fatalf("saved %+v", accounts)
	}
	if g.accountPage() != s || s.id != accounts[0].ID || !s.saved.Visible() {
		t.Fatal("the page does not go on with the saved account")
	}

	// One factor: the banner warns.
	s.kind.SetSelected("Authenticator app")
	test.Type(s.label, "Pixel 8")
	test.Tap(s.addFactor)
	g.wait()
	if !g.bannerBox.Visible() || !strings.Contains(g.banner.Text, "AWS production root") {
		t.Fatalf("one factor: banner visible %v, %q", g.bannerBox.Visible(), g.banner.Text)
	}

	// A seed linked as the second factor: the banner goes.
	s.kind.SetSelected("Seed in this vault")
	s.seed.SetSelected("GitHub (alice@example.com)")
	test.Tap(s.addFactor)
	g.wait()
	factors := g.onDisk(t).Accounts[0].Factors
	if len(factors) != 2 || factors[1].Kind != inventory.SeedFactor || factors[1].SeedID != g.shown().seeds[0].ID {
		t.Fatalf("factors on disk: %+v", factors)
	}
	if g.bannerBox.Visible() {
		t.Errorf("banner still shown with two factors: %q", g.banner.Text)
	}
	if page := texts(s.content); !strings.Contains(page, "seed GitHub (alice@example.com)") || !strings.Contains(page, "app on Pixel 8") {
		t.Errorf("factors not listed:\n%s", page)
	}

	// Removing one, once confirmed, brings it back.
	test.Tap(button(t, s.content, "Remove"))
	test.Tap(button(t, g.topDialog(t), "Remove"))
	g.wait()
	if f := g.onDisk(t).Accounts[0].Factors; len(f) != 1 || f[0].Kind != inventory.SeedFactor {
		t.Fatalf("after removing the app: %+v", f)
	}
	if !g.bannerBox.Visible() {
		t.Error("banner not back with a single factor")
	}

	// The lost-device steps name the email and phone on file.
	test.Tap(s.lostButton)
	lost := texts(s.lostBox)
	for _, want := range []string{"+818012345678", "root@example.com", "Troubleshoot MFA"} {
		if !strings.Contains(lost, want) {
			t.Errorf("lost-device panel lacks %q:\n%s", want, lost)
		}
	}
	if strings.Contains(lost, "does not know the phone number") {
		t.Errorf("warns of a missing phone:\n%s", lost)
	}

	// With the phone taken off, the panel warns.
	s.phone.SetText("")
	test.Tap(s.save)
	g.wait()
	if lost := texts(s.lostBox); !strings.Contains(lost, "Twofold does not know the phone number on file") {
		t.Errorf("no warning without a phone:\n%s", lost)
	}

	// A second account may not take the same name.
	g.back()
	g.showAccount("")
	test.Type(g.accountPage().name, "aws production ROOT")
	if err := g.accountPage().name.Validate(); err == nil {
		t.Error("duplicate name accepted")
	}
	test.Tap(g.accountPage().save)
	g.wait()
	if n := len(g.onDisk(t).Accounts); n != 1 {
		t.Errorf("%d accounts on disk", n)
	}

	// Deleting asks first, then goes back to the inventory.
	g.showAccount(accounts[0].ID)
	test.Tap(button(t, g.accountPage().content, "Delete account…"))
	test.Tap(button(t, g.topDialog(t), "Delete"))
	g.wait()
	if n := len(g.onDisk(t).Accounts); n != 0 || g.accountPage() != nil || g.tabs.Selected() != g.inventoryTab {
		t.Errorf("after delete: %d accounts, page open %v", n, g.accountPage() != nil)
	}
}

// TestAccountFactorInputs checks that the add-a-factor form shows the
// inputs of the kind chosen, and adds a hardware key the vault knows.
func TestAccountFactorInputs(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.edit(func(d *vault.Data) error {
		d.Keys = []inventory.KeyRecord{{Serial: 10000001, Nickname: "blue"}}
		d.Accounts = []inventory.Account{{ID: "acc1", Name: "GitHub", Provider: inventory.Generic}}
		return nil
	}, nil)
	g.wait()
	g.showAccount("acc1")
	s := g.accountPage()
	shows := func(o fyne.CanvasObject) bool {
		for _, x := range test.LaidOutObjects(s.factorForm) {
			if x == o {
				return true
			}
		}
		return false
	}
	s.kind.SetSelected("Hardware key")
	if !shows(s.key) || !shows(s.use) || shows(s.seed) {
		t.Fatal("hardware key: the form does not show the key and its use")
	}
	s.key.SetText("10000001 (blue)")
	s.use.SetSelected("PIV certificate")
	test.Tap(s.addFactor)
	g.wait()
	f := g.onDisk(t).Accounts[0].Factors
	if len(f) != 1 || f[0].KeySerial != 10000001 || f[0].KeyUse != inventory.KeyPIV {
		t.Fatalf("factors on disk: %+v", f)
	}
	s.kind.SetSelected("Passkey")
	if !shows(s.label) || shows(s.key) {
		t.Error("passkey: the form does not show the label alone")
	}
	s.kind.SetSelected("Seed in this vault")
	test.Tap(s.addFactor)
	if !s.factorProblem.Visible() {
		t.Error("adding with no seed picked says nothing")
	}
}

// TestAccountConflictReload: the command line adds an account while the
// window has the vault open; saving a new one from the window offers to
// reload and keeps both.
func TestAccountConflictReload(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	err := vault.Edit(g.path, testPassphrase, func(v *vault.Vault) error {
		v.Data.Accounts = append(v.Data.Accounts, inventory.Account{ID: "cli1", Name: "Google", Provider: inventory.Generic})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	g.showAccount("")
	test.Type(g.accountPage().name, "GitHub")
	test.Tap(g.accountPage().save)
	g.wait()
	test.Tap(button(t, g.topDialog(t), "Reload and apply"))
	g.wait()
	var names []string
	for _, a := range g.onDisk(t).Accounts {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "Google,GitHub" {
		t.Errorf("accounts on disk: %v", names)
	}
	if g.accountPage() == nil || g.accountPage().title.Text != "GitHub" {
		t.Error("the page does not show the saved account")
	}
}
