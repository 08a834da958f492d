package ui

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// addAccounts records n accounts in the vault at path, each with one
// authenticator app as its single factor.
func addAccounts(t *testing.T, path string, n int) {
	t.Helper()
	v, err := vault.Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		a, err := v.Data.SaveAccount(inventory.Account{Name: fmt.Sprintf("Service %02d", i+1), Provider: inventory.Generic})
		if err != nil {
			t.Fatal(err)
		}
		f := inventory.Factor{Kind: inventory.AppFactor, Label: "Pixel 8", Registered: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		if _, _, err := v.Data.AddFactor(a.ID, f, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestBannerCountsMany: with twelve single-factor accounts the banner is
// a count on one red band with white text, not twelve names, and the
// codes stay on screen under it.
func TestBannerCountsMany(t *testing.T) {
	g := newTestGUI(t, githubURI)
	addAccounts(t, g.path, 12)
	g.open(t)
	if !g.bannerBox.Visible() {
		t.Fatal("no banner with twelve single-factor accounts")
	}
	if want := "12 accounts have a single factor"; !strings.HasPrefix(g.banner.Text, want) || strings.Contains(g.banner.Text, "Service") {
		t.Errorf("banner says %q, want a count starting %q and no names", g.banner.Text, want)
	}
	// One line of text high (plus padding), whatever the count.
	line := g.app.Settings().Theme().Size(theme.SizeNameText) * 2
	if h := g.bannerBox.Size().Height; h > 3*line {
		t.Errorf("banner is %v high, more than a line's %v", h, line)
	}

	// Drawn: the band is red and its text white.
	shot := g.win.Canvas().Capture()
	saveShot(t, "banner.png", shot)
	scale := float32(shot.Bounds().Dx()) / g.win.Canvas().Size().Width
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(g.bannerBox)
	size := g.bannerBox.Size()
	band := image.Rect(int(pos.X*scale), int(pos.Y*scale), int((pos.X+size.Width)*scale), int((pos.Y+size.Height)*scale))
	red, white := 0, 0
	for y := band.Min.Y; y < band.Max.Y; y++ {
		for x := band.Min.X; x < band.Max.X; x++ {
			r, gr, b, _ := shot.At(x, y).RGBA()
			switch {
			case color.NRGBAModel.Convert(shot.At(x, y)) == bannerRed:
				red++
			case r > 0xf000 && gr > 0xf000 && b > 0xf000:
				white++
			}
		}
	}
	if area := band.Dx() * band.Dy(); red < area/2 || white < 50 {
		t.Errorf("banner of %d pixels has %d red and %d white ones", area, red, white)
	}

	test.Tap(button(t, g.win.Content(), "Details"))
	if g.tabs.Selected() != g.inventoryTab {
		t.Error("Details does not open the Inventory")
	}
}
