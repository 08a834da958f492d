package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
)

// stepTicker is a Ticker the test fires by hand; it records the step of
// the ticker running, if one is.
type stepTicker struct {
	every  time.Duration // 0 while none runs
	tick   func()
	starts int
}

func (k *stepTicker) Start(every time.Duration, tick func()) (stop func()) {
	k.every, k.tick = every, tick
	k.starts++
	return func() { k.every, k.tick = 0, nil }
}

// fire is a step of the clock passing: the clock moves by the running
// ticker's step and the ticker ticks.
func (k *stepTicker) fire(t *testing.T, g *testGUI) {
	t.Helper()
	if k.tick == nil {
		t.Fatal("no ticker runs")
	}
	g.clock.t = g.clock.t.Add(k.every)
	k.tick()
}

// newTickedGUI is the app on a vault of uris, with a ticker the test
// fires, unlocked.
func newTickedGUI(t *testing.T, uris ...string) (*testGUI, *stepTicker) {
	t.Helper()
	g := newTestGUI(t, uris...)
	k := &stepTicker{}
	g.opts.Ticker = k
	g.open(t)
	return g, k
}

// showsNow checks that the GitHub row shows the code and the seconds
// left of the test clock's time.
func (g *testGUI) showsNow(t *testing.T, when string) {
	t.Helper()
	gh := g.visibleRows()["GitHub"]
	if gh == nil {
		t.Fatalf("%s: no GitHub row", when)
	}
	want := token.GroupCode(g.code(t, githubURI, g.clock.t))
	left := 30 - g.clock.t.Second()%30
	if gh.code.Text != want || gh.left != left {
		t.Errorf("%s: code %q, %d s left; want %q, %d s", when, gh.code.Text, gh.left, want, left)
	}
}

func TestTickerFollowsFocus(t *testing.T) {
	g, k := newTickedGUI(t, githubURI, googleURI)
	if k.every != time.Second {
		t.Fatalf("focused: ticker step %v, want 1s", k.every)
	}
	k.fire(t, g)
	g.showsNow(t, "focused, 1 s later")

	g.setFocused(false)
	if k.every != 5*time.Second {
		t.Fatalf("unfocused: ticker step %v, want 5s", k.every)
	}
	// The steps fall on the period's start: :10 to :15 ... to :30.
	for range 4 {
		k.fire(t, g)
		g.showsNow(t, "unfocused, "+g.clock.t.Format("05")+" s")
	}
	if g.visibleRows()["GitHub"].code.Importance != widget.MediumImportance {
		t.Error("a fresh code shows the warning colour")
	}

	// Time passes between steps (the next period's 3rd second); the
	// window gains the focus: the codes are current at once.
	g.clock.t = g.clock.t.Add(33 * time.Second)
	g.setFocused(true)
	if k.every != time.Second {
		t.Fatalf("refocused: ticker step %v, want 1s", k.every)
	}
	g.showsNow(t, "refocused")
}

func TestNoTicksMinimizedOrLocked(t *testing.T) {
	g, k := newTickedGUI(t, githubURI)
	g.setMinimized(true)
	if k.tick != nil {
		t.Fatalf("minimized: a ticker runs (step %v)", k.every)
	}
	g.clock.t = g.clock.t.Add(47 * time.Second)
	g.setMinimized(false)
	if k.every == 0 {
		t.Fatal("restored: no ticker")
	}
	g.showsNow(t, "restored")

	g.lock()
	if k.tick != nil {
		t.Fatal("locked: a ticker runs")
	}
	starts := k.starts
	g.setFocused(false)
	g.setFocused(true)
	g.setMinimized(true)
	g.setMinimized(false)
	if k.tick != nil || k.starts != starts {
		t.Error("the window's focus or minimizing started a ticker while locked")
	}
}

func TestIdleLockWhileMinimized(t *testing.T) {
	g, k := newTickedGUI(t, githubURI)
	g.setMinimized(true)
	if k.tick != nil || g.lockTimer == nil {
		t.Fatalf("minimized: ticker %v, idle lock timer %v", k.every, g.lockTimer)
	}
	// Restored after the idle limit: the vault locks before anything shows.
	g.clock.t = g.clock.t.Add(g.pref.AutoLock())
	g.setMinimized(false)
	if g.isUnlocked() {
		t.Error("restored past the idle limit: still unlocked")
	}
	if k.tick != nil || g.lockTimer != nil {
		t.Error("locked: the ticker or the idle lock timer is left")
	}
}

func TestCodeStep(t *testing.T) {
	seed := func(kind token.Kind, period int) token.Seed { return token.Seed{Kind: kind, Period: period} }
	for _, c := range []struct {
		seeds []token.Seed
		want  time.Duration
	}{
		{nil, 5 * time.Second},
		{[]token.Seed{seed(token.TOTP, 30), seed(token.TOTP, 60)}, 5 * time.Second},
		{[]token.Seed{seed(token.TOTP, 30), seed(token.TOTP, 10)}, 5 * time.Second},
		{[]token.Seed{seed(token.TOTP, 30), seed(token.TOTP, 8)}, 1 * time.Second},
		{[]token.Seed{seed(token.TOTP, 30), seed(token.HOTP, 0)}, 5 * time.Second},
	} {
		if got := codeStep(c.seeds); got != c.want {
			t.Errorf("codeStep(%v) = %v, want %v", c.seeds, got, c.want)
		}
	}
}

func TestLockedFocusesNothingTypingUnlocks(t *testing.T) {
	g, _ := newTickedGUI(t, githubURI)
	g.lock()
	if f := g.win.Canvas().Focused(); f != nil {
		t.Fatalf("locked: %T focused (its cursor would blink)", f)
	}
	// Typing with nothing focused goes to the passphrase.
	test.TypeOnCanvas(g.win.Canvas(), testPassphrase)
	if g.win.Canvas().Focused() != g.unlock.passphrase || g.unlock.passphrase.Text != testPassphrase {
		t.Fatalf("typed: focused %T, passphrase field %d characters", g.win.Canvas().Focused(), len(g.unlock.passphrase.Text))
	}
	test.Tap(g.unlock.button)
	g.wait()
	if !g.isUnlocked() {
		t.Fatalf("not unlocked; problem shown: %q", g.unlock.problem.Text)
	}
}
