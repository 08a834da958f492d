package ui

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// newPreview builds the list of what was read, one row a seed or an
// entry that could not be taken.
func (s *importScreen) newPreview() *widget.List {
	list := widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			// The longest state sizes the column.
			state := widget.NewLabelWithStyle(lang.L("Could not read"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			return container.NewBorder(nil, nil, state, nil, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { s.bindRow(id, o) },
	)
	list.OnSelected = func(id widget.ListItemID) { list.Unselect(id) }
	return list
}

// previewRow is one seed of the preview, and the seed the vault (or an
// earlier row) already holds with its secret, if any; or an entry that
// could not be read (unread set, seed empty).
type previewRow struct {
	seed      token.Seed
	duplicate *token.Seed
	unread    *transfer.Unread
}

// refresh recomputes the preview: the seeds read, then those of the
// Google transfer codes read (code by code, as Google's app takes them),
// each New or Duplicate, then the entries that could not be read.
func (s *importScreen) refresh() {
	ready := slices.Clone(s.seeds)
	s.pending.Hide()
	if len(s.batches) > 0 {
		fromCodes, pending, err := transfer.JoinBatches(s.batches)
		var lines []string
		if err != nil {
			lines = append(lines, importMessage(err))
		}
		for _, p := range pending {
			lines = append(lines, pendingText(p))
		}
		ready = append(ready, fromCodes...)
		if len(lines) > 0 {
			say(s.pending, strings.Join(lines, "\n"), widget.WarningImportance)
			s.pending.Show()
		}
	}
	rows, err := preview(s.g.shown().seeds, ready, s.g.now())
	if err != nil {
		s.failed(err)
		rows = nil
	}
	for i := range s.unread {
		rows = append(rows, previewRow{unread: &s.unread[i]})
	}
	s.rows = rows
	s.updateButtons()
	relayout(s.content)
}

func (s *importScreen) newCount() int {
	n := 0
	for _, r := range s.rows {
		if r.duplicate == nil && r.unread == nil {
			n++
		}
	}
	return n
}

// The states of a seed in the preview.
const (
	stateNew       = "New"
	stateDuplicate = "Duplicate"
)

func (s *importScreen) bindRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	box := o.(*fyne.Container)
	name, state := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
	switch {
	case r.unread != nil:
		say(state, lang.L("Could not read"), widget.DangerImportance)
		name.SetText(unreadText(*r.unread))
	case r.duplicate != nil:
		say(state, lang.L(stateDuplicate), widget.LowImportance)
		name.SetText(fmt.Sprintf(lang.L("%s: same secret as %s"), r.seed.Label(), r.duplicate.Label()))
	default:
		say(state, lang.L(stateNew), widget.SuccessImportance)
		name.SetText(r.seed.Label())
	}
}

// preview says of each seed whether the vault would add it (New) or skip
// it (Duplicate of a seed it holds, or of an earlier one of the list), by
// a trial run of vault.Data.AddSeeds on a copy of the seeds held, so that
// the list follows the vault's own rule.
func preview(held, seeds []token.Seed, now time.Time) ([]previewRow, error) {
	trial := vault.Data{Seeds: slices.Clone(held)}
	report, err := trial.AddSeeds(seeds, now, vault.SkipDuplicates)
	if err != nil {
		return nil, err
	}
	// AddSeeds keeps the order and adds the first of equal seeds, so each
	// seed is New while added copies of it remain, then Duplicate.
	added := map[token.Seed]int{}
	for _, a := range report.Added {
		s := a.Seed
		s.ID, s.Added = "", time.Time{}
		added[s]++
	}
	skipped := map[token.Seed][]token.Seed{}
	for _, sk := range report.Skipped {
		skipped[sk.Seed] = append(skipped[sk.Seed], sk.Existing)
	}
	rows := make([]previewRow, 0, len(seeds))
	for _, s := range seeds {
		if added[s] > 0 {
			added[s]--
			rows = append(rows, previewRow{seed: s})
			continue
		}
		row := previewRow{seed: s}
		if len(skipped[s]) > 0 {
			existing := skipped[s][0]
			skipped[s], row.duplicate = skipped[s][1:], &existing
		}
		rows = append(rows, row)
	}
	return rows, nil
}
