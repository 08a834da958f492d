package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// inView reports whether o lies wholly inside the visible part of the
// detail page's scroll.
func (d *detailScreen) inView(o fyne.CanvasObject) bool {
	drv := fyne.CurrentApp().Driver()
	top := drv.AbsolutePositionForObject(d.scroll).Y
	bottom := top + d.scroll.Size().Height
	y := drv.AbsolutePositionForObject(o).Y
	return y >= top && y+o.Size().Height <= bottom
}

// TestVerifyResultInView: with the QR code on screen (which pushes the
// code field down), the answer to Verify is scrolled into view; after a
// match the QR goes and the page is back at its top.
func TestVerifyResultInView(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	test.Tap(d.showQR)
	test.Tap(button(t, g.topDialog(t), "Show QR code"))

	test.Type(d.verifyCode, "000000")
	test.Tap(d.verifyButton)
	g.wait()
	if !d.verifyResult.Visible() || !d.inView(d.verifyResult) {
		t.Fatalf("the mismatch (%q) is out of view at offset %v", d.verifyResult.Text, d.scroll.Offset)
	}

	d.verifyCode.SetText(g.code(t, githubURI, g.clock.t))
	test.Tap(d.verifyButton)
	g.wait()
	if d.backup.visible() {
		t.Fatal("the QR is still shown after a match")
	}
	if d.scroll.Offset.Y != 0 {
		t.Errorf("after a match the page stays scrolled at %v", d.scroll.Offset)
	}
	if !d.verifyResult.Visible() || !d.inView(d.verifyResult) {
		t.Errorf("the match (%q) is out of view", d.verifyResult.Text)
	}
}

// TestDetailCountdown: the seed's page counts down the seconds its code
// has left, as the codes list does.
func TestDetailCountdown(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	d := g.openDetail(t, "GitHub")
	// The clock is 12:00:10: 20 s of the 30 s period are left.
	if !d.countdown.Visible() || d.countdown.left != 20 || d.countdown.period != 30 {
		t.Fatalf("countdown visible %v shows %d of %d s, want 20 of 30", d.countdown.Visible(), d.countdown.left, d.countdown.period)
	}
	code := d.code.Text
	g.clock.t = g.clock.t.Add(7 * time.Second)
	g.tick()
	if d.countdown.left != 13 || d.code.Text != code {
		t.Errorf("7 s later: %d s left, code %q (was %q)", d.countdown.left, d.code.Text, code)
	}
	g.clock.t = g.clock.t.Add(14 * time.Second)
	g.tick()
	if d.countdown.left != 29 || d.code.Text == code {
		t.Errorf("in the next period: %d s left, code %q unchanged", d.countdown.left, d.code.Text)
	}
}
