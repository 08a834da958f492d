package ui

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token/piv"
)

// shownText is every text drawn under o and visible (labels, buttons,
// placeholders, form labels, tab names: all end as canvas.Text).
func shownText(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				out = append(out, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// notJapanese are English words allowed on a Japanese screen: names of
// things (products, standards, keys), and the English-only menus of
// YubiKey Manager and the AWS console that the app names.
var notJapanese = strings.Fields(`AWS QR TOTP HOTP YubiKey YubiKeys PIV FIDO2 U2F OATH SMS PIN PUK PINs
	SHA1 SHA256 SHA512 otpauth totp hotp Twofold IAM MFA ID Ctrl PNG JPEG bak
	Pixel e.g. Manager Applications Configure Change PIN PUK management key Unblock Reset Generate Import Certificates
	Troubleshoot Sign in using alternative factors Call me now fido piv oath SHA FIDO secret Google Authenticator Aegis FAS
	Yubico ykman Steam Guard iam aws sso`)

var englishWord = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]+`)

// englishOn lists the English words on screen besides data (the names
// given, which the test passes).
func englishOn(o fyne.CanvasObject, data ...string) []string {
	// The words of the data, which long texts may wrap anywhere.
	given := slices.Clone(notJapanese)
	for _, d := range data {
		given = append(given, englishWord.FindAllString(d, -1)...)
	}
	var found []string
	for _, text := range shownText(o) {
		if slices.ContainsFunc(data, func(d string) bool { return strings.Contains(d, text) }) {
			continue // a piece of a path wrapped anywhere
		}
		for _, w := range englishWord.FindAllString(text, -1) {
			if !slices.Contains(given, w) && !slices.Contains(found, w) {
				found = append(found, w)
			}
		}
	}
	return found
}

// checkJapanese fails the test when o shows an English word of the
// app's own, besides data.
func checkJapanese(t *testing.T, where string, o fyne.CanvasObject, data ...string) {
	t.Helper()
	if words := englishOn(o, data...); len(words) > 0 {
		t.Errorf("%s shows English: %q\n%s", where, words, strings.Join(shownText(o), " | "))
	}
}

// TestJapaneseScreens: with a Japanese locale, the main screens, pages
// and dialogs show no English word of the app's own.
func TestJapaneseScreens(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")

	check := func(where string, o fyne.CanvasObject, data ...string) {
		t.Helper()
		checkJapanese(t, where, o, data...)
	}

	fake := &fakeKeys{watches: make(chan chan piv.Snapshot, 2)}
	path := filepath.Join(t.TempDir(), "vault.age")
	a := test.NewTempApp(t)
	c := &clock{time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)}
	turn := newTurn(t)
	g := &testGUI{gui: newGUI(a, a.NewWindow("Twofold"), Options{VaultPath: path, Keys: fake, Now: c.now, Ticker: handTicker{}, Do: turn.do}), clock: c, path: path, turn: turn}
	g.win.Resize(fyne.NewSize(560, 720))
	t.Cleanup(func() { g.lock(); g.wait() })

	check("the first run", g.win.Content(), path)
	g.unlock.passphrase.SetText("Xk9#mQ2p")
	check("the first run, typed", g.win.Content(), path)

	manyFindingsVault(t, path)
	g.unlock.reset()
	check("the unlock screen", g.win.Content(), path)
	g.open(t)
	var data []string
	for _, s := range g.shown().seeds {
		data = append(data, s.Label(), s.Issuer, s.Account)
	}
	for _, a := range g.shown().accounts {
		data = append(data, a.Name)
	}
	// Examples in placeholders are data too.
	data = append(data, "Pixel 8", g.path, "GitHub", "alice@example.com", "JBSW Y3DP EHPK 3PXP")
	check("the codes", g.win.Content(), data...)

	g.tabs.Select(g.inventoryTab)
	check("the inventory", g.win.Content(), data...)

	shown := make(chan struct{}, 4)
	g.keys.afterShow = func() { shown <- struct{}{} }
	g.tabs.Select(g.keysTab)
	key := piv.State{Serial: 5550002, Firmware: "5.4.3", FormFactor: "USB-A Keychain",
		PIN:           piv.Credential{RetriesLeft: intp(3), MaxRetries: intp(3), Default: boolp(true)},
		PUK:           piv.Credential{RetriesLeft: intp(3), MaxRetries: intp(3), Default: boolp(false)},
		ManagementKey: piv.ManagementKey{Algorithm: "aes192", Default: boolp(true)},
	}
	key.Findings = piv.Findings(key, time.Now())
	(<-fake.watches) <- piv.Snapshot{Keys: []piv.State{key}}
	g.released(func() { <-shown })
	g.released(g.keys.oath.reads.Wait)
	check("the keys", g.win.Content(), append(data, "USB-A Keychain", "AES192")...)

	g.tabs.SelectIndex(3)
	check("the settings", g.win.Content(), data...)
	cancel := func() { test.Tap(button(t, g.topDialog(t), lang.L("Cancel"))) }
	test.Tap(button(t, g.win.Content(), lang.L("Change passphrase…")))
	check("change passphrase", g.topDialog(t), data...)
	cancel()
	test.Tap(button(t, g.win.Content(), lang.L("Back up the vault…")))
	check("back up", g.topDialog(t), data...)
	cancel()

	g.showDetail(g.shown().seeds[0].ID)
	check("a seed", g.win.Content(), data...)
	test.Tap(g.detailPage().showQR)
	check("the QR warning", g.topDialog(t), data...)
	cancel()
	test.Tap(button(t, g.win.Content(), lang.L("Delete seed…")))
	check("the delete question", g.topDialog(t), data...)
	cancel()

	g.showAdd()
	for i := range g.addPage().tabs.Items {
		g.addPage().tabs.SelectIndex(i)
		check("adding a seed", g.win.Content(), data...)
	}

	for _, a := range g.shown().accounts {
		if a.IsAWSRoot() {
			g.showAccount(a.ID)
		}
	}
	test.Tap(g.accountPage().lostButton)
	g.accountPage().kind.SetSelectedIndex(1)
	check("an AWS root account", g.win.Content(), append(data, "123456789012")...)
}
