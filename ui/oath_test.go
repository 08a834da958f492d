package ui

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/piv"
)

// virtualOATH opens the OATH application of virtual YubiKeys
// (internal/vyubikey) in process, through token/oath's Session: the same
// protocol code as on the real PC/SC stack, without pcscd.
type virtualOATH struct{ cards map[uint32]*vyubikey.Card }

type virtualOATHKey struct{ *oath.Session }

func (virtualOATHKey) Close() error { return nil }

func (v virtualOATH) Open(_ context.Context, serial uint32) (OATHKey, error) {
	card, ok := v.cards[serial]
	if !ok {
		return nil, fmt.Errorf("YubiKey %d: %w", serial, piv.ErrNoKey)
	}
	card.Reset() // a new connection starts a new session
	s, err := oath.Select(vyubikey.Direct{Card: card})
	if err != nil {
		return nil, err
	}
	return virtualOATHKey{s}, nil
}

// pluggedIn is a KeyWatcher whose every snapshot is the same.
type pluggedIn piv.Snapshot

func (p pluggedIn) Watch(ctx context.Context, _ time.Duration) <-chan piv.Snapshot {
	ch := make(chan piv.Snapshot, 1)
	ch <- piv.Snapshot(p)
	return ch
}

func newVirtualCard(t *testing.T, serial uint32) *vyubikey.Card {
	t.Helper()
	card, err := vyubikey.New(vyubikey.Config{Serial: serial, Version: "5.4.3"})
	if err != nil {
		t.Fatal(err)
	}
	return card
}

// session opens the card as Yubico's tools would, unlocked with password
// when it has one.
func session(t *testing.T, card *vyubikey.Card, password string) *oath.Session {
	t.Helper()
	card.Reset()
	s, err := oath.Select(vyubikey.Direct{Card: card})
	if err != nil {
		t.Fatal(err)
	}
	if s.Locked() {
		if err := s.Validate([]byte(password)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// newOATHGUI opens the app on a vault with the GitHub seed, with the
// virtual keys plugged in.
func newOATHGUI(t *testing.T, cards ...*vyubikey.Card) *testGUI {
	t.Helper()
	g := newTestGUI(t, githubURI, googleURI)
	snap := piv.Snapshot{Err: piv.ErrNoReader}
	keys := virtualOATH{cards: map[uint32]*vyubikey.Card{}}
	for _, c := range cards {
		snap.Err = nil
		snap.Keys = append(snap.Keys, piv.State{Serial: c.Serial(), Firmware: "5.4.3"})
		keys.cards[c.Serial()] = c
	}
	g.opts.Keys, g.opts.OATH = pluggedIn(snap), keys
	g.clock.t = time.Now() // the key computes codes for the time it is given
	g.open(t)
	return g
}

// openSeed opens the seed page of the GitHub seed.
func (g *testGUI) openSeed(t *testing.T) *detailScreen {
	t.Helper()
	g.showDetail(g.shown().seeds[0].ID)
	d := g.detailPage()
	if d == nil || !strings.HasPrefix(g.shown().seeds[0].Issuer, "GitHub") {
		t.Fatalf("seed page of %v not open", g.shown().seeds[0].Label())
	}
	return d
}

// tapAndWait taps b and waits for the key I/O it starts.
func (g *testGUI) tapAndWait(b *widget.Button) {
	test.Tap(b)
	g.wait()
}

func oathtoolTOTP(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	out, err := exec.Command(testtool.Require(t, "oathtool"), "--totp", "--base32",
		"--now="+at.UTC().Format("2006-01-02 15:04:05 UTC"), secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestCopyToYubiKey(t *testing.T) {
	first, second := newVirtualCard(t, 10000001), newVirtualCard(t, 10000002)
	g := newOATHGUI(t, first, second)
	d := g.openSeed(t)
	if !strings.Contains(d.copies.holders.Text, "No YubiKey holds this seed") {
		t.Errorf("holders before: %q", d.copies.holders.Text)
	}
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))

	// Both keys offered; pick the second, with touch.
	form := g.topDialog(t)
	var pick *widget.Select
	var touch *widget.Check
	for _, o := range test.LaidOutObjects(form) {
		switch w := o.(type) {
		case *widget.Select:
			pick = w
		case *widget.Check:
			touch = w
		}
	}
	if pick == nil || touch == nil || len(pick.Options) != 2 || pick.Options[1] != "YubiKey 10000002" {
		t.Fatalf("key choice %v", pick)
	}
	pick.SetSelectedIndex(1)
	g.tapAndWait(button(t, form, "Copy"))
	g.wait() // the vault records the copy

	creds, err := session(t, second, "").List()
	if err != nil || len(creds) != 1 || creds[0].Name != "GitHub:alice@example.com" {
		t.Fatalf("second key holds %v (%v)", creds, err)
	}
	if c, _ := session(t, first, "").List(); len(c) != 0 {
		t.Errorf("first key holds %v, want nothing", c)
	}
	at := time.Now()
	got, err := session(t, second, "").Calculate(creds[0], at)
	if err != nil {
		t.Fatal(err)
	}
	if want := oathtoolTOTP(t, "JBSWY3DPEHPK3PXP", at); got != want {
		t.Errorf("the key's code %s, oathtool's %s", got, want)
	}
	if !strings.HasPrefix(d.copies.result.Text, "Copied") {
		t.Errorf("result %q", d.copies.result.Text)
	}
	if !strings.Contains(d.copies.holders.Text, "YubiKey 10000002 (checked just now)") {
		t.Errorf("holders after: %q", d.copies.holders.Text)
	}
	holds := g.onDisk(t).Keys
	if len(holds) != 1 || holds[0].Serial != 10000002 || len(holds[0].Holds) != 1 || holds[0].Holds[0].Name != "GitHub:alice@example.com" {
		t.Errorf("vault records %+v", holds)
	}

	// Again to the same key: the name is taken; cancelling writes nothing.
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	g.tapAndWait(button(t, g.topDialog(t), "Copy")) // the first key is preselected
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	form = g.topDialog(t)
	for _, o := range test.LaidOutObjects(form) {
		if w, ok := o.(*widget.Select); ok {
			w.SetSelectedIndex(1)
		}
	}
	g.tapAndWait(button(t, form, "Copy"))
	test.Tap(button(t, g.topDialog(t), "Cancel")) // "Replace GitHub:alice@example.com?"
	if d.copies.result.Text != "Nothing was written." {
		t.Errorf("after declining to replace: %q", d.copies.result.Text)
	}
}

func TestCopyToYubiKeyPassword(t *testing.T) {
	card := newVirtualCard(t, 10000003)
	if err := session(t, card, "").SetPassword([]byte("opensesame")); err != nil {
		t.Fatal(err)
	}
	g := newOATHGUI(t, card)
	d := g.openSeed(t)
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	g.tapAndWait(button(t, g.topDialog(t), "Copy"))

	typePassword := func(pw string) {
		dlg := g.topDialog(t)
		for _, o := range test.LaidOutObjects(dlg) {
			if e, ok := o.(*widget.Entry); ok && e.Password {
				test.Type(e, pw)
			}
		}
		g.tapAndWait(button(t, dlg, "Unlock"))
	}
	typePassword("wrong")
	if !strings.HasPrefix(d.copies.result.Text, "Wrong password: the YubiKey refused it, and nothing was changed") {
		t.Errorf("wrong password: %q", d.copies.result.Text)
	}
	if c, _ := session(t, card, "opensesame").List(); len(c) != 0 {
		t.Fatalf("a wrong password wrote %v", c)
	}
	typePassword("opensesame") // asked again
	g.wait()
	if c, _ := session(t, card, "opensesame").List(); len(c) != 1 {
		t.Fatalf("with the password the key holds %v", c)
	}
	if !strings.HasPrefix(d.copies.result.Text, "Copied") {
		t.Errorf("result %q", d.copies.result.Text)
	}
}

// Each refusal is one plain sentence, and nothing is written.
func TestCopyToYubiKeyNoKey(t *testing.T) {
	g := newOATHGUI(t)
	d := g.openSeed(t)
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	if !strings.HasPrefix(d.copies.result.Text, "No YubiKey is plugged in") {
		t.Errorf("no key: %q", d.copies.result.Text)
	}
}

func TestCopyToYubiKeyFull(t *testing.T) {
	full := newVirtualCard(t, 10000004)
	s := session(t, full, "")
	for i := range 32 {
		seed := token.Seed{Kind: token.TOTP, Issuer: "Fill", Account: fmt.Sprint(i), Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
		if err := s.Put(seed, false, false); err != nil {
			t.Fatal(err)
		}
	}
	g := newOATHGUI(t, full)
	d := g.openSeed(t)
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	g.tapAndWait(button(t, g.topDialog(t), "Copy"))
	if !strings.HasPrefix(d.copies.result.Text, "This YubiKey is full") {
		t.Errorf("full key: %q", d.copies.result.Text)
	}
	if c, _ := session(t, full, "").List(); len(c) != 32 {
		t.Errorf("full key now holds %d", len(c))
	}
}

func TestCopyToYubiKeyPulledOut(t *testing.T) {
	pulled := newVirtualCard(t, 10000005)
	g := newOATHGUI(t, pulled)
	d := g.openSeed(t)
	g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
	pulled.RemoveAfter(3, nil) // SELECT, LIST, then PUT vanishes
	g.tapAndWait(button(t, g.topDialog(t), "Copy"))
	if !strings.HasPrefix(d.copies.result.Text, "The YubiKey was pulled out") {
		t.Errorf("pulled out: %q", d.copies.result.Text)
	}
	if c, _ := session(t, pulled, "").List(); len(c) != 0 {
		t.Errorf("a key pulled out during PUT holds %v", c)
	}
	if len(g.onDisk(t).Keys) != 0 {
		t.Errorf("the vault recorded a copy that failed")
	}
}

// The Keys tab lists each key's OATH seeds, matched to the vault's.
func TestKeysTabShowsOATH(t *testing.T) {
	card := newVirtualCard(t, 10000006)
	s := session(t, card, "")
	// As 'ykman oath accounts add -i Yubi eve' writes it, and a copy of
	// the vault's GitHub seed.
	for _, seed := range []token.Seed{
		{Kind: token.TOTP, Issuer: "Yubi", Account: "eve", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30},
		{Kind: token.TOTP, Issuer: "GitHub", Account: "alice@example.com", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30},
	} {
		if err := s.Put(seed, false, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPassword([]byte("opensesame")); err != nil {
		t.Fatal(err)
	}
	g := newOATHGUI(t, card)
	read := g.keysTabWithKey(10000006)
	v := g.keys.oath.views[10000006]
	if v == nil || v.text.Text != "Its seeds are protected by a password." || !v.unlock.Visible() {
		t.Fatalf("locked key row: %+v", v)
	}
	test.Tap(v.unlock)
	dlg := g.topDialog(t)
	for _, o := range test.LaidOutObjects(dlg) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			test.Type(e, "opensesame")
		}
	}
	test.Tap(button(t, dlg, "Unlock"))
	g.released(func() { <-read })
	for _, want := range []string{"2 seeds:", "Yubi:eve (TOTP SHA1): not in this vault", "GitHub:alice@example.com (TOTP SHA1): a copy of GitHub (alice@example.com)"} {
		if !strings.Contains(v.text.Text, want) {
			t.Errorf("OATH row lacks %q:\n%s", want, v.text.Text)
		}
	}
	var inCard bool
	for _, o := range test.LaidOutObjects(g.keys.list) {
		inCard = inCard || o == fyne.CanvasObject(v.text)
	}
	if !inCard {
		t.Errorf("the OATH row is not on the key's card (%d cards, views %v)", len(g.keys.list.Objects), g.keys.oath.views)
	}
}

// Check the copies asks each key that holds the seed for a code and
// compares it with the vault's.
func TestCheckCopies(t *testing.T) {
	good, changed := newVirtualCard(t, 10000007), newVirtualCard(t, 10000008)
	g := newOATHGUI(t, good, changed)
	d := g.openSeed(t)
	if d.copies.check.Visible() {
		t.Error("Check the copies shown for a seed no key holds")
	}
	for i := range 2 {
		g.tapAndWait(button(t, g.win.Content(), "Copy to YubiKey…"))
		form := g.topDialog(t)
		for _, o := range test.LaidOutObjects(form) {
			if w, ok := o.(*widget.Select); ok {
				w.SetSelectedIndex(i)
			}
		}
		g.tapAndWait(button(t, form, "Copy"))
		g.wait()
	}
	// The second key's credential is replaced by one with another secret,
	// as another program could.
	other := token.Seed{Kind: token.TOTP, Issuer: "GitHub", Account: "alice@example.com", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: token.SHA1, Digits: 6, Period: 30}
	if err := session(t, changed, "").Put(other, false, true); err != nil {
		t.Fatal(err)
	}
	g.clock.t = time.Now()
	g.tapAndWait(button(t, g.win.Content(), "Check the copies"))
	g.wait()
	for _, want := range []string{"YubiKey 10000007: makes the same code as the vault.", "YubiKey 10000008: makes a different code"} {
		if !strings.Contains(d.copies.result.Text, want) {
			t.Errorf("check result lacks %q:\n%s", want, d.copies.result.Text)
		}
	}
	if d.copies.result.Importance != widget.WarningImportance {
		t.Errorf("a failed copy is not shown as a warning")
	}
	// The vault no longer counts the changed key as holding the seed.
	if !strings.Contains(d.copies.holders.Text, "YubiKey 10000007") || strings.Contains(d.copies.holders.Text, "YubiKey 10000008") {
		t.Errorf("holders after the check: %q", d.copies.holders.Text)
	}
}

// keysTabWithKey opens the Keys tab on a watcher that sees one key of
// firmware 5.4.3, and waits until its OATH row is read and the new key is
// saved in the vault (the cards rebuilt). Each later reading of an OATH
// row sends on the channel it returns.
func (g *testGUI) keysTabWithKey(serial uint32) chan struct{} {
	fake := &fakeKeys{watches: make(chan chan piv.Snapshot, 2)}
	g.keys.watcher = fake
	read := make(chan struct{}, 4)
	g.keys.oath.afterRead = func() { read <- struct{}{} }
	recorded := make(chan struct{}, 1)
	g.keys.afterRecord = func() { recorded <- struct{}{} }
	g.tabs.Select(g.keysTab)
	(<-fake.watches) <- piv.Snapshot{Keys: []piv.State{{Serial: serial, Firmware: "5.4.3"}}}
	g.released(func() { <-read })
	g.released(func() { <-recorded })
	return read
}
