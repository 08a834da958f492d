package ui

import (
	"cmp"
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/vault"
)

// codesScreen is the list of seeds with their current codes.
//
// The list is a widget.List, so only the rows on screen exist (a few
// dozen whatever the number of seeds). The one ticker of the app calls
// tick once a second; tick walks those rows and sets the countdown, and
// the code only when its period rolled over. The list itself is rebuilt
// only when the seeds or the search change.
type codesScreen struct {
	g      *gui
	search *widget.Entry
	list   *widget.List
	status *widget.Label
	empty  *fyne.Container
	none   *widget.Label
	stack  *fyne.Container

	seeds []token.Seed
	shown []int                          // indices into seeds, in display order
	rows  map[fyne.CanvasObject]*codeRow // the rows the list made

	content fyne.CanvasObject
}

// object is what the tab draws.
func (s *codesScreen) object() fyne.CanvasObject { return s.content }

func newCodesScreen(g *gui) *codesScreen {
	s := &codesScreen{g: g, rows: map[fyne.CanvasObject]*codeRow{}}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.L("Search issuer or account (Ctrl+F)"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) {
		g.touch()
		s.filter()
	}
	s.search.OnSubmitted = func(string) {
		// Enter copies the first match: search, Enter, paste.
		if len(s.shown) > 0 {
			s.copyCode(s.shown[0])
		}
	}

	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject { return s.newRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) { s.bindRow(id, o) },
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.Unselect(id)
		if id < len(s.shown) {
			s.copyCode(s.shown[id])
		}
	}

	s.status = widget.NewLabel(lang.L("Click a code to copy it."))
	s.status.Truncation = fyne.TextTruncateEllipsis

	add := widget.NewButtonWithIcon(lang.L("Add seed"), theme.ContentAddIcon(), g.showAdd)
	add.Importance = widget.HighImportance
	emptyTitle := widget.NewLabelWithStyle(lang.L("No seeds yet"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	emptyText := newWrappingLabel(lang.L("Add the seeds of your accounts: paste an otpauth:// link, type the secret key a site shows you, or open a screenshot of its QR code. Then show a seed's backup QR to put it on a new phone."))
	emptyText.Alignment = fyne.TextAlignCenter
	emptyAdd := widget.NewButtonWithIcon(lang.L("Add your first seed (Ctrl+N)"), theme.ContentAddIcon(), g.showAdd)
	emptyAdd.Importance = widget.HighImportance
	s.empty = container.NewCenter(container.New(&fixedWidth{width: 380},
		container.NewVBox(emptyTitle, emptyText, container.NewCenter(emptyAdd))))
	s.none = newWrappingLabel("")
	s.none.Alignment = fyne.TextAlignCenter

	s.stack = container.NewStack(s.list)
	top := container.NewBorder(nil, nil, nil, add, s.search)
	s.content = container.NewBorder(top, s.status, nil, nil, s.stack)
	g.sess.Subscribe(func(v view) { s.setSeeds(v.seeds) })
	return s
}

func (s *codesScreen) focusSearch() { s.g.win.Canvas().Focus(s.search) }

// say puts text in the status line under the codes: what a change on
// another page did ("Deleted GitHub (alice).").
func (s *codesScreen) say(text string) { s.status.SetText(text) }

// typeInSearch starts a search with r, typed with nothing focused.
func (s *codesScreen) typeInSearch(r rune) {
	s.focusSearch()
	s.search.TypedRune(r)
}

// clearSearch shows every seed again (after one was added).
func (s *codesScreen) clearSearch() { s.search.SetText("") }

// setSeeds replaces the seeds shown; nil empties the screen (locked).
func (s *codesScreen) setSeeds(seeds []token.Seed) {
	s.seeds = seeds
	if seeds == nil {
		s.search.SetText("")
		s.status.SetText(lang.L("Click a code to copy it."))
	}
	s.filter()
}

// filter recomputes which seeds are shown, in order of issuer then
// account, and refreshes the list once.
func (s *codesScreen) filter() {
	s.shown = s.shown[:0]
	for i, seed := range s.seeds {
		if vault.SeedMatchesSearch(seed, s.search.Text) {
			s.shown = append(s.shown, i)
		}
	}
	slices.SortStableFunc(s.shown, func(a, b int) int {
		x, y := s.seeds[a], s.seeds[b]
		return cmp.Or(
			cmp.Compare(strings.ToLower(x.Issuer), strings.ToLower(y.Issuer)),
			cmp.Compare(strings.ToLower(x.Account), strings.ToLower(y.Account)),
		)
	})
	var show fyne.CanvasObject = s.list
	s.status.Show()
	switch {
	case len(s.seeds) == 0:
		show = s.empty
		s.status.Hide()
	case len(s.shown) == 0:
		s.none.SetText(fmt.Sprintf(lang.L("No seed matches “%s”."), s.search.Text))
		show = s.none
	}
	if len(s.stack.Objects) != 1 || s.stack.Objects[0] != show {
		s.stack.Objects = []fyne.CanvasObject{show}
		s.stack.Refresh()
	}
	s.list.Refresh()
}

// codeRow is one row of the list; the list reuses rows as it scrolls.
type codeRow struct {
	avatar    *avatar
	issuer    *widget.Label
	account   *widget.Label
	code      *widget.Label
	countdown *countdown
	info      *widget.Button

	seed   int   // index into seeds; -1 while unbound
	period int64 // the TOTP period number whose code is shown
	left   int   // seconds left, as shown
}

func (s *codesScreen) newRow() fyne.CanvasObject {
	r := &codeRow{seed: -1}
	r.avatar = newAvatar(40)
	r.issuer = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.issuer.Truncation = fyne.TextTruncateEllipsis
	r.account = widget.NewLabel("")
	r.account.Truncation = fyne.TextTruncateEllipsis
	r.code = widget.NewLabelWithStyle("000 000", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true, Bold: true})
	r.code.SizeName = theme.SizeNameSubHeadingText
	r.countdown = newCountdown()
	r.info = widget.NewButtonWithIcon("", theme.InfoIcon(), func() {
		if r.seed >= 0 && r.seed < len(s.seeds) {
			s.g.showDetail(s.seeds[r.seed].ID)
		}
	})
	right := container.NewHBox(r.code, r.countdown, r.info)
	row := container.NewBorder(nil, nil, container.NewPadded(container.NewCenter(r.avatar)), container.NewCenter(right),
		container.New(&tightColumn{}, r.issuer, r.account))
	s.rows[row] = r
	return row
}

func (s *codesScreen) bindRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := s.rows[o]
	if id >= len(s.shown) {
		r.seed = -1
		return
	}
	r.seed = s.shown[id]
	seed := s.seeds[r.seed]
	_, isAWS := aws.Recognize(seed)
	r.avatar.set(firstNonEmpty(seed.Issuer, seed.Account), isAWS)
	r.issuer.SetText(firstNonEmpty(seed.Issuer, seed.Account))
	r.account.SetText(seed.Account)
	if seed.Issuer == "" {
		r.account.SetText("")
	}
	r.period = -1
	r.left = -1
	s.updateRow(r, s.g.now())
}

// updateRow sets the code and countdown of r for now, touching only
// what changed.
func (s *codesScreen) updateRow(r *codeRow, now time.Time) {
	if r.seed < 0 || r.seed >= len(s.seeds) {
		return
	}
	seed := s.seeds[r.seed]
	if seed.Kind != token.TOTP {
		if r.period != 0 {
			r.period = 0
			r.code.SetText(codeText(seed.Code(now)))
			r.countdown.Hide()
		}
		return
	}
	period := now.Unix() / int64(max(seed.Period, 1))
	if period != r.period {
		r.period = period
		r.code.SetText(codeText(seed.Code(now)))
		r.countdown.Show()
	}
	left := int((seed.Remaining(now) + time.Second - 1) / time.Second)
	if left != r.left {
		r.left = left
		r.countdown.set(left, seed.Period)
		// The code changes colour for its last 5 seconds; refreshing it
		// only then keeps the per-second tick to the countdown.
		importance := widget.MediumImportance
		if left <= 5 {
			importance = widget.WarningImportance
		}
		if importance != r.code.Importance {
			r.code.Importance = importance
			r.code.Refresh()
		}
	}
}

// tick updates the rows on screen. The list keeps the rows scrolled
// away for reuse, still bound to what they last showed; they are left
// alone, and rebound (so brought up to date) when they come back.
func (s *codesScreen) tick(now time.Time) {
	onScreen := s.onScreen()
	for o, r := range s.rows {
		if onScreen(o) {
			s.updateRow(r, now)
		}
	}
}

// onScreen returns a test of whether a row is in the list's view: the
// rows kept aside are out of the window's tree (found nowhere) or, until
// the list lays out again, outside the list's area.
func (s *codesScreen) onScreen() func(fyne.CanvasObject) bool {
	drv := s.g.app.Driver()
	c := drv.CanvasForObject(s.list)
	if c == nil {
		return func(fyne.CanvasObject) bool { return false }
	}
	top := drv.AbsolutePositionForObject(s.list).Y
	bottom := top + s.list.Size().Height
	return func(o fyne.CanvasObject) bool {
		if drv.CanvasForObject(o) != c {
			return false
		}
		y := drv.AbsolutePositionForObject(o).Y
		return y+o.Size().Height > top && y < bottom
	}
}

// themeChanged redraws the rows the list keeps aside, which a theme
// change does not reach.
func (s *codesScreen) themeChanged() {
	for _, r := range s.rows {
		for _, o := range []fyne.CanvasObject{r.avatar, r.issuer, r.account, r.code, r.countdown, r.info} {
			o.Refresh()
		}
	}
}

// copyCode copies the current code of seeds[i] (gui.copyCode).
func (s *codesScreen) copyCode(i int) { s.g.copyCode(s.seeds[i]) }

func codeText(code string, err error) string {
	if err != nil {
		return "——"
	}
	return token.GroupCode(code)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// tightColumn stacks objects vertically without padding and centres the
// stack, so that two labels read as one block.
type tightColumn struct{}

func (tightColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objects {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height - 2*theme.Padding()
	}
	return fyne.NewSize(w, h+2*theme.Padding())
}

func (tightColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	total := tightColumn{}.MinSize(objects).Height
	y := (size.Height-total)/2 + theme.Padding()
	for _, o := range objects {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y-theme.Padding()))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - 2*theme.Padding()
	}
}
