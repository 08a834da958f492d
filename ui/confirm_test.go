package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestDeleteIsDangerStyled: the button that deletes is in the danger
// style, not the emphasised one that reads as the way forward.
func TestDeleteIsDangerStyled(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showDetail(g.shown().seeds[0].ID)
	test.Tap(button(t, g.win.Content(), "Delete seed…"))
	d := g.topDialog(t)
	if b := button(t, d, "Delete"); b.Importance != widget.DangerImportance {
		t.Errorf("Delete button importance %v, want danger", b.Importance)
	}
	test.Tap(button(t, d, "Cancel"))
	if n := len(g.onDisk(t).Seeds); n != 1 {
		t.Fatalf("Cancel deleted: %d seeds", n)
	}
}

// TestDuplicateDefaultsToNo: the question about a secret already held has
// No emphasised and focused, and Enter answers No.
func TestDuplicateDefaultsToNo(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	g.addPage().uri.SetText(githubURI)
	test.Tap(g.addPage().uriAdd)
	g.wait()
	d := g.topDialog(t)
	no := button(t, d, "No")
	if again := button(t, d, "Add again"); no.Importance != widget.HighImportance || again.Importance == widget.HighImportance {
		t.Errorf("importance: No %v, Add again %v", no.Importance, again.Importance)
	}
	focused, ok := g.win.Canvas().Focused().(*defaultButton)
	if !ok || &focused.Button != no {
		t.Fatalf("focused %T, want the No button", g.win.Canvas().Focused())
	}
	focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	g.wait()
	if g.win.Canvas().Overlays().Top() != nil {
		t.Error("Enter left the question open")
	}
	if n := len(g.onDisk(t).Seeds); n != 1 {
		t.Fatalf("Enter added the duplicate: %d seeds", n)
	}
}
