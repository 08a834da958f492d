package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestWrapLabelBreaksJapanese lays a Japanese sentence out at a window's
// width: its lines are drawn one under the other, none wider than the
// label, none starting with a closing mark, "Caps Lock" and "Twofold"
// whole; the label asks for the height of its lines and no width, so a
// window does not grow for it.
func TestWrapLabelBreaksJapanese(t *testing.T) {
	test.NewTempApp(t)
	text := "そのパスフレーズではこの保管庫を開けません。Caps Lock とキーボード配列を確認して、もう一度お試しください。Twofold は何も変更していません。"
	l := newWrapLabel(text)
	l.Importance = widget.DangerImportance
	plain := widget.NewLabel(text)
	plain.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(l, plain)
	w := test.NewWindow(box)
	defer w.Close()
	w.Resize(fyne.NewSize(300, 400))
	box.Refresh() // the lay-out again that a driver makes when a min size changes
	saveShot(t, "wraplabel.png", w.Canvas().Capture())

	pad := theme.InnerPadding()
	var lines []string
	for _, o := range test.WidgetRenderer(l).Objects() {
		txt := o.(*canvas.Text)
		if txt.MinSize().Width > l.Size().Width-2*pad+0.5 {
			t.Errorf("line %q is %v wide in a label %v wide", txt.Text, txt.MinSize().Width, l.Size().Width)
		}
		if txt.Color != theme.Color(theme.ColorNameError) {
			t.Errorf("line %q is not in the error colour", txt.Text)
		}
		lines = append(lines, txt.Text)
	}
	if len(lines) < 3 {
		t.Fatalf("lines %q: the sentence was not wrapped", lines)
	}
	if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
		t.Errorf("lines %q lost text", lines)
	}
	for i, line := range lines {
		if r, _ := utf8.DecodeRuneInString(line); i > 0 && strings.ContainsRune("、。」）ー", r) {
			t.Errorf("line %q starts with %q", line, r)
		}
		if strings.HasSuffix(line, "Caps") || strings.HasPrefix(line, "Lock") || strings.HasSuffix(line, "Twofol") {
			t.Errorf("lines %q break a Latin name", lines)
		}
	}
	if min := l.MinSize(); min.Width > 50 || min.Height < float32(len(lines))*fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Errorf("min size %v for %d lines", min, len(lines))
	}

	// A narrower window breaks it again, into more lines.
	w.Resize(fyne.NewSize(200, 400))
	if n := len(test.WidgetRenderer(l).Objects()); n <= len(lines) {
		t.Errorf("%d lines at 200 px, %d at 300 px", n, len(lines))
	}
	// New text is broken at once.
	l.SetText("短い文。")
	if got := test.WidgetRenderer(l).Objects(); len(got) != 1 || got[0].(*canvas.Text).Text != "短い文。" {
		t.Errorf("after SetText: %d lines", len(got))
	}
}
