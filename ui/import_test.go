package ui

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

func (g *testGUI) importPage() *importScreen { return pageAs[*importScreen](g.gui) }

// rowStates is the preview as "label: New" lines.
func (s *importScreen) rowStates() []string {
	var out []string
	for _, r := range s.rows {
		state := "New"
		if r.duplicate != nil {
			state = "Duplicate of " + r.duplicate.Label()
		}
		out = append(out, r.seed.Label()+": "+state)
	}
	return out
}

func TestImportPreviewThenAdd(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	g.addPage().tabs.SelectIndex(3)
	test.Tap(button(t, g.win.Canvas().Content(), "Paste a link"))
	s := g.importPage()
	if s == nil {
		t.Fatal("the add page's import tab does not open the import page")
	}
	// A GitHub seed the vault holds, under another name; the AWS seed twice.
	list := "# from my old phone\n" +
		strings.Replace(githubURI, "alice@example.com", "alice-old", 1) + "\n" +
		googleURI + "\n" + awsURI + "\n" + awsURI + "\n"
	s.readContent("links.txt", []byte(list))
	g.wait()
	want := []string{
		"GitHub (alice-old): Duplicate of GitHub (alice@example.com)",
		"Google (bob@gmail.com): New",
		"Amazon Web Services (root@123456789012): New",
		"Amazon Web Services (root@123456789012): Duplicate of Amazon Web Services (root@123456789012)",
	}
	if got := s.rowStates(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("preview:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	saveShot(t, "import-preview.png", g.win.Canvas().Capture())
	if n := len(g.onDisk(t).Seeds); n != 1 {
		t.Fatalf("the preview saved: the vault holds %d seeds", n)
	}
	if s.importNew.Disabled() || s.importNew.Text != "Import 2 new seeds" {
		t.Fatalf("import button %q, disabled %v", s.importNew.Text, s.importNew.Disabled())
	}
	test.Tap(s.importNew)
	g.wait()
	d := g.onDisk(t)
	if len(d.Seeds) != 3 {
		t.Fatalf("vault holds %d seeds after the import, want 3", len(d.Seeds))
	}
	if d.Seeds[1].Label() != "Google (bob@gmail.com)" || d.Seeds[2].Issuer != "Amazon Web Services" {
		t.Errorf("added %s, %s", d.Seeds[1].Label(), d.Seeds[2].Label())
	}
	if len(d.Accounts) != 1 || len(d.Accounts[0].Factors) != 1 || d.Accounts[0].Factors[0].SeedID != d.Seeds[2].ID {
		t.Errorf("the AWS seed is not the factor of its account: %+v", d.Accounts)
	}
	saveShot(t, "import-done.png", g.win.Canvas().Capture())
	if !strings.HasPrefix(s.result.Text, "Added 2 seeds: Google (bob@gmail.com), Amazon Web Services (root@123456789012) (a factor of") ||
		!strings.Contains(s.result.Text, "Skipped 2 seeds already in the vault: GitHub (alice-old), Amazon Web Services") {
		t.Errorf("result says %q", s.result.Text)
	}
	if len(s.rows) != 0 || !s.importNew.Disabled() {
		t.Errorf("after the import the list has %d rows, import enabled %v", len(s.rows), !s.importNew.Disabled())
	}
}

// manySeeds makes n distinct seeds.
func manySeeds(t *testing.T, n int) []token.Seed {
	t.Helper()
	var seeds []token.Seed
	for i := range n {
		s, err := token.ParseURI(fmt.Sprintf("otpauth://totp/Example:user%02d?secret=%s", i, strings.Repeat("A", 14)+string(rune('A'+i/6))+string(rune('2'+i%6))))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, s)
	}
	return seeds
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestImportGoogleExportAcrossReads reads an export of two transfer
// codes, one from an image file and one from the screen: each code's
// seeds are listed once it is read, and the page says which code is
// still to come.
func TestImportGoogleExportAcrossReads(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	codes, _, err := transfer.MigrationCodes(manySeeds(t, 12), 500)
	if err != nil || len(codes) != 2 {
		t.Fatalf("%d codes, %v", len(codes), err)
	}
	s.readContent("code-2.png", codes[1].PNG)
	g.wait()
	saveShot(t, "import-pending.png", g.win.Canvas().Capture())
	if len(s.rows) != 2 || !s.pending.Visible() || s.pending.Text != "Google export: code 2 of 2 read; 1 not yet." || s.importNew.Text != "Import 2 new seeds" {
		t.Fatalf("half an export: %d rows, pending %q", len(s.rows), s.pending.Text)
	}
	g.opts.Capture = func() ([]image.Image, error) {
		blank := image.NewGray(image.Rect(0, 0, 300, 200))
		return []image.Image{blank, decodePNG(t, codes[0].PNG)}, nil
	}
	test.Tap(s.scan)
	g.wait()
	if len(s.rows) != 12 || s.pending.Visible() || s.importNew.Text != "Import 12 new seeds" {
		t.Fatalf("whole export: %d rows, pending shown %v, button %q, status %q", len(s.rows), s.pending.Visible(), s.importNew.Text, s.status.Text)
	}
	test.Tap(s.importNew)
	g.wait()
	seeds := g.onDisk(t).Seeds
	if len(seeds) != 13 || seeds[1].Account != "user00" || seeds[12].Account != "user11" || s.pending.Visible() {
		t.Fatalf("vault holds %d seeds", len(seeds))
	}
}

func TestImportScreenWithoutCode(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	g.opts.Capture = func() ([]image.Image, error) {
		return []image.Image{image.NewGray(image.Rect(0, 0, 300, 200))}, nil
	}
	test.Tap(s.scan)
	g.wait()
	if s.status.Text != importMessage(transfer.ErrNoCodeOnScreen) || s.status.Importance != widget.DangerImportance {
		t.Errorf("blank screen says %q", s.status.Text)
	}
}

func TestImportBadInputAddsNothing(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	s.readContent("links.txt", []byte(googleURI+"\n"))
	g.wait()
	s.readContent("notes.txt", []byte("my passwords\n"))
	g.wait()
	if len(s.rows) != 1 || s.status.Importance != widget.DangerImportance || s.status.Text != importMessage(transfer.ErrUnknownFormat) {
		t.Errorf("notes.txt: %d rows, status %q", len(s.rows), s.status.Text)
	}
}

// TestImportBadLinesListed: a bad line strands nothing: the other lines
// are taken and the bad one is listed as Could not read, with why and
// without its secret.
func TestImportBadLinesListed(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	s.readContent("bad.txt", []byte(awsURI+"\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!\n"))
	g.wait()
	s.readContent("half.txt", []byte("otpauth-migration://offline?data=CgYKBA"))
	g.wait()
	want := []string{
		"Amazon Web Services (root@123456789012): New",
		"line 2 (B (b)): the secret is missing or damaged: Could not read",
		"line 1: the Google transfer code does not parse: Could not read",
	}
	if got := s.shownRows(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("preview:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(texts(g.win.Content())+strings.Join(s.shownRows(), ""), "JBSWY3DPEHPK3PX") {
		t.Error("the page shows a secret")
	}
	if s.importNew.Text != "Import 1 new seed" {
		t.Errorf("button %q", s.importNew.Text)
	}
}

// TestImportEncryptedAsksPassphrase reads a Twofold backup: the page
// asks for its passphrase, refuses a wrong one and asks again.
func TestImportEncryptedAsksPassphrase(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	seed, err := token.ParseURI(googleURI)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := transfer.EncodeBackup(vault.Data{Seeds: []token.Seed{seed}}, "backup words")
	if err != nil {
		t.Fatal(err)
	}
	s.readContent("old.twofold", backup)
	g.wait()
	answer := func(pass string) {
		t.Helper()
		if !s.pass.box.Visible() {
			t.Fatalf("no passphrase asked; the page says %q", texts(g.win.Content()))
		}
		test.Type(s.pass.entry, pass)
		test.Tap(s.pass.open)
		g.wait()
	}
	answer("wrong words")
	if !strings.Contains(s.pass.explain.Text, "does not open this export") {
		t.Fatalf("after a wrong passphrase the page says %q", s.pass.explain.Text)
	}
	if len(s.rows) != 0 {
		t.Fatal("a wrong passphrase listed seeds")
	}
	answer("backup words")
	if got := s.rowStates(); len(got) != 1 || got[0] != "Google (bob@gmail.com): New" {
		t.Errorf("preview after the passphrase: %q", got)
	}
	if s.pass.box.Visible() {
		t.Error("the passphrase question stays")
	}
}

// TestImportOfOnlyDuplicatesLeavesTheFile: when every seed of an import
// is already in the vault (another program added them since the
// preview), nothing is saved, so the vault file and its .bak, which
// keeps the last real change, stay byte for byte as they were.
func TestImportOfOnlyDuplicatesLeavesTheFile(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	g.showAdd()
	g.addPage().tabs.SelectIndex(3)
	test.Tap(button(t, g.win.Canvas().Content(), "Paste a link"))
	s := g.importPage()
	s.readContent("links.txt", []byte(googleURI+"\n"))
	g.wait()
	before, beforeBak := readFile(t, g.path), readFile(t, g.path+".bak")
	s.doImport()
	g.wait()
	if !bytes.Equal(readFile(t, g.path), before) || !bytes.Equal(readFile(t, g.path+".bak"), beforeBak) {
		t.Error("an import that added nothing rewrote the vault or its .bak")
	}
	if !strings.HasPrefix(s.result.Text, "Added 0 seeds.") || !strings.Contains(s.result.Text, "Skipped 1 seed already in the vault: Google (bob@gmail.com)") {
		t.Errorf("result says %q", s.result.Text)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
