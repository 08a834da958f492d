package ui

import (
	"slices"
	"testing"
)

// TestRegionStartsEmpty: with no region in the locale, the phone's
// region starts empty under its placeholder with the whole list behind
// its arrow, and a region picked leaves the whole list there too.
func TestRegionStartsEmpty(t *testing.T) {
	t.Setenv("LC_ALL", "C.UTF-8")
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAccount("")
	p := g.accountPage().region
	if p.entry.Text != "" || p.entry.PlaceHolder == "" {
		t.Errorf("region starts as %q, placeholder %q", p.entry.Text, p.entry.PlaceHolder)
	}
	if code, ok := p.region(); code != "" || !ok {
		t.Errorf("empty region reads as %q, %v", code, ok)
	}
	all := len(p.choices)
	if len(p.shown) != all || all < 200 {
		t.Errorf("the list offers %d of %d regions", len(p.shown), all)
	}
	p.entry.SetText("France +33")
	if code, _ := p.region(); code != "FR" || len(p.shown) != all || !slices.Contains(p.shown, "Japan +81") {
		t.Errorf("France picked: region %q, the list offers %d of %d", code, len(p.shown), all)
	}
}
