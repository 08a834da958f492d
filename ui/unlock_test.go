package ui

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/vault"
)

func TestCreateVault(t *testing.T) {
	g := newTestGUI(t)
	u := g.unlock
	if !u.creating || u.button.Text != "Create vault" {
		t.Fatalf("first run shows %q, want the create form", u.button.Text)
	}
	test.Type(u.passphrase, "short")
	if !u.button.Disabled() || !strings.Contains(u.strength.rating.Text, "Too short") {
		t.Errorf("short passphrase: button disabled %v, rating %q", u.button.Disabled(), u.strength.rating.Text)
	}
	test.Type(u.passphrase, " but now long enough")
	if !strings.HasPrefix(u.strength.rating.Text, "Strength: ") {
		t.Errorf("rating = %q", u.strength.rating.Text)
	}
	test.Type(u.repeat, "short but")
	if !u.button.Disabled() || u.problem.Visible() {
		t.Errorf("half typed: button disabled %v, problem %q", u.button.Disabled(), u.problem.Text)
	}
	test.Type(u.repeat, "X")
	if !u.button.Disabled() || !u.problem.Visible() || u.problem.Text != "The two passphrases differ." {
		t.Errorf("mismatch: button disabled %v, problem %q", u.button.Disabled(), u.problem.Text)
	}
	u.repeat.SetText("short but now long enough")
	if u.button.Disabled() || u.problem.Visible() {
		t.Fatalf("matching passphrases: button disabled %v, problem %q", u.button.Disabled(), u.problem.Text)
	}
	test.Tap(u.button)
	g.wait()
	if !g.isUnlocked() {
		t.Fatalf("not unlocked after create: %q", u.problem.Text)
	}
	if _, err := vault.Open(g.path, "short but now long enough"); err != nil {
		t.Fatalf("the new vault does not open: %v", err)
	}
	if g.codes.stack.Objects[0] != g.codes.empty {
		t.Error("an empty vault does not show the empty state")
	}
}

func TestUnlockWrongPassphrase(t *testing.T) {
	g := newTestGUI(t, githubURI)
	before, err := os.ReadFile(g.path)
	if err != nil {
		t.Fatal(err)
	}
	if g.unlock.creating || g.unlock.button.Text != "Unlock" {
		t.Fatalf("existing vault shows %q, want Unlock", g.unlock.button.Text)
	}
	test.Type(g.unlock.passphrase, "not the passphrase")
	test.Tap(g.unlock.button)
	g.wait()
	if g.isUnlocked() {
		t.Fatal("unlocked with a wrong passphrase")
	}
	if want := message(vault.ErrWrongPassphrase); g.unlock.problem.Text != want || !g.unlock.problem.Visible() {
		t.Errorf("problem = %q (visible %v), want %q", g.unlock.problem.Text, g.unlock.problem.Visible(), want)
	}
	after, err := os.ReadFile(g.path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a failed unlock changed the vault file")
	}
	// Nothing sticks: the right passphrase still works.
	g.unlock.passphrase.SetText("")
	g.open(t)
}

func TestLockDropsEverything(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	g.codes.list.Select(0)
	if g.app.Clipboard().Content() == "" {
		t.Fatal("nothing copied")
	}
	g.showDetail(g.shown().seeds[0].ID)
	test.Tap(g.detailPage().showQR)
	test.Tap(button(t, g.topDialog(t), "Show QR code"))

	v, shown := g.sess.vault, g.shown().seeds
	test.Tap(button(t, g.win.Content(), "Lock"))
	if g.isUnlocked() || g.sess.vault != nil || g.sess.passphrase != "" {
		t.Fatal("the vault is still in memory after locking")
	}
	// The vault's buffers are zero, and the seeds the screens showed,
	// which share them, have lost their secrets.
	if !v.Wiped() {
		t.Error("locking did not wipe the vault")
	}
	for _, s := range shown {
		if strings.Trim(s.Secret, "\x00") != "" {
			t.Errorf("%s keeps its secret in memory after locking", s.Label())
		}
	}
	if g.codes.list.Length() != 0 || g.detailPage() != nil {
		t.Error("screens still show seeds after locking")
	}
	if got := g.app.Clipboard().Content(); got != "" {
		t.Errorf("clipboard still holds %q after locking", got)
	}
	if g.win.Canvas().Overlays().Top() != nil {
		t.Error("a dialog stayed open after locking")
	}
	if g.unlock.button.Text != "Unlock" {
		t.Errorf("after locking the window shows %q", g.unlock.button.Text)
	}
}

func TestLockShortcut(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.press(fyne.KeyL)
	if g.isUnlocked() {
		t.Fatal("Ctrl+L did not lock")
	}
}

// TestIdleLockAfterSuspend: Go's monotonic clock, which time.Now's
// comparisons use, stops on Linux while the machine sleeps; the wall
// clock goes on. Resumed hours later with the monotonic clock a few
// seconds on, the app locks at its first tick. A wall clock set back
// does not keep it open either.
func TestIdleLockAfterSuspend(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.app.Preferences().SetInt(prefAutoLock, 2)
	wall := g.clock.t.Add(-time.Hour) // any wall time: only its changes count
	g.idle.wall = func() time.Time { return wall }
	g.open(t)
	g.touch()

	g.clock.t = g.clock.t.Add(10 * time.Second)
	wall = wall.Add(10 * time.Second)
	g.tick()
	if !g.isUnlocked() {
		t.Fatal("locked ten seconds after the last activity")
	}
	g.clock.t = g.clock.t.Add(5 * time.Second) // the monotonic clock stood still in suspend
	wall = wall.Add(3 * time.Hour)
	g.tick()
	if g.isUnlocked() {
		t.Fatal("still unlocked after three hours of suspend")
	}

	g.open(t)
	g.touch()
	wall = wall.Add(-time.Hour) // the wall clock set back
	g.clock.t = g.clock.t.Add(2*time.Minute + time.Second)
	g.tick()
	if g.isUnlocked() {
		t.Fatal("a wall clock set back kept the vault open past the idle time")
	}
}

func TestIdleTimerOnTheRealClock(t *testing.T) {
	idle := newIdleTimer(time.Now)
	idle.touch()
	if d := idle.since(); d < 0 || d > time.Minute {
		t.Errorf("idle %v right after activity", d)
	}
	if idle.lastWall.Round(0) != idle.lastWall || idle.lastNow.Round(0) == idle.lastNow {
		t.Error("the wall reading keeps a monotonic clock, or the app's lacks one")
	}
}

func TestIdleLock(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.app.Preferences().SetInt(prefAutoLock, 2)
	g.open(t)
	g.clock.t = g.clock.t.Add(90 * 1e9)
	g.tick()
	if !g.isUnlocked() {
		t.Fatal("locked before the idle time")
	}
	g.clock.t = g.clock.t.Add(31 * 1e9)
	g.tick()
	if g.isUnlocked() {
		t.Fatal("still unlocked after two idle minutes")
	}
}
