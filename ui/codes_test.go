package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token"
)

// visibleRows are the list rows bound to a seed, by issuer.
func (g *testGUI) visibleRows() map[string]*codeRow {
	rows := map[string]*codeRow{}
	for _, r := range g.codes.rows {
		if r.seed >= 0 && r.issuer.Visible() {
			rows[r.issuer.Text] = r
		}
	}
	return rows
}

func TestCodesShowAndTick(t *testing.T) {
	g := newTestGUI(t, githubURI, awsURI, googleURI)
	g.open(t)
	if n := g.codes.list.Length(); n != 3 {
		t.Fatalf("list has %d rows, want 3", n)
	}
	rows := g.visibleRows()
	gh := rows["GitHub"]
	if gh == nil {
		t.Fatalf("no GitHub row among %v", rows)
	}
	want := token.GroupCode(g.code(t, githubURI, g.clock.t))
	if gh.code.Text != want {
		t.Errorf("GitHub code = %q, want %q", gh.code.Text, want)
	}
	if gh.account.Text != "alice@example.com" || gh.avatar.text.Text != "G" {
		t.Errorf("GitHub row shows account %q, initials %q", gh.account.Text, gh.avatar.text.Text)
	}
	if gh.left != 20 {
		t.Errorf("countdown = %d s at :10, want 20", gh.left)
	}
	if aws := rows["Amazon Web Services"]; aws == nil || aws.avatar.circle.FillColor != awsColor {
		t.Error("the AWS seed does not get the AWS badge")
	}

	// A second passes: the countdown moves, the code stays; no row is made.
	made := len(g.codes.rows)
	g.clock.t = g.clock.t.Add(time.Second)
	g.tick()
	if gh.left != 19 || gh.code.Text != want {
		t.Errorf("after 1 s: %d s left, code %q", gh.left, gh.code.Text)
	}
	// The period rolls over: the code changes.
	g.clock.t = g.clock.t.Add(20 * time.Second)
	g.tick()
	if want := token.GroupCode(g.code(t, githubURI, g.clock.t)); gh.code.Text != want || gh.left != 29 {
		t.Errorf("next period: code %q (want %q), %d s left", gh.code.Text, want, gh.left)
	}
	if len(g.codes.rows) != made {
		t.Errorf("ticking made rows: %d, then %d", made, len(g.codes.rows))
	}
}

func TestCopyClearsItself(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	cb := g.app.Clipboard()
	g.codes.list.Select(0)
	code := g.code(t, githubURI, g.clock.t)
	if cb.Content() != code {
		t.Fatalf("clipboard = %q, want the code", cb.Content())
	}
	if !strings.Contains(g.codes.status.Text, "clears in 30 seconds") {
		t.Errorf("status = %q", g.codes.status.Text)
	}
	g.clip.expire()
	if cb.Content() != "" {
		t.Errorf("clipboard still holds %q after the clear time", cb.Content())
	}

	// What the user copied since is left alone.
	g.codes.list.Select(0)
	cb.SetContent("something else")
	g.clip.expire()
	if cb.Content() != "something else" {
		t.Errorf("clearing replaced the user's own clipboard with %q", cb.Content())
	}
}

func TestClipboardTimer(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.clip.copy("123456", 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for g.clipboardContent() != "" {
		if time.Now().After(deadline) {
			t.Fatal("the clipboard was not cleared by its timer")
		}
		g.released(func() { time.Sleep(5 * time.Millisecond) })
	}
}

func TestSearch(t *testing.T) {
	g := newTestGUI(t, githubURI, awsURI, googleURI)
	g.open(t)
	g.press(fyne.KeyF)
	if g.win.Canvas().Focused() != g.codes.search {
		t.Error("Ctrl+F does not focus the search")
	}
	test.Type(g.codes.search, "GIT")
	if n := g.codes.list.Length(); n != 1 {
		t.Fatalf("GIT matches %d seeds, want 1", n)
	}
	g.codes.search.SetText("123456789012") // an account
	if n := g.codes.list.Length(); n != 1 || g.shown().seeds[g.codes.shown[0]].Issuer != "Amazon Web Services" {
		t.Errorf("account search found %d", n)
	}
	g.codes.search.SetText("nothing like it")
	if g.codes.stack.Objects[0] != g.codes.none || !strings.Contains(g.codes.none.Text, "nothing like it") {
		t.Errorf("no match shows %v", g.codes.stack.Objects[0])
	}
	g.codes.search.SetText("")
	if g.codes.list.Length() != 3 {
		t.Error("clearing the search does not show all seeds")
	}
}

// TestManySeeds checks that 1,000 seeds make only the rows on screen
// and that a tick touches only those.
func TestManySeeds(t *testing.T) {
	uris := make([]string, 1000)
	for i := range uris {
		uris[i] = fmt.Sprintf("otpauth://totp/Issuer%04d:user%d@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Issuer%04d", i, i, i)
	}
	g := newTestGUI(t, uris...)
	start := time.Now()
	g.open(t)
	if n := g.codes.list.Length(); n != 1000 {
		t.Fatalf("list has %d rows", n)
	}
	if n := len(g.codes.rows); n > 60 {
		t.Errorf("%d rows made for 1,000 seeds; the list should only make those on screen", n)
	}
	t.Logf("unlock to codes with 1,000 seeds (fast KDF): %v; rows made: %d", time.Since(start), len(g.codes.rows))

	// Scrolled to the end, a tick brings the rows on screen, and only
	// those, up to the new second: the list makes no new rows for it, and
	// every row it has is bound near the bottom.
	g.codes.list.ScrollToBottom()
	made := len(g.codes.rows)
	g.clock.t = g.clock.t.Add(time.Second)
	g.tick()
	if n := len(g.codes.rows); n != made {
		t.Errorf("a tick made rows: %d, then %d", made, n)
	}
	left := int((g.codes.seeds[0].Remaining(g.clock.t) + time.Second - 1) / time.Second)
	onScreen, aside := 0, 0
	for _, r := range g.codes.rows {
		switch {
		case r.seed >= 1000-made: // bound near the bottom: on screen
			onScreen++
			if r.left != left {
				t.Errorf("row of seed %d shows %d seconds left after the tick, want %d", r.seed, r.left, left)
			}
		case r.seed >= 0: // kept aside by the list since the scroll
			aside++
			if r.left == left {
				t.Errorf("the tick updated the row of seed %d, which is off screen", r.seed)
			}
		}
	}
	if onScreen == 0 || aside == 0 {
		t.Errorf("after scrolling to the end: %d rows on screen, %d aside; want some of each", onScreen, aside)
	}
}

func TestTypingSearches(t *testing.T) {
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	if g.win.Canvas().Focused() != nil {
		t.Fatal("something is focused after unlocking; its cursor would keep the window busy")
	}
	test.TypeOnCanvas(g.win.Canvas(), "goo")
	if g.codes.search.Text != "goo" || g.codes.list.Length() != 1 {
		t.Errorf("typing gave search %q, %d rows", g.codes.search.Text, g.codes.list.Length())
	}
}
