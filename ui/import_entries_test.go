package ui

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/transfer"
)

// The app fixtures and their passphrase, written by
// token/transfer/testdata/python (no code shared with Twofold).
const (
	appsDir        = "../token/transfer/testdata/apps"
	appsPassphrase = "testdata passphrase"
)

// expectedSeeds is what the fixtures' script says file holds: the seeds'
// labels.
func expectedSeeds(t *testing.T, file string) []string {
	t.Helper()
	var expected struct {
		Files map[string][]struct{ Label string } `json:"files"`
	}
	if err := json.Unmarshal(appFixture(t, "expected.json"), &expected); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range expected.Files[file] {
		out = append(out, e.Label)
	}
	if len(out) == 0 {
		t.Fatalf("expected.json has nothing for %s", file)
	}
	return out
}

func appFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(appsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// oneBadAndOTP is an andOTP export, written by hand in andOTP's format,
// whose second entry is of a kind Twofold makes no codes for (mOTP).
const oneBadAndOTP = `[
 {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "ACME Co", "label": "alice@example.com", "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30},
 {"secret": "GEZDGNBVGY3TQOJQ", "issuer": "Yandex", "label": "y", "digits": 6, "type": "MOTP", "algorithm": "SHA1", "period": 10},
 {"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "issuer": "Counter", "label": "mason", "digits": 6, "type": "HOTP", "algorithm": "SHA1", "counter": 7}
]`

func TestImportKeepsTheRestOfABadExport(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	s.readContent("andotp.json", []byte(oneBadAndOTP))
	g.wait()
	want := []string{"ACME Co (alice@example.com): New", "Counter (mason): New", "entry 2 (Yandex (y)): a kind of code Twofold does not make: Could not read"}
	if got := s.shownRows(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("preview:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(s.status.Text, "Recognised: andOTP.") || !strings.Contains(s.status.Text, "could not be read: 1") ||
		s.status.Importance != widget.WarningImportance {
		t.Errorf("status %q", s.status.Text)
	}
	saveShot(t, "import-unread.png", g.win.Canvas().Capture())
	if s.importNew.Text != "Import 2 new seeds" {
		t.Fatalf("button %q", s.importNew.Text)
	}
	test.Tap(s.importNew)
	g.wait()
	d := g.onDisk(t)
	if len(d.Seeds) != 3 || d.Seeds[1].Label() != "ACME Co (alice@example.com)" || d.Seeds[2].Label() != "Counter (mason)" || d.Seeds[2].Counter != 7 {
		t.Fatalf("vault after the import: %d seeds", len(d.Seeds))
	}
	if !strings.Contains(s.result.Text, "Left out, as they could not be read: 1.") {
		t.Errorf("result %q", s.result.Text)
	}
}

// shownRows is the preview as the list shows it: "text: state".
func (s *importScreen) shownRows() []string {
	var out []string
	for i := range s.rows {
		o := s.list.CreateItem()
		s.bindRow(i, o)
		var labels []string
		for _, l := range test.LaidOutObjects(o) {
			if l, ok := l.(*widget.Label); ok {
				labels = append(labels, l.Text)
			}
		}
		// The name comes first in the border's objects, the state second.
		out = append(out, strings.Join(labels, ": "))
	}
	return out
}

// TestImportEncryptedAppExport: an encrypted andOTP or Bitwarden export
// asks its passphrase in the page; a wrong one is said and nothing
// changes; the right one lists every seed.
func TestImportEncryptedAppExport(t *testing.T) {
	for _, c := range []struct{ file, format string }{
		{"andotp-encrypted.json.aes", "andOTP"},
		{"bitwarden-pbkdf2.json", "Bitwarden"},
	} {
		t.Run(c.file, func(t *testing.T) {
			g := newTestGUI(t, githubURI)
			g.open(t)
			g.showImport()
			s := g.importPage()
			before, beforeBak := readFile(t, g.path), readFile(t, g.path+".bak")
			s.readContent(c.file, appFixture(t, c.file))
			g.wait()
			if !s.pass.box.Visible() || len(s.rows) != 0 || g.win.Canvas().Overlays().Top() != nil {
				t.Fatalf("no passphrase asked in the page: box %v, %d rows", s.pass.box.Visible(), len(s.rows))
			}
			if !strings.Contains(s.pass.explain.Text, c.file) || !strings.Contains(s.pass.explain.Text, c.format) {
				t.Errorf("the question says %q", s.pass.explain.Text)
			}
			test.Type(s.pass.entry, "not the passphrase")
			test.Tap(s.pass.open)
			g.wait()
			if !s.pass.box.Visible() || s.pass.explain.Text != message(transfer.ErrWrongPassphrase) || s.pass.entry.Text != "" {
				t.Fatalf("after a wrong passphrase: box %v, says %q", s.pass.box.Visible(), s.pass.explain.Text)
			}
			saveShot(t, "import-wrong-passphrase.png", g.win.Canvas().Capture())
			if len(s.rows) != 0 || !bytes.Equal(readFile(t, g.path), before) || !bytes.Equal(readFile(t, g.path+".bak"), beforeBak) {
				t.Fatal("a wrong passphrase changed something")
			}
			test.Type(s.pass.entry, appsPassphrase)
			test.Tap(s.pass.open)
			g.wait()
			if s.pass.box.Visible() || len(s.rows) == 0 {
				t.Fatalf("after the passphrase: box %v, %d rows, status %q", s.pass.box.Visible(), len(s.rows), s.status.Text)
			}
			// (Some of the fixtures' seeds share a secret: the later ones
			// are Duplicate, by the vault's rule.)
			var labels []string
			for _, r := range s.rows {
				labels = append(labels, r.seed.Label())
			}
			if want := expectedSeeds(t, c.file); strings.Join(labels, "\n") != strings.Join(want, "\n") {
				t.Errorf("preview:\n%s\nwant:\n%s", strings.Join(s.shownRows(), "\n"), strings.Join(want, "\n"))
			}
			if !strings.Contains(s.status.Text, "Recognised: "+c.format+".") {
				t.Errorf("status %q", s.status.Text)
			}
		})
	}
}

// migrationCode2of3 is the second code of a Google export of three,
// written byte by byte by token/transfer/testdata/python/make.py.
func migrationCode2of3(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../token/transfer/testdata/migration.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestImportOneCodeOfThree: one code of a 3-code Google export imports
// its seeds and says which codes are still to come, before and after.
func TestImportOneCodeOfThree(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showImport()
	s := g.importPage()
	s.readContent("code-2.txt", []byte(migrationCode2of3(t)+"\n"))
	g.wait()
	const pending = "Google export: code 2 of 3 read; 1 and 3 not yet."
	if !s.pending.Visible() || s.pending.Text != pending {
		t.Fatalf("pending shown %v: %q", s.pending.Visible(), s.pending.Text)
	}
	n := s.newCount()
	if n == 0 || s.importNew.Disabled() {
		t.Fatalf("the code's seeds are not listed: %q", s.shownRows())
	}
	saveShot(t, "import-code-2-of-3.png", g.win.Canvas().Capture())
	test.Tap(s.importNew)
	g.wait()
	if got := len(g.onDisk(t).Seeds); got != 1+n {
		t.Fatalf("vault holds %d seeds, want %d", got, 1+n)
	}
	if !s.pending.Visible() || s.pending.Text != pending {
		t.Errorf("after the import, pending shown %v: %q", s.pending.Visible(), s.pending.Text)
	}
	if s.newCount() != 0 || !s.importNew.Disabled() {
		t.Errorf("the imported code's seeds are still new: %q", s.shownRows())
	}
}

// TestAddSeedTransferLink: a Google transfer link pasted in Add seed,
// or a QR image holding one, opens the import page with it read.
func TestAddSeedTransferLink(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	a := g.addPage()
	a.uri.SetText(migrationCode2of3(t))
	if a.uriAdd.Disabled() || a.uri.Validate() != nil || strings.Contains(a.uriPreview.Text, "otpauth://") {
		t.Fatalf("a transfer link in Add seed: button disabled %v, says %q", a.uriAdd.Disabled(), a.uriPreview.Text)
	}
	test.Tap(a.uriAdd)
	g.wait()
	s := g.importPage()
	if s == nil {
		t.Fatal("the transfer link did not open the import page")
	}
	if s.newCount() == 0 || !strings.Contains(s.pending.Text, "code 2 of 3") {
		t.Fatalf("the import page shows %q, pending %q", s.shownRows(), s.pending.Text)
	}
	if len(g.onDisk(t).Seeds) != 1 {
		t.Fatal("the link was saved before the preview")
	}

	g.back()
	g.showAdd()
	codes, _, err := transfer.MigrationCodes(manySeeds(t, 3), 500)
	if err != nil || len(codes) != 1 {
		t.Fatalf("%d codes, %v", len(codes), err)
	}
	g.addPage().readImage(bytes.NewReader(codes[0].PNG))
	g.wait()
	s = g.importPage()
	if s == nil || len(s.rows) != 3 || s.newCount() != 3 {
		t.Fatalf("a transfer QR image in Add seed: import page %v", s != nil)
	}
}

// importData is what the import page shows that is data: the names
// read, the files named.
func (s *importScreen) importData(files ...string) []string {
	data := append([]string{"andOTP", "Bitwarden", "otpauth-migration://offline?data=…"}, files...)
	for _, r := range s.rows {
		if r.unread != nil {
			data = append(data, r.unread.Issuer, r.unread.Account)
		} else {
			data = append(data, r.seed.Issuer, r.seed.Account)
		}
	}
	return data
}

// TestJapaneseImportEntries: the entries not read, the passphrase asked
// in the page, a wrong one, a Google export half read and a transfer
// link from Add seed, in Japanese with no English of the app's own.
func TestJapaneseImportEntries(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g := newTestGUI(t, githubURI)
	g.open(t)
	// Data: the names read, the files, the link, and the keys named
	// (Caps Lock).
	data := append(g.seedWords(), "andotp.json", "andotp-encrypted.json.aes", "code-2.txt", "Caps", "Lock", migrationCode2of3(t))
	g.showImport()
	s := g.importPage()
	s.readContent("andotp.json", []byte(oneBadAndOTP))
	g.wait()
	if len(s.unread) != 1 {
		t.Fatalf("%d entries not read", len(s.unread))
	}
	data = append(data, s.importData()...)
	checkJapanese(t, "the import of a bad entry", g.win.Content(), data...)
	if rows := strings.Join(s.shownRows(), " | "); len(englishOn(widget.NewLabel(rows), data...)) > 0 {
		t.Errorf("the preview's rows show English: %s", rows)
	}
	saveShot(t, "ja-import-unread.png", g.win.Canvas().Capture())
	test.Tap(s.importNew)
	g.wait()
	checkJapanese(t, "the import's result", g.win.Content(), data...)

	s.readContent("andotp-encrypted.json.aes", appFixture(t, "andotp-encrypted.json.aes"))
	g.wait()
	checkJapanese(t, "the passphrase question", g.win.Content(), data...)
	test.Type(s.pass.entry, "not the passphrase")
	test.Tap(s.pass.open)
	g.wait()
	if !s.pass.box.Visible() || s.pass.explain.Text != message(transfer.ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %q", s.pass.explain.Text)
	}
	checkJapanese(t, "a wrong passphrase", g.win.Content(), data...)
	saveShot(t, "ja-import-wrong-passphrase.png", g.win.Canvas().Capture())
	test.Tap(button(t, g.win.Content(), "キャンセル"))

	s.readContent("code-2.txt", []byte(migrationCode2of3(t)))
	g.wait()
	if !s.pending.Visible() {
		t.Fatal("the codes to come are not said")
	}
	data = append(data, s.importData()...)
	checkJapanese(t, "a Google export half read", g.win.Content(), data...)
	saveShot(t, "ja-import-pending.png", g.win.Canvas().Capture())

	g.back()
	g.showAdd()
	g.addPage().uri.SetText(migrationCode2of3(t))
	checkJapanese(t, "a transfer link in Add seed", g.win.Content(), data...)
}
