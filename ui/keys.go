package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KeySource lists the hardware keys plugged in now. The real one reads
// them over PC/SC (token/piv); tests use a fake.
type KeySource interface {
	Keys(ctx context.Context) ([]Key, error)
}

// Key is what the Keys screen shows about one hardware key.
type Key struct {
	Serial  uint32
	Name    string // the model, e.g. "YubiKey 5 NFC"
	Version string // firmware
	// State lines, e.g. "PIN: 3 tries left".
	State []string
	// Findings are what is wrong with the key, worst first.
	Findings []KeyFinding
}

// KeyFinding is one thing to fix about a key.
type KeyFinding struct {
	Severity string // "info", "warning" or "critical"
	Message  string
	Fix      string
}

// keyPoll is how often the screen looks for keys while it is shown:
// often enough that plugging one in feels immediate, and not at all when
// the screen is hidden.
const keyPoll = 2 * time.Second

// keysScreen shows the hardware keys present, and follows keys being
// plugged in and pulled out while it is on screen.
type keysScreen struct {
	g      *gui
	source KeySource
	status *widget.Label
	list   *fyne.Container
	cancel context.CancelFunc
	shown  []Key

	content fyne.CanvasObject
}

func newKeysScreen(g *gui, source KeySource) *keysScreen {
	s := &keysScreen{g: g, source: source}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.list = container.NewVBox()
	intro := widget.NewLabel("Hardware keys (YubiKeys) plugged into this computer. Plug one in or pull it out and this list follows.")
	intro.Wrapping = fyne.TextWrapWord
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(intro, s.status, s.list)))
	if source == nil {
		s.status.SetText("This copy of Twofold was built without smart-card (PC/SC) support, so it cannot see hardware keys. The twofold keys command of a build with PC/SC support lists them.")
	}
	return s
}

// setVisible starts or stops watching for keys.
func (s *keysScreen) setVisible(visible bool) {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	if !visible || s.source == nil || !s.g.isUnlocked() {
		return
	}
	if len(s.shown) == 0 {
		s.status.SetText("Looking for keys…")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.g.work.Add(1)
	go func() {
		defer s.g.work.Done()
		for {
			keys, err := s.source.Keys(ctx)
			if ctx.Err() != nil {
				return
			}
			fyne.Do(func() {
				if ctx.Err() == nil {
					s.show(keys, err)
				}
			})
			select {
			case <-ctx.Done():
				return
			case <-time.After(keyPoll):
			}
		}
	}()
}

// show puts keys on screen, rebuilding the cards only when something
// changed.
func (s *keysScreen) show(keys []Key, err error) {
	if err != nil {
		s.status.SetText("Cannot read hardware keys: " + message(err) + " Is the smart-card service (pcscd) running?")
		return
	}
	switch len(keys) {
	case 0:
		s.status.SetText("No hardware key is plugged in.")
	case 1:
		s.status.SetText("1 key plugged in.")
	default:
		s.status.SetText(fmt.Sprintf("%d keys plugged in.", len(keys)))
	}
	if slices.EqualFunc(keys, s.shown, sameKey) {
		return
	}
	s.shown = keys
	s.list.Objects = nil
	for _, k := range keys {
		s.list.Add(keyCard(k))
	}
	s.list.Refresh()
}

func sameKey(a, b Key) bool {
	return a.Serial == b.Serial && a.Name == b.Name && a.Version == b.Version &&
		slices.Equal(a.State, b.State) && slices.Equal(a.Findings, b.Findings)
}

func keyCard(k Key) fyne.CanvasObject {
	title := k.Name
	if title == "" {
		title = "Hardware key"
	}
	sub := fmt.Sprintf("Serial %d", k.Serial)
	if k.Version != "" {
		sub += ", firmware " + k.Version
	}
	box := container.NewVBox()
	for _, line := range k.State {
		box.Add(widget.NewLabel(line))
	}
	if len(k.Findings) == 0 {
		ok := widget.NewLabel("Nothing to fix.")
		ok.Importance = widget.SuccessImportance
		box.Add(ok)
	}
	for _, f := range k.Findings {
		text := f.Message
		if f.Fix != "" {
			text += " " + f.Fix
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		icon := widget.NewIcon(theme.InfoIcon())
		switch strings.ToLower(f.Severity) {
		case "warning":
			l.Importance = widget.WarningImportance
			icon.SetResource(theme.WarningIcon())
		case "critical", "error":
			l.Importance = widget.DangerImportance
			icon.SetResource(theme.ErrorIcon())
		}
		box.Add(container.NewBorder(nil, nil, container.NewCenter(icon), nil, l))
	}
	return widget.NewCard(title, sub, box)
}
