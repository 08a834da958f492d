package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/transfer"
)

func (g *testGUI) googleCodesPage() *googleCodesScreen { return pageAs[*googleCodesScreen](g.gui) }

// menuItem runs the main menu item with that label.
func (g *testGUI) menuItem(t *testing.T, label string) {
	t.Helper()
	for _, m := range g.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				it.Action()
				return
			}
		}
	}
	t.Fatalf("no menu item %q", label)
}

// transferTestURIs are twelve seeds (two transfer codes) and one the
// transfer format cannot hold.
func transferTestURIs(t *testing.T) []string {
	var uris []string
	for _, s := range manySeeds(t, 12) {
		uris = append(uris, s.URI())
	}
	return append(uris, "otpauth://totp/Slow:minute?secret=GEZDGNBVGY3TQOJQ&period=60")
}

// TestGoogleCodesOneAfterAnother reads the transfer codes off the window,
// as a phone would, one after another.
func TestGoogleCodesOneAfterAnother(t *testing.T) {
	g := newTestGUI(t, transferTestURIs(t)...)
	g.open(t)
	g.menuItem(t, "Export to Google Authenticator…")
	test.Tap(button(t, g.topDialog(t), "Show the codes"))
	g.wait()
	s := g.googleCodesPage()
	if s == nil {
		t.Fatal("the codes page is not open")
	}
	if !s.leftOut.Visible() || !strings.Contains(s.leftOut.Text, "Slow (minute): ") || !strings.Contains(s.leftOut.Text, "30 seconds") {
		t.Errorf("left out: %q", s.leftOut.Text)
	}
	var batches []transfer.Batch
	for i := range 2 {
		if s.progress.Text != []string{"Code 1 of 2", "Code 2 of 2"}[i] {
			t.Fatalf("progress says %q", s.progress.Text)
		}
		shot := g.win.Canvas().Capture()
		saveShot(t, "google-code.png", shot)
		texts, err := qr.DecodeImage(shot)
		if err != nil || len(texts) != 1 {
			t.Fatalf("code %d read off the window: %d texts, %v", i+1, len(texts), err)
		}
		b, err := transfer.ParseMigration(texts[0])
		if err != nil {
			t.Fatal(err)
		}
		if b.Index != i || b.Size != 2 {
			t.Errorf("the window shows code %d of %d", b.Index+1, b.Size)
		}
		if want := holdsText(b.Seeds); s.holds.Text != want {
			t.Errorf("the page says %q, the code holds %q", s.holds.Text, want)
		}
		batches = append(batches, b)
		if i == 0 {
			if !s.prev.Disabled() || s.next.Disabled() {
				t.Error("on the first code: Back enabled or Next disabled")
			}
			test.Tap(s.next)
		}
	}
	if !s.next.Disabled() || s.prev.Disabled() {
		t.Error("on the last code: Next enabled or Back disabled")
	}
	seeds, err := transfer.GatherBatches(batches)
	if err != nil || len(seeds) != 12 {
		t.Fatalf("the codes hold %d seeds, %v", len(seeds), err)
	}
	test.Tap(button(t, g.win.Canvas().Content(), "Done"))
	if g.page != nil || s.image.Image != nil || s.codes != nil {
		t.Error("Done leaves the codes in memory or on screen")
	}
}
