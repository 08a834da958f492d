package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// texts joins the text of every label under o.
func texts(o fyne.CanvasObject) string {
	var all []string
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok && l.Visible() {
			all = append(all, l.Text)
		}
	}
	return strings.Join(all, "\n")
}

func TestInventoryAndBanner(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	if g.bannerBox.Visible() {
		t.Fatal("banner shown with no account in the inventory")
	}

	// Adding an AWS seed records its account, with that seed as its only
	// factor: the banner warns.
	g.showAdd()
	g.addPage().uri.SetText(awsURI)
	test.Tap(g.addPage().uriAdd)
	g.wait()
	accounts := g.onDisk(t).Accounts
	if len(accounts) != 1 || len(accounts[0].Factors) != 1 {
		t.Fatalf("inventory on disk: %+v", accounts)
	}
	if !g.bannerBox.Visible() || !strings.Contains(g.banner.Text, accounts[0].Name) {
		t.Errorf("banner visible %v, says %q", g.bannerBox.Visible(), g.banner.Text)
	}

	test.Tap(button(t, g.win.Content(), "Details"))
	if g.tabs.Selected() != g.inventoryTab {
		t.Fatal("the banner's Details does not open the Inventory")
	}
	page := texts(g.inventory.content)
	for _, want := range []string{accounts[0].Name, "1 factor", "seed Amazon Web Services (root@123456789012)"} {
		if !strings.Contains(page, want) {
			t.Errorf("inventory does not say %q:\n%s", want, page)
		}
	}
	var single bool
	for _, f := range g.inventory.shown {
		single = single || f.Code == inventory.CodeSingleFactor
	}
	if !single {
		t.Errorf("findings %+v lack single_factor", g.inventory.shown)
	}

	// The seed says which account it belongs to.
	g.showDetail(g.shown().seeds[1].ID)
	if !strings.Contains(g.detailPage().subtitle.Text, "factor of "+accounts[0].Name) {
		t.Errorf("detail subtitle %q does not name the account", g.detailPage().subtitle.Text)
	}

	// Deleting the seed takes it off the account too.
	test.Tap(button(t, g.win.Content(), "Delete seed…"))
	test.Tap(button(t, g.topDialog(t), "Delete"))
	g.wait()
	if f := g.onDisk(t).Accounts[0].Factors; len(f) != 0 {
		t.Errorf("the deleted seed is still a factor: %+v", f)
	}
	if g.bannerBox.Visible() {
		t.Error("single-factor banner still shown after the factor went")
	}
}
