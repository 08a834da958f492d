package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/twofoldmfa/twofold/token/passphrase"
	"github.com/twofoldmfa/twofold/token/vault"
)

// TestFirstRunStrength: the first-run page says where the vault will be
// kept; the meter is a thin empty line until something is typed, then
// fills in the colour of the strength the passphrase policy gives.
func TestFirstRunStrength(t *testing.T) {
	g := newTestGUI(t)
	u := g.unlock
	if !u.where.Visible() || !strings.Contains(u.where.Text, g.path) {
		t.Errorf("first run says %q (visible %v), want the path %s", u.where.Text, u.where.Visible(), g.path)
	}
	m := u.strength.meter
	r := test.WidgetRenderer(m).(*strengthRenderer)
	if r.fill.Visible() || m.MinSize().Height > 2*strengthBar {
		t.Errorf("empty meter: fill visible %v, %v high", r.fill.Visible(), m.MinSize().Height)
	}
	colour := map[string]fyne.ThemeColorName{
		passphrase.Weak: theme.ColorNameError, passphrase.Fair: theme.ColorNameWarning,
		passphrase.Strong: theme.ColorNameSuccess, passphrase.VeryStrong: theme.ColorNameSuccess,
	}
	seen := map[string]bool{}
	for _, p := range []string{"password1", "Xk9#mQ2pLw7vR", "mauve lantern quietly orbit fjord"} {
		u.passphrase.SetText(p)
		label := passphrase.Estimate(p).Label
		seen[label] = true
		th := g.app.Settings().Theme()
		v := g.app.Settings().ThemeVariant()
		want := th.Color(colour[label], v)
		if !r.fill.Visible() || r.fill.FillColor != want || r.fill.Size().Width <= 0 {
			t.Errorf("%s passphrase: fill visible %v, colour %v, want %s %v", label, r.fill.Visible(), r.fill.FillColor, colour[label], want)
		}
	}
	if len(seen) < 3 {
		t.Errorf("the samples rate only as %v", seen)
	}
	u.passphrase.SetText("")
	if r.fill.Visible() {
		t.Error("the meter stays filled once the passphrase is cleared")
	}
}

// TestWeakPassphraseAskedAgain: a weak passphrase creates no vault at the
// first tap; the app asks again, and only "Use it anyway" creates it.
func TestWeakPassphraseAskedAgain(t *testing.T) {
	g := newTestGUI(t)
	u := g.unlock
	u.passphrase.SetText("password1")
	u.repeat.SetText("password1")
	test.Tap(u.button)
	g.wait()
	ask := g.topDialog(t)
	if g.isUnlocked() {
		t.Fatal("a weak passphrase created the vault at once")
	}
	test.Tap(button(t, ask, "Choose another"))
	g.wait()
	if _, err := os.Stat(g.path); !os.IsNotExist(err) || g.isUnlocked() {
		t.Fatalf("Choose another: vault %v, unlocked %v", err, g.isUnlocked())
	}
	test.Tap(u.button)
	test.Tap(button(t, g.topDialog(t), "Use it anyway"))
	g.wait()
	if !g.isUnlocked() {
		t.Fatalf("not unlocked after Use it anyway: %q", u.problem.Text)
	}
	if _, err := vault.Open(g.path, "password1"); err != nil {
		t.Fatalf("the new vault does not open: %v", err)
	}
}
