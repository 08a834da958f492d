package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// inventoryScreen lists the accounts, the factors each has, and the
// findings of the inventory check.
type inventoryScreen struct {
	g       *gui
	status  *widget.Label
	content fyne.CanvasObject
}

func newInventoryScreen(g *gui) *inventoryScreen {
	s := &inventoryScreen{g: g}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.content = container.NewVScroll(container.NewPadded(s.status))
	return s
}

// refresh shows the vault's accounts as they are now.
func (s *inventoryScreen) refresh() {
	if !s.g.isUnlocked() {
		s.status.SetText("")
		return
	}
	s.status.SetText("The account inventory is kept with the twofold command for now.")
}
