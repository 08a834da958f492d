package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token/piv"
)

// fakeKeys is a KeyWatcher whose snapshots the test sends.
type fakeKeys struct {
	watches chan chan piv.Snapshot // one channel per Watch call
}

func (f *fakeKeys) Watch(ctx context.Context, _ time.Duration) <-chan piv.Snapshot {
	ch := make(chan piv.Snapshot)
	f.watches <- ch
	return ch
}

func intp(i int) *int    { return &i }
func boolp(b bool) *bool { return &b }

func TestKeysFollowPlugging(t *testing.T) {
	fake := &fakeKeys{watches: make(chan chan piv.Snapshot, 2)}
	path := t.TempDir() + "/vault.age"
	makeVault(t, path, githubURI)
	a := test.NewTempApp(t)
	w := a.NewWindow("Twofold")
	turn := newTurn(t)
	g := &testGUI{gui: newGUI(a, w, Options{VaultPath: path, Keys: fake, Ticker: handTicker{}, Do: turn.do}), path: path, turn: turn}
	t.Cleanup(func() { g.lock(); g.wait() })
	g.open(t)

	shown := make(chan struct{})
	g.keys.afterShow = func() { shown <- struct{}{} }
	g.tabs.Select(g.keysTab)
	snaps := <-fake.watches
	send := func(s piv.Snapshot) {
		snaps <- s
		g.released(func() { <-shown })
		g.released(g.keys.oath.reads.Wait)
	}
	send(piv.Snapshot{Err: piv.ErrNoReader})
	if !strings.HasPrefix(g.keys.status.Text, "No YubiKey is plugged in") {
		t.Errorf("no key: %q", g.keys.status.Text)
	}

	key := piv.State{
		Serial: 12345678, Firmware: "5.4.3", FormFactor: "USB-A Keychain",
		PIN:           piv.Credential{RetriesLeft: intp(3), MaxRetries: intp(3), Default: boolp(true)},
		PUK:           piv.Credential{RetriesLeft: intp(3), MaxRetries: intp(3), Default: boolp(false)},
		ManagementKey: piv.ManagementKey{Algorithm: "aes192", Default: boolp(false)},
	}
	key.Findings = piv.Findings(key, time.Now())
	recorded := make(chan struct{})
	g.keys.afterRecord = func() { recorded <- struct{}{} }
	send(piv.Snapshot{Keys: []piv.State{key}})
	g.released(func() { <-recorded }) // a new key is recorded in the vault
	if g.keys.status.Text != "1 key plugged in." || len(g.keys.list.Objects) != 1 {
		t.Fatalf("plugged in: %q, %d cards", g.keys.status.Text, len(g.keys.list.Objects))
	}
	card := g.keys.list.Objects[0].(*widget.Card)
	if card.Title != "YubiKey 12345678" || !strings.Contains(card.Subtitle, "5.4.3") {
		t.Errorf("card %q / %q", card.Title, card.Subtitle)
	}
	var texts []string
	for _, o := range test.LaidOutObjects(card) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"3 of 3 attempts left, still the factory default (123456)", "factory default (123456): anyone holding the key"} {
		if !strings.Contains(all, want) {
			t.Errorf("card does not say %q:\n%s", want, all)
		}
	}

	send(piv.Snapshot{Err: piv.ErrNoKey})
	if len(g.keys.list.Objects) != 0 || !strings.HasPrefix(g.keys.status.Text, "No YubiKey") {
		t.Errorf("pulled out: %q, %d cards", g.keys.status.Text, len(g.keys.list.Objects))
	}

	// Leaving the tab stops watching; coming back starts again.
	g.tabs.Select(g.codesTab)
	close(snaps) // the real watcher closes its channel when ctx ends
	g.tabs.Select(g.keysTab)
	snaps = <-fake.watches
	send(piv.Snapshot{Err: piv.ErrNoService})
	if !strings.Contains(g.keys.status.Text, "pcscd") {
		t.Errorf("no service: %q", g.keys.status.Text)
	}
}

func TestKeysRecordSightings(t *testing.T) {
	fake := &fakeKeys{watches: make(chan chan piv.Snapshot, 2)}
	g := newTestGUI(t, githubURI)
	g.keys.watcher = fake
	g.open(t)

	shown, recorded := make(chan struct{}), make(chan struct{})
	g.keys.afterShow = func() { shown <- struct{}{} }
	g.keys.afterRecord = func() { recorded <- struct{}{} }
	g.tabs.Select(g.keysTab)
	snaps := <-fake.watches

	key := piv.State{
		Serial: 12345678, Firmware: "5.4.3",
		PIN: piv.Credential{RetriesLeft: intp(3), MaxRetries: intp(3), Default: boolp(true)},
	}
	key.Findings = piv.Findings(key, g.clock.t)
	snap := piv.Snapshot{Keys: []piv.State{key}}
	// send gives the screen a snapshot and waits for the save it starts,
	// if any.
	send := func(s piv.Snapshot) {
		before := g.keys.records
		snaps <- s
		g.released(func() { <-shown })
		g.released(g.keys.oath.reads.Wait)
		if g.keys.records != before {
			g.released(func() { <-recorded })
		}
	}
	for range 3 {
		send(snap)
		g.clock.t = g.clock.t.Add(time.Minute)
	}
	if g.keys.records != 1 {
		t.Errorf("%d saves for 3 identical snapshots", g.keys.records)
	}
	keys := g.onDisk(t).Keys
	if len(keys) != 1 || keys[0].Serial != 12345678 || len(keys[0].Findings) == 0 || keys[0].FirstSeen.IsZero() {
		t.Fatalf("keys on disk: %+v", keys)
	}
	if !strings.Contains(keys[0].Findings[0].Message, "default") {
		t.Errorf("findings on disk: %+v", keys[0].Findings)
	}
	card := texts(g.keys.list)
	if !strings.Contains(card, "first seen 2026-03-01") {
		t.Errorf("card does not show the record:\n%s", card)
	}

	// The next day counts again, once.
	g.clock.t = g.clock.t.Add(24 * time.Hour)
	send(snap)
	send(snap)
	if g.keys.records != 2 {
		t.Errorf("%d saves after a day", g.keys.records)
	}
	if d := g.onDisk(t).Keys[0].LastSeen; d.Day() != 2 {
		t.Errorf("last seen %v", d)
	}

	// The PIN changed: the findings change, saved.
	key.PIN.Default = boolp(false)
	key.Findings = piv.Findings(key, g.clock.t)
	send(piv.Snapshot{Keys: []piv.State{key}})
	if g.keys.records != 3 {
		t.Errorf("%d saves after the findings changed", g.keys.records)
	}
	if f := g.onDisk(t).Keys[0].Findings; len(f) != 0 {
		t.Errorf("findings on disk after the PIN changed: %+v", f)
	}
	g.tabs.Select(g.codesTab)
	close(snaps)
}

func TestSettings(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	s := g.settings
	s.autoLock.SetSelected("Never")
	s.clipboard.SetSelected("10 seconds")
	s.theme.SetSelected("Dark")
	p := g.app.Preferences()
	if p.Int(prefAutoLock) != 0 || p.Int(prefClipboard) != 10 || p.String(prefTheme) != themeDark {
		t.Errorf("stored %d, %d, %q", p.Int(prefAutoLock), p.Int(prefClipboard), p.String(prefTheme))
	}
	if g.pref.AutoLock() != 0 {
		t.Error("Never still locks")
	}
	g.clock.t = g.clock.t.Add(24 * time.Hour)
	g.tick()
	if !g.isUnlocked() {
		t.Error("locked although auto-lock is off")
	}
	g.codes.list.Select(0)
	if !strings.Contains(g.codes.status.Text, "clears in 10 seconds") {
		t.Errorf("status %q", g.codes.status.Text)
	}
}
