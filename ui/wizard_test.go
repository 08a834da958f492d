package ui

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

func (g *testGUI) wizardPage() *wizardScreen { return pageAs[*wizardScreen](g.gui) }

// oathtoolCode is the code oathtool computes for a TOTP seed at t: the
// independent reference for what a phone shows.
func oathtoolCode(t *testing.T, s token.Seed, at time.Time) string {
	t.Helper()
	oathtool := testtool.Require(t, "oathtool")
	out, err := exec.Command(oathtool, "--totp="+strings.ToLower(string(s.Algorithm)), "-d", "6", "-s", "30s",
		"--now", at.UTC().Format("2006-01-02 15:04:05 UTC"), "-b", s.Secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// shownQR reads the one QR code on the window.
func (g *testGUI) shownQR(t *testing.T) string {
	t.Helper()
	texts, err := qr.DecodeImage(g.win.Canvas().Capture())
	if err != nil || len(texts) != 1 {
		t.Fatalf("QR codes on the window: %d, %v", len(texts), err)
	}
	return texts[0]
}

func unverifiedFindings(d vault.Data, now time.Time) int {
	n := 0
	for _, f := range inventory.Check(inventory.Input{Seeds: d.Seeds, Accounts: d.Accounts}, now) {
		if f.Code == inventory.CodeSeedUnverified {
			n++
		}
	}
	return n
}

// startWizard opens the wizard from the menu, names the phone and starts.
func (g *testGUI) startWizard(t *testing.T, choose func(s *wizardScreen)) *wizardScreen {
	t.Helper()
	g.menuItem(t, "Move seeds to a new phone…")
	s := g.wizardPage()
	if s == nil {
		t.Fatal("the menu item does not open the wizard")
	}
	choose(s)
	test.Tap(s.start)
	d := g.topDialog(t)
	if !strings.Contains(texts(d), "Each QR code is the seed itself") {
		t.Fatalf("no warning before the QR codes: %q", texts(d))
	}
	test.Tap(button(t, d, "Show the QR codes"))
	g.wait()
	return s
}

func TestWizardOneSeedAtATime(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	// Added as the app adds it, the AWS seed is the factor of its account.
	aws, err := token.ParseURI(awsURI)
	if err != nil {
		t.Fatal(err)
	}
	g.edit(func(d *vault.Data) error {
		_, err := d.AddSeeds([]token.Seed{aws}, g.clock.t, vault.RefuseDuplicates)
		return err
	}, nil)
	g.wait()
	held := g.onDisk(t)
	if n := unverifiedFindings(held, g.clock.t); n != 1 {
		t.Fatalf("%d unverified-seed findings before, want 1 (the AWS seed)", n)
	}
	s := g.startWizard(t, func(s *wizardScreen) {
		s.pickAccount("AWS 123456789012 root")
		if s.chosen.Text != "1 of 3 chosen" {
			t.Errorf("by account: %q", s.chosen.Text)
		}
		s.checks[0].SetChecked(true) // GitHub too
		test.Tap(s.start)
		saveShot(t, "wizard-refused.png", g.win.Canvas().Capture())
		if !s.problem.Visible() || !strings.Contains(s.problem.Text, "Name the new phone") {
			t.Errorf("started with no phone name: %q", s.problem.Text)
		}
		test.Type(s.device, "Pixel 9")
		saveShot(t, "wizard-choose.png", g.win.Canvas().Capture())
	})
	saveShot(t, "wizard-qr.png", g.win.Canvas().Capture())
	if s.progress.Text != "Seed 1 of 2" || g.shownQR(t) != held.Seeds[0].URI() {
		t.Fatalf("first step %q does not show GitHub's QR code", s.progress.Text)
	}
	// A wrong code is refused and nothing is recorded; then skip.
	good := oathtoolCode(t, held.Seeds[0], g.clock.t)
	wrong := "000000"
	if good == wrong {
		wrong = "111111"
	}
	test.Type(s.code, wrong)
	test.Tap(s.check)
	g.wait()
	if !strings.HasPrefix(s.result.Text, "That code does not match GitHub") || s.progress.Text != "Seed 1 of 2" {
		t.Fatalf("wrong code: %q, at %q", s.result.Text, s.progress.Text)
	}
	saveShot(t, "wizard-wrong.png", g.win.Canvas().Capture())
	if !g.onDisk(t).Seeds[0].Verified.IsZero() {
		t.Fatal("a wrong code was recorded as verified")
	}
	test.Tap(s.skip)

	// The AWS seed, with the code of the period before: accepted.
	if s.progress.Text != "Seed 2 of 2" || g.shownQR(t) != held.Seeds[2].URI() {
		t.Fatalf("second step %q does not show the AWS QR code", s.progress.Text)
	}
	test.Type(s.code, oathtoolCode(t, held.Seeds[2], g.clock.t.Add(-30*time.Second)))
	// Enter checks (called as the entry calls it: typing Enter through
	// the test driver would refresh the entry while the save's callback
	// runs, which the test driver does on the saving goroutine).
	s.code.OnSubmitted(s.code.Text)
	g.wait()
	want := "On Pixel 9 and verified (1):\n  ✓ Amazon Web Services (root@123456789012)\n\n" +
		"Skipped, not verified on Pixel 9 (1):\n  – GitHub (alice@example.com): you skipped it"
	saveShot(t, "wizard-summary.png", g.win.Canvas().Capture())
	if s.summary.Text != want {
		t.Fatalf("summary:\n%s\nwant:\n%s", s.summary.Text, want)
	}
	d := g.onDisk(t)
	if aws := d.Seeds[2]; aws.VerifiedOn != "Pixel 9" || !aws.Verified.Equal(g.clock.t.Truncate(time.Second)) {
		t.Errorf("AWS seed recorded verified %v on %q", aws.Verified, aws.VerifiedOn)
	}
	if !d.Seeds[0].Verified.IsZero() || !d.Seeds[1].Verified.IsZero() {
		t.Error("a skipped or unchosen seed was recorded as verified")
	}
	if n := unverifiedFindings(d, g.clock.t); n != 0 {
		t.Errorf("%d unverified-seed findings after, want 0", n)
	}
	if s.qrImage.Image != nil {
		t.Error("the summary leaves a QR code in memory")
	}
}

func TestWizardGoogleTransferCodes(t *testing.T) {
	g := newTestGUI(t, transferTestURIs(t)...)
	g.open(t)
	held := g.onDisk(t).Seeds
	s := g.startWizard(t, func(s *wizardScreen) {
		test.Type(s.device, "Pixel 9")
		s.mode.SetSelected(modeGoogle)
	})
	for code := range 2 {
		b, err := transfer.ParseMigration(g.shownQR(t))
		if err != nil || b.Index != code || b.Size != 2 {
			t.Fatalf("code %d on the window: %d of %d, %v", code+1, b.Index+1, b.Size, err)
		}
		for i, in := range b.Seeds {
			if want := []string{"Code 1 of 2: seed ", "Code 2 of 2: seed "}[code]; !strings.HasPrefix(s.progress.Text, want) {
				t.Fatalf("progress %q", s.progress.Text)
			}
			if !strings.HasSuffix(s.ask.Text, in.Label()+":") {
				t.Fatalf("asks %q about seed %d of the code, which is %s", s.ask.Text, i+1, in.Label())
			}
			if code == 1 {
				saveShot(t, "wizard-google.png", g.win.Canvas().Capture())
			}
			if i > 0 {
				test.Tap(s.skip)
				continue
			}
			test.Type(s.code, oathtoolCode(t, in, g.clock.t))
			test.Tap(s.check)
			g.wait()
		}
	}
	for _, line := range []string{
		"On Pixel 9 and verified (2):\n  ✓ Example (user00)\n  ✓ Example (user10)\n",
		"Skipped, not verified on Pixel 9 (11):\n  – Slow (minute): Google Authenticator cannot hold it: ",
		"  – Example (user01): you skipped it\n",
	} {
		if !strings.Contains(s.summary.Text, line) {
			t.Errorf("summary lacks %q:\n%s", line, s.summary.Text)
		}
	}
	d := g.onDisk(t)
	for i, seed := range d.Seeds {
		if verified := seed.VerifiedOn == "Pixel 9"; verified != (i == 0 || i == 10) || seed.ID != held[i].ID {
			t.Errorf("seed %d (%s) verified on %q", i, seed.Label(), seed.VerifiedOn)
		}
	}
}
