package ui

import (
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// Test seeds; the secrets are RFC 6238's test keys and made-up ones.
const (
	githubURI = "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
	awsURI    = "otpauth://totp/Amazon%20Web%20Services:root@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services"
	googleURI = "otpauth://totp/Google:bob@gmail.com?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Google"

	testPassphrase = "correct horse battery"
)

// clock is a settable time for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// handTicker leaves ticking to the test, which calls tick with its own
// clock.
type handTicker struct{}

func (handTicker) Start(func()) (stop func()) { return func() {} }

// testFiles answers the file dialogs: Open hands over the file at open
// (none: nothing happens, as when cancelled), Save the path in dir.
type testFiles struct {
	open  string
	dir   string
	asked []string // the names Save was asked for
}

func (f *testFiles) Open(_ []string, then func(fyne.URIReadCloser, error)) {
	if f.open == "" {
		return
	}
	then(storage.Reader(storage.NewFileURI(f.open)))
}

func (f *testFiles) Save(name string, then func(string)) {
	f.asked = append(f.asked, name)
	then(filepath.Join(f.dir, name))
}

// uiTurn takes turns between the test and the app's goroutines
// (Options.Do). Fyne's test driver runs fyne.Do on the goroutine that
// calls it, at once; here the test holds the turn while it touches
// widgets and lets go only while it waits (wait, released), so that a
// goroutine's result and the test never touch widgets at the same time.
type uiTurn struct{ mu sync.Mutex }

func (u *uiTurn) do(f func()) {
	u.mu.Lock()
	defer u.mu.Unlock()
	f()
}

// newTurn is a turn the test holds from now on; it lets go for good
// once the test's other clean-ups ran.
func newTurn(t *testing.T) *uiTurn {
	u := &uiTurn{}
	u.mu.Lock()
	t.Cleanup(u.mu.Unlock)
	return u
}

// wait lets the app's goroutines finish their work, results shown,
// before the test goes on.
func (g *testGUI) wait() { g.released(g.work.Wait) }

// released runs wait (a channel receive, say) with the turn let go, so
// that the app's goroutines can hand back their results meanwhile.
func (g *testGUI) released(wait func()) {
	g.turn.mu.Unlock()
	defer g.turn.mu.Lock()
	wait()
}

// testGUI is the app under test with its fake clock.
type testGUI struct {
	*gui
	clock *clock
	path  string
	turn  *uiTurn
}

// newTestGUI opens the app on a vault at a fresh path holding uris (no
// vault file when uris is nil).
func newTestGUI(t *testing.T, uris ...string) *testGUI {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.age")
	if uris != nil {
		makeVault(t, path, uris...)
	}
	return newTestGUIAt(t, path)
}

// newTestGUIAt opens the app on the vault at path.
func newTestGUIAt(t *testing.T, path string) *testGUI {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Twofold")
	c := &clock{time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)}
	turn := newTurn(t)
	g := newGUI(a, w, Options{VaultPath: path, Now: c.now, Ticker: handTicker{}, Do: turn.do})
	w.Resize(fyne.NewSize(560, 720))
	tg := &testGUI{gui: g, clock: c, path: path, turn: turn}
	t.Cleanup(func() {
		g.lock()
		tg.wait()
	})
	return tg
}

// The page open, if it is of that kind.
func (g *testGUI) addPage() *addScreen         { return pageAs[*addScreen](g.gui) }
func (g *testGUI) detailPage() *detailScreen   { return pageAs[*detailScreen](g.gui) }
func (g *testGUI) accountPage() *accountScreen { return pageAs[*accountScreen](g.gui) }

func makeVault(t *testing.T, path string, uris ...string) {
	t.Helper()
	v, err := vault.Create(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range uris {
		s, err := token.ParseURI(u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Data.AddSeed(s, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
}

// open types the passphrase and waits for the vault to open.
func (g *testGUI) open(t *testing.T) {
	t.Helper()
	test.Type(g.unlock.passphrase, testPassphrase)
	test.Tap(g.unlock.button)
	g.wait()
	if !g.isUnlocked() {
		t.Fatalf("not unlocked; problem shown: %q", g.unlock.problem.Text)
	}
}

// closeDialogs closes the dialogs open, as a lock does.
func (g *testGUI) closeDialogs() {
	for _, d := range slices.Clone(g.dialogs) {
		d.Hide()
	}
}

// onDisk opens the vault file as the command line would.
func (g *testGUI) onDisk(t *testing.T) vault.Data {
	t.Helper()
	v, err := vault.Open(g.path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	return v.Data
}

// button finds a visible button by its text under o (a window's content
// or a dialog's overlay).
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, obj := range test.LaidOutObjects(o) {
		b, ok := obj.(*widget.Button)
		if d, isDefault := obj.(*defaultButton); isDefault {
			b, ok = &d.Button, true
		}
		if ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// topDialog is the overlay a dialog put on the window.
func (g *testGUI) topDialog(t *testing.T) fyne.CanvasObject {
	t.Helper()
	top := g.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	return top
}

func (g *testGUI) code(t *testing.T, uri string, at time.Time) string {
	t.Helper()
	s, err := token.ParseURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Code(at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// press types Ctrl (Cmd on macOS) and key: it runs the main menu item
// with that shortcut, as the desktop driver does.
func (g *testGUI) press(key fyne.KeyName) {
	want := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
	for _, m := range g.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
				it.Action()
				return
			}
		}
	}
	panic("no menu item for " + want)
}

func encodePNG(w io.Writer, img image.Image) error { return png.Encode(w, img) }

// saveShot writes a window capture under $TWOFOLD_SHOTS, when set, for
// people to look at.
func saveShot(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("TWOFOLD_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// clipboardContent reads the clipboard under the guard's lock: the test
// driver clears it from the timer's goroutine.
func (g *testGUI) clipboardContent() string {
	g.clip.mu.Lock()
	defer g.clip.mu.Unlock()
	return g.app.Clipboard().Content()
}
