package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestImportOpensTheFileChosen: Open a file… reads the file the dialog
// (Options.Files) hands over; a cancelled dialog reads nothing.
func TestImportOpensTheFileChosen(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	files := &testFiles{}
	g.opts.Files = files
	g.showImport()
	s := g.importPage()
	test.Tap(s.openFile)
	g.wait()
	if len(s.rows) != 0 || s.status.Visible() {
		t.Fatalf("a cancelled dialog read %d rows, says %q", len(s.rows), s.status.Text)
	}
	files.open = filepath.Join(t.TempDir(), "links.txt")
	if err := os.WriteFile(files.open, []byte(googleURI+"\n"+githubURI+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.openFile)
	g.wait()
	if len(s.rows) != 2 || s.rows[0].seed.Issuer != "Google" || s.rows[0].duplicate != nil || s.rows[1].duplicate == nil {
		t.Fatalf("read %d rows from the file chosen; status %q", len(s.rows), s.status.Text)
	}
}
