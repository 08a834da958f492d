package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token/kit"
)

// TestKitFromSettings taps Settings' "Print emergency kit…": the warning
// comes first, then the save dialog; the kit written is a PDF of the
// vault's seeds, readable by its owner only.
func TestKitFromSettings(t *testing.T) {
	pdftotext := testtool.Require(t, "pdftotext")
	g := newTestGUI(t, githubURI, awsURI)
	g.open(t)
	test.Tap(button(t, g.settings.content, "Print emergency kit…"))
	warn := g.topDialog(t)
	found := false
	for _, o := range test.LaidOutObjects(warn) {
		if l, ok := o.(*wrapLabel); ok && strings.Contains(l.Text, "secrets of 2 seeds in clear text") {
			found = true
		}
	}
	if !found {
		t.Fatal("no warning before the kit is saved")
	}
	saveShot(t, "kit-warning.png", g.win.Canvas().Capture())
	test.Tap(button(t, warn, "Choose file…"))
	if g.topDialog(t) == warn {
		t.Fatal("no save dialog after the warning")
	}

	// What the save dialog's choice leads to: a file that existed (the
	// dialog made it, or it was there) is replaced by one only its owner
	// can read.
	path := filepath.Join(t.TempDir(), "kit.pdf")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	g.writeKit(path, kit.Letter)
	g.wait()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("kit file: %v %v", fi.Mode(), err)
	}
	out, err := exec.Command(pdftotext, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"SENSITIVE", "GitHub", "JBSW Y3DP EHPK 3PXP", "Amazon Web Services"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the kit lacks %q", want)
		}
	}
	said := false
	for _, o := range test.LaidOutObjects(g.topDialog(t)) {
		if l, ok := o.(*wrapLabel); ok && strings.Contains(l.Text, "Saved as kit.pdf. Print it") {
			said = true
		}
	}
	if !said {
		t.Error("no dialog says where the kit went")
	}
}

func TestLocalPaper(t *testing.T) {
	for _, c := range []struct{ all, paper, lang, want string }{
		{"", "", "en_US.UTF-8", "Letter"},
		{"", "", "ja_JP.UTF-8", "A4"},
		{"", "en_GB.UTF-8", "en_US.UTF-8", "A4"},
		{"fr_CA.UTF-8", "en_GB.UTF-8", "", "Letter"},
		{"", "", "C", "A4"},
		{"", "", "", "A4"},
	} {
		t.Setenv("LC_ALL", c.all)
		t.Setenv("LC_PAPER", c.paper)
		t.Setenv("LANG", c.lang)
		if got := localPaper(); got != c.want {
			t.Errorf("LC_ALL=%q LC_PAPER=%q LANG=%q: %s, want %s", c.all, c.paper, c.lang, got, c.want)
		}
	}
}
