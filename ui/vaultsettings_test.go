package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// passwordEntries lists the password fields of the dialog on top.
func (g *testGUI) passwordEntries(t *testing.T) []*widget.Entry {
	t.Helper()
	var out []*widget.Entry
	for _, o := range test.LaidOutObjects(g.topDialog(t)) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			out = append(out, e)
		}
	}
	return out
}

// TestChangePassphrase: Settings changes the passphrase after checking
// the current one; afterwards neither the vault nor its .bak copy opens
// with the old one.
func TestChangePassphrase(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	// A save leaves a .bak copy beside the vault, under the old passphrase.
	g.showDetail(g.shown().seeds[0].ID)
	g.detailPage().issuer.SetText("GitHub.com")
	test.Tap(g.detailPage().rename)
	g.wait()
	if _, err := vault.Open(g.path+".bak", testPassphrase); err != nil {
		t.Fatalf("no .bak to check: %v", err)
	}
	g.back()
	g.tabs.SelectIndex(3)
	test.Tap(button(t, g.win.Content(), "Change passphrase…"))
	e := g.passwordEntries(t)
	if len(e) != 3 {
		t.Fatalf("%d password fields, want current, new and repeat", len(e))
	}
	const next = "mauve lantern quietly orbit"
	test.Type(e[0], "not it at all")
	test.Type(e[1], next)
	test.Type(e[2], next)
	test.Tap(button(t, g.topDialog(t), "Change passphrase"))
	g.wait()
	if text := texts(g.topDialog(t)); !strings.Contains(text, "not the vault's current passphrase") {
		t.Fatalf("a wrong current passphrase says:\n%s", text)
	}
	e[0].SetText(testPassphrase)
	e[2].SetText(next + "!")
	test.Tap(button(t, g.topDialog(t), "Change passphrase"))
	if text := texts(g.topDialog(t)); !strings.Contains(text, "The two passphrases differ.") {
		t.Fatalf("differing passphrases say:\n%s", text)
	}
	e[2].SetText(next)
	test.Tap(button(t, g.topDialog(t), "Change passphrase"))
	g.wait()
	if g.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog stays: %s", texts(g.topDialog(t)))
	}
	for _, p := range []string{g.path, g.path + ".bak"} {
		if _, err := vault.Open(p, testPassphrase); !errors.Is(err, vault.ErrWrongPassphrase) {
			t.Errorf("%s with the old passphrase: %v", filepath.Base(p), err)
		}
		if _, err := vault.Open(p, next); err != nil {
			t.Errorf("%s with the new passphrase: %v", filepath.Base(p), err)
		}
	}
	// The window goes on with the new one: a save after a reload works.
	g.lock()
	test.Type(g.unlock.passphrase, next)
	test.Tap(g.unlock.button)
	g.wait()
	if !g.isUnlocked() {
		t.Fatalf("the new passphrase does not unlock: %q", g.unlock.problem.Text)
	}
}

// TestBackUpVault: Settings writes the backup 'export backup' writes,
// under a passphrase of its own, to the file chosen, mode 0600.
func TestBackUpVault(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	dir := t.TempDir()
	files := &testFiles{dir: dir}
	g.opts.Files = files
	g.tabs.SelectIndex(3)
	test.Tap(button(t, g.win.Content(), "Back up the vault…"))
	e := g.passwordEntries(t)
	if len(e) != 2 {
		t.Fatalf("%d password fields, want new and repeat", len(e))
	}
	test.Type(e[0], "short")
	test.Type(e[1], "short")
	test.Tap(button(t, g.topDialog(t), "Choose file and save…"))
	if len(files.asked) != 0 || !strings.Contains(texts(g.topDialog(t)), "Too short") {
		t.Fatalf("a short passphrase: file asked %q, dialog says\n%s", files.asked, texts(g.topDialog(t)))
	}
	const pass = "backup in the drawer"
	e[0].SetText(pass)
	e[1].SetText(pass)
	test.Tap(button(t, g.topDialog(t), "Choose file and save…"))
	g.wait()
	if len(files.asked) != 1 {
		t.Fatalf("file asked %q times", files.asked)
	}
	asked := files.asked[0]
	if !strings.HasPrefix(asked, "twofold-backup-2026-03-01") {
		t.Errorf("file name offered %q", asked)
	}
	path := filepath.Join(dir, asked)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v", st, err)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seeds, err := transfer.ParseBackup(content, func() (string, error) { return pass, nil })
	if err != nil || len(seeds) != 2 {
		t.Fatalf("reading the backup back: %d seeds, %v", len(seeds), err)
	}
	if _, err := transfer.ParseBackup(content, func() (string, error) { return testPassphrase, nil }); !errors.Is(err, transfer.ErrWrongPassphrase) {
		t.Errorf("the vault's passphrase opens the backup: %v", err)
	}
	if !g.settings.status.Visible() || !strings.Contains(g.settings.status.Text, "Backed up 2 seeds") {
		t.Errorf("Settings says %q", g.settings.status.Text)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left beside the backup: %v", entries)
	}
}
