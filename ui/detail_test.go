package ui

import (
	"fyne.io/fyne/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/qr"
	"github.com/twofoldmfa/twofold/token/vault"
)

// openDetail unlocks and opens the detail page of the seed with issuer.
func (g *testGUI) openDetail(t *testing.T, issuer string) *detailScreen {
	t.Helper()
	for _, s := range g.shown().seeds {
		if s.Issuer == issuer {
			g.showDetail(s.ID)
			return g.detailPage()
		}
	}
	t.Fatalf("no seed of %s", issuer)
	return nil
}

func TestBackupQR(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	seed, _ := g.seedByID(d.id)
	if d.backup.visible() {
		t.Fatal("the QR shows before anyone asked")
	}
	test.Tap(d.showQR)
	warning := g.topDialog(t)
	if d.backup.visible() {
		t.Fatal("the QR shows before the warning was accepted")
	}
	test.Tap(button(t, warning, "Show QR code"))
	if !d.backup.visible() {
		t.Fatal("no QR after accepting the warning")
	}
	if want := token.GroupSecret(seed.Secret); d.backup.secret.Text != want {
		t.Errorf("secret shown as %q, want %q", d.backup.secret.Text, want)
	}
	// Read the QR back from the window as a phone would from the screen.
	g.win.Resize(g.win.Content().MinSize().Max(g.win.Canvas().Size()))
	shot := g.win.Canvas().Capture()
	saveShot(t, "backup-qr.png", shot)
	codes, err := qr.DecodeImage(shot)
	if err != nil || len(codes) != 1 {
		t.Fatalf("decoding the rendered window: %d codes, %v", len(codes), err)
	}
	got := codes[0]
	if got != seed.URI() {
		t.Errorf("the QR on screen holds %q, want the seed's URI", got)
	}
	back, err := token.ParseURI(got)
	if err != nil || back.Secret != seed.Secret || back.Issuer != "GitHub" {
		t.Errorf("the QR does not give back the seed: %v", err)
	}

	test.Tap(d.backup.hide)
	if d.backup.visible() || d.backup.image.Image != nil || d.backup.secret.Text != "" {
		t.Error("hiding the QR leaves it in the window")
	}
}

// TestBackupSecretCopiedOnlyThroughTheGuard: the secret on the backup
// screen cannot be selected and copied with Fyne's own copy (which
// nothing would clear); its Copy button puts it on the clipboard through
// the guard, which clears it after the set time and on lock.
func TestBackupSecretCopiedOnlyThroughTheGuard(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	seed, _ := g.seedByID(d.id)
	test.Tap(d.showQR)
	test.Tap(button(t, g.topDialog(t), "Show QR code"))

	// What a person does to copy a label's text: double-click a group,
	// then Ctrl+C (or the right-click menu's Copy) on what is selected.
	for _, o := range test.WidgetRenderer(d.backup.secret).Objects() {
		if dt, ok := o.(fyne.DoubleTappable); ok {
			dt.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(5, 5)})
		}
		if sc, ok := o.(fyne.Shortcutable); ok {
			sc.TypedShortcut(&fyne.ShortcutCopy{Clipboard: g.app.Clipboard()})
		}
	}
	if got := g.clipboardContent(); got != "" {
		t.Fatalf("the secret label let %d characters be copied past the guard", len(got))
	}

	test.Tap(d.backup.copyKey)
	if got := g.clipboardContent(); got != seed.Secret {
		t.Fatal("Copy secret key did not put the secret on the clipboard")
	}
	g.clip.expire() // the set time passing
	if got := g.clipboardContent(); got != "" {
		t.Error("the guard left the secret on the clipboard")
	}
	test.Tap(d.backup.copyKey)
	g.lock()
	if got := g.clipboardContent(); got != "" {
		t.Error("locking left the secret on the clipboard")
	}
}

func TestVerifyOnNewPhone(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	test.Type(d.verifyCode, "000000")
	test.Tap(d.verifyButton)
	g.wait()
	if !d.verifyResult.Visible() || !strings.HasPrefix(d.verifyResult.Text, "That code does not match") {
		t.Errorf("wrong code says %q", d.verifyResult.Text)
	}
	if !g.onDisk(t).Seeds[0].Verified.IsZero() {
		t.Fatal("a wrong code marked the seed verified")
	}

	// The phone's clock is a little behind: the previous code counts.
	phone := g.code(t, githubURI, g.clock.t.Add(-30*time.Second))
	d.verifyCode.SetText(phone[:3] + " " + phone[3:])
	d.verifyDevice.SetText("Pixel 9")
	test.Tap(d.verifyButton)
	g.wait()
	if !strings.HasPrefix(d.verifyResult.Text, "It matches") {
		t.Errorf("right code says %q", d.verifyResult.Text)
	}
	if got := g.onDisk(t).Seeds[0]; !got.Verified.Equal(g.clock.t) || got.VerifiedOn != "Pixel 9" {
		t.Errorf("verified on disk = %v on %q, want %v on Pixel 9", got.Verified, got.VerifiedOn, g.clock.t)
	}
	if !strings.HasPrefix(d.verified.Text, "Last checked on another device (Pixel 9)") {
		t.Errorf("detail says %q after verifying", d.verified.Text)
	}
}

func TestNextCode(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	test.Tap(d.nextShow)
	next := token.GroupCode(g.code(t, githubURI, g.clock.t.Add(30*time.Second)))
	if !strings.Contains(d.next.Text, next) {
		t.Errorf("next code shown as %q, want %s", d.next.Text, next)
	}
}

func TestAWSEnrollment(t *testing.T) {
	g := newTestGUI(t, githubURI, awsURI)
	g.open(t)
	if d := g.openDetail(t, "GitHub"); d.awsBox.Visible() {
		t.Error("a GitHub seed shows AWS help")
	}
	d := g.openDetail(t, "Amazon Web Services")
	if !d.awsBox.Visible() || !strings.Contains(d.awsInfo.Text, "account 123456789012") || !strings.Contains(d.awsInfo.Text, "root user") {
		t.Fatalf("AWS help says %q", d.awsInfo.Text)
	}
	test.Tap(button(t, g.win.Content(), "Give the two codes AWS asks for"))
	seed, _ := g.seedByID(d.id)
	e, err := aws.Enrollment(seed, g.clock.t)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.awsCodes.Text, e.First) || !strings.Contains(d.awsCodes.Text, e.Second) {
		t.Errorf("AWS codes %q, want %s and %s", d.awsCodes.Text, e.First, e.Second)
	}
	// The pair follows the clock.
	g.clock.t = g.clock.t.Add(30 * time.Second)
	g.tick()
	if !strings.HasPrefix(d.awsCodes.Text, "MFA code 1:  "+e.Second) {
		t.Errorf("a period later: %q", d.awsCodes.Text)
	}
}

func TestRenameAndDelete(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	d.issuer.SetText("GitHub Enterprise")
	test.Tap(d.rename)
	g.wait()
	if s := g.onDisk(t).Seeds[0]; s.Issuer != "GitHub Enterprise" {
		t.Fatalf("renamed seed on disk: %q", s.Issuer)
	}
	if _, ok := g.visibleRows()["GitHub Enterprise"]; !ok {
		t.Error("the list does not show the new name")
	}

	test.Tap(button(t, g.win.Content(), "Delete seed…"))
	test.Tap(button(t, g.topDialog(t), "Delete"))
	g.wait()
	seeds := g.onDisk(t).Seeds
	if len(seeds) != 1 || seeds[0].Issuer != "Google" {
		t.Fatalf("after delete the vault holds %d seeds", len(seeds))
	}
	if g.detailPage() != nil || g.codes.list.Length() != 1 {
		t.Error("the deleted seed is still on screen")
	}
}

// TestConflictReload: the command line changes the vault while the
// window has it open; the window's next save offers to reload and keeps
// both changes.
func TestConflictReload(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	err := vault.Edit(g.path, testPassphrase, func(v *vault.Vault) error {
		s, _ := token.ParseURI(googleURI)
		_, err := v.Data.AddSeed(s, time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d := g.openDetail(t, "GitHub")
	d.account.SetText("alice@work.example")
	test.Tap(d.rename)
	g.wait()
	test.Tap(button(t, g.topDialog(t), "Reload and apply"))
	g.wait()
	seeds := g.onDisk(t).Seeds
	if len(seeds) != 2 || seeds[0].Account != "alice@work.example" {
		t.Fatalf("after reload the vault holds %d seeds, first %q", len(seeds), seeds[0].Account)
	}
	if g.codes.list.Length() != 2 {
		t.Errorf("the list shows %d seeds, want both", g.codes.list.Length())
	}
}
