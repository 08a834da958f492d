package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

// TestPhoneRegion: regions are countries by name with their calling
// code, typing filters them, and a new account starts on the region of
// the system's locale.
func TestPhoneRegion(t *testing.T) {
	t.Setenv("LC_ALL", "ja_JP.UTF-8")
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAccount("")
	s := g.accountPage()
	if s.region.entry.Text != "Japan +81" {
		t.Errorf("with a Japanese locale the region starts as %q", s.region.entry.Text)
	}
	test.Type(s.phone, "080-1234-5678")
	if err := s.phone.Validate(); err != nil {
		t.Errorf("a Japanese number in the default region: %v", err)
	}
	for typed, want := range map[string]string{"germ": "DE", "+49": "DE", "ger": "", "fr": "FR", "us": "US", "unit": ""} {
		s.region.entry.SetText(typed)
		code, ok := s.region.region()
		if (want != "") != ok || code != want {
			t.Errorf("%q picks %q (one: %v), want %q; list %v", typed, code, ok, want, s.region.shown)
		}
		for _, o := range s.region.shown {
			if !strings.Contains(strings.ToLower(o), strings.ToLower(typed)) && !strings.HasPrefix(o, "United States") {
				t.Errorf("%q leaves %q in the list", typed, o)
			}
		}
	}
	s.region.entry.SetText("Fr")
	if !slices.Contains(s.region.shown, "France +33") || len(s.region.shown) > 20 {
		t.Errorf("typing Fr lists %v", s.region.shown)
	}
	// A number in another region's form, under that region.
	s.region.entry.SetText("France +33")
	s.phone.SetText("06 12 34 56 78")
	test.Type(s.name, "Mail")
	test.Tap(s.save)
	g.wait()
	if a := g.onDisk(t).Accounts; len(a) != 1 || a[0].Phone != "+33612345678" {
		t.Fatalf("saved %+v", a)
	}
}

// TestAccountSaveStaysPut: errors under the fields and the "Not saved"
// line do not move the Save button, and the line goes once the form is
// right again.
func TestAccountSaveStaysPut(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAccount("")
	s := g.accountPage()
	drv := fyne.CurrentApp().Driver()
	// saveAt lays the window out as the driver does before a frame, and
	// says where Save is.
	saveAt := func() fyne.Position {
		g.win.Content().Refresh()
		return drv.AbsolutePositionForObject(s.save)
	}
	at := saveAt()

	test.Type(s.name, "Mail")
	test.Type(s.email, "not an address")
	s.region.set("")
	test.Type(s.phone, "12")
	g.win.Canvas().Focus(s.name) // leave the fields, so their errors show
	test.Tap(s.save)
	g.wait()
	if !s.problem.Visible() || !strings.HasPrefix(s.problem.Text, "Not saved: "+message(inventory.ErrEmail)) {
		t.Fatalf("problem visible %v: %q", s.problem.Visible(), s.problem.Text)
	}
	if now := saveAt(); now != at {
		t.Errorf("Save moved from %v to %v", at, now)
	}
	// Fixing the email leaves the phone: the line says so.
	s.email.SetText("me@example.com")
	if !s.problem.Visible() || s.problem.Text != "Not saved: "+message(errNoRegion) {
		t.Errorf("after fixing the email: visible %v, %q", s.problem.Visible(), s.problem.Text)
	}
	s.phone.SetText("")
	if s.problem.Visible() {
		t.Errorf("the form is right, and still %q", s.problem.Text)
	}
	if now := saveAt(); now != at {
		t.Errorf("Save moved from %v to %v", at, now)
	}
	if n := len(g.onDisk(t).Accounts); n != 0 {
		t.Fatalf("%d accounts saved", n)
	}
}

// TestAccountNewKeyBySerial: a key never plugged in is added as a factor
// by its serial, and recorded as a key, as 'factor add --new-key' does.
func TestAccountNewKeyBySerial(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.edit(func(d *vault.Data) error {
		_, err := d.SaveAccount(inventory.Account{Name: "GitHub", Provider: inventory.Generic})
		return err
	}, nil)
	g.wait()
	g.showAccount(g.shown().accounts[0].ID)
	s := g.accountPage()
	s.kind.SetSelected("Hardware key")
	s.key.SetText("not a serial")
	test.Tap(s.addFactor)
	g.wait()
	if !s.factorProblem.Visible() || s.factorProblem.Text != message(errKeySerial) {
		t.Errorf("a bad serial says %q (visible %v)", s.factorProblem.Text, s.factorProblem.Visible())
	}
	s.key.SetText("7654321")
	s.use.SetSelected("FIDO2 / U2F security key")
	test.Tap(s.addFactor)
	g.wait()
	d := g.onDisk(t)
	if f := d.Accounts[0].Factors; len(f) != 1 || f[0].Kind != inventory.KeyFactor || f[0].KeySerial != 7654321 || f[0].KeyUse != inventory.KeyFIDO {
		t.Fatalf("factors on disk: %+v", f)
	}
	if len(d.Keys) != 1 || d.Keys[0].Serial != 7654321 || !d.Keys[0].LastSeen.IsZero() {
		t.Fatalf("keys on disk: %+v", d.Keys)
	}
	if !slices.Contains(s.keySerials, 7654321) {
		t.Errorf("the key is not offered next time: %v", s.keySerials)
	}
}
