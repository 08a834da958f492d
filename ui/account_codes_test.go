package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/gofrs/flock"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// serviceCodes are n codes as a service prints them (GitHub's "xxxxx-xxxxx").
func serviceCodes(n, set int) []string {
	var codes []string
	for i := range n {
		codes = append(codes, fmt.Sprintf("%05x-%05x", 0xa1000+set*0x100+i, 0x3c000+i*7))
	}
	return codes
}

// seedAccount gives the vault at path an account whose one factor is its
// first seed, and returns the account's ID.
func seedAccount(t *testing.T, path, name string) string {
	t.Helper()
	var id string
	err := vault.Edit(path, testPassphrase, func(v *vault.Vault) error {
		a, err := v.Data.SaveAccount(inventory.Account{Name: name, Provider: inventory.Generic})
		if err != nil {
			return err
		}
		id = a.ID
		_, _, err = v.Data.AddFactor(a.ID, inventory.Factor{Kind: inventory.SeedFactor, SeedID: v.Data.Seeds[0].ID}, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// pasteCodes opens Keep new codes…, pastes text and keeps it.
func (g *testGUI) pasteCodes(t *testing.T, s *accountScreen, text string) {
	t.Helper()
	test.Tap(s.newCodes)
	var paste *widget.Entry
	for _, o := range test.LaidOutObjects(g.topDialog(t)) {
		if e, ok := o.(*widget.Entry); ok && e.MultiLine {
			paste = e
		}
	}
	if paste == nil {
		t.Fatal("the dialog has no place to paste the codes")
	}
	paste.SetText(text)
	test.Tap(button(t, g.topDialog(t), "Keep"))
	g.wait()
}

func (g *testGUI) tallyOnDisk(t *testing.T, id string) inventory.CodeTally {
	t.Helper()
	d := g.onDisk(t)
	rc, _ := d.RecoveryCodesOf(id)
	return rc.Tally()
}

func TestRecoveryCodesOnAccountPage(t *testing.T) {
	g := newTestGUI(t, githubURI)
	id := seedAccount(t, g.path, "GitHub")
	g.open(t)

	// A seed alone is a single factor, on the banner and in the inventory.
	if !g.bannerBox.Visible() || !strings.Contains(g.banner.Text, "GitHub") {
		t.Fatalf("a seed alone: banner visible %v, %q", g.bannerBox.Visible(), g.banner.Text)
	}
	g.showAccount(id)
	s := g.accountPage()
	if s == nil {
		t.Fatal("no account page")
	}
	if s.copyNextCode.Visible() || !strings.Contains(s.codesLeft.Text, "No recovery codes kept") {
		t.Fatalf("no codes: copy shown %v, %q", s.copyNextCode.Visible(), s.codesLeft.Text)
	}

	// Bad input keeps nothing and says which line.
	g.pasteCodes(t, s, "1a2b3-4c5d6\nnot\x07code\n")
	if !s.codesProblem.Visible() || !strings.Contains(s.codesProblem.Text, "Line 2") || strings.Contains(s.codesProblem.Text, "code\x07") {
		t.Fatalf("bad input: %v %q", s.codesProblem.Visible(), s.codesProblem.Text)
	}
	if tl := g.tallyOnDisk(t, id); tl.Total != 0 {
		t.Fatalf("bad input kept %+v", tl)
	}

	// Ten codes, numbered as a file of the service's might be: a second
	// factor, so the banner goes.
	codes := serviceCodes(10, 0)
	var numbered []string
	for i, c := range codes {
		numbered = append(numbered, fmt.Sprintf("%d. %s", i+1, c))
	}
	g.pasteCodes(t, s, strings.Join(numbered, "\n"))
	if tl := g.tallyOnDisk(t, id); tl != (inventory.CodeTally{Total: 10, Unused: 10}) {
		t.Fatalf("kept %+v", tl)
	}
	if g.bannerBox.Visible() {
		t.Fatalf("seed and codes: banner still says %q", g.banner.Text)
	}
	if !strings.Contains(s.codesLeft.Text, "10 of 10") {
		t.Errorf("page says %q", s.codesLeft.Text)
	}
	page := texts(g.win.Content())
	for _, c := range codes {
		if strings.Contains(page, c) {
			t.Fatalf("a code is shown on the page:\n%s", page)
		}
	}

	// One click copies the next code and marks it used.
	test.Tap(s.copyNextCode)
	g.wait()
	if got := g.clipboardContent(); got != codes[0] {
		t.Fatalf("clipboard holds %q, want the first code", got)
	}
	d := g.onDisk(t)
	rc, _ := d.RecoveryCodesOf(id)
	if tl := rc.Tally(); tl != (inventory.CodeTally{Total: 10, Unused: 9}) || rc.Codes[0].Used.IsZero() {
		t.Fatalf("after one copy: %+v, first used %v", tl, rc.Codes[0].Used)
	}
	if !strings.Contains(s.codesLeft.Text, "9 of 10") {
		t.Errorf("page says %q", s.codesLeft.Text)
	}

	// A save that fails copies nothing and uses none.
	lock := flock.New(g.path + ".lock")
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("taking the lock: %v %v", ok, err)
	}
	g.sess.vault.SetLockWait(50 * time.Millisecond)
	test.Tap(s.copyNextCode)
	g.wait()
	lock.Unlock()
	g.closeDialogs()
	if got := g.clipboardContent(); got != codes[0] {
		t.Errorf("a failed save left %q on the clipboard", got)
	}
	if tl := g.tallyOnDisk(t, id); tl.Unused != 9 {
		t.Errorf("a failed save: %+v", tl)
	}
	if tl := g.shown().codes[id]; tl.Unused != 9 {
		t.Errorf("a failed save: the screens show %+v", tl)
	}

	// Seven more used: two left, a warning with its action.
	for range 7 {
		test.Tap(s.copyNextCode)
		g.wait()
	}
	if got := g.clipboardContent(); got != codes[7] {
		t.Fatalf("clipboard holds %q, want the eighth code", got)
	}
	g.showTab(g.inventoryTab)
	inv := texts(g.win.Content())
	if !strings.Contains(inv, "2 of 10 left") || !strings.Contains(inv, "Keep new codes…") {
		t.Errorf("two left: the inventory says\n%s", inv)
	}

	// New codes from the service's file replace the old, once confirmed.
	g.showAccount(id)
	s = g.accountPage()
	fresh := serviceCodes(16, 1)
	file := filepath.Join(t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(file, []byte(strings.Join(fresh, "\r\n")+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g.opts.Files = &testFiles{open: file}
	test.Tap(s.newCodes)
	test.Tap(button(t, g.topDialog(t), "Read the service's file…"))
	confirm := texts(g.topDialog(t))
	if !strings.Contains(confirm, "10 kept codes") || !strings.Contains(confirm, "16 new") {
		t.Fatalf("replacing asks %q", confirm)
	}
	test.Tap(button(t, g.topDialog(t), "Replace"))
	g.wait()
	if tl := g.tallyOnDisk(t, id); tl != (inventory.CodeTally{Total: 16, Unused: 16}) {
		t.Fatalf("after replacing: %+v", tl)
	}

	// Forgetting them, confirmed, makes the seed a single factor again.
	test.Tap(s.forgetCodes)
	test.Tap(button(t, g.topDialog(t), "Forget"))
	g.wait()
	if tl := g.tallyOnDisk(t, id); tl.Total != 0 {
		t.Fatalf("after forgetting: %+v", tl)
	}
	if !g.bannerBox.Visible() {
		t.Error("codes forgotten: no banner")
	}
}

func TestWizardRemindsOfRecoveryCodes(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	seedAccount(t, g.path, "GitHub")
	g.open(t)
	s := newWizardScreen(g.gui)
	if text := texts(s.choose); !strings.Contains(text, "No recovery codes are kept for GitHub") {
		t.Fatalf("the wizard says\n%s", text)
	}
	id := g.shown().accounts[0].ID
	g.edit(func(d *vault.Data) error {
		_, err := d.AddRecoveryCodes(id, serviceCodes(10, 0), false, g.now())
		return err
	}, nil)
	g.wait()
	s = newWizardScreen(g.gui)
	if text := texts(s.choose); strings.Contains(text, "recovery codes") {
		t.Fatalf("codes kept: the wizard says\n%s", text)
	}
}
