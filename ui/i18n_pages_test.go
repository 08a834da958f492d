package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/kit"
)

// seedWords are the names of g's seeds and accounts, which a page shows
// as they are.
func (g *testGUI) seedWords() []string {
	var data []string
	for _, s := range g.shown().seeds {
		data = append(data, s.Label(), s.Issuer, s.Account)
	}
	for _, a := range g.shown().accounts {
		data = append(data, a.Name, a.Principal, a.AWSAccount)
	}
	return data
}

// TestJapanesePages: with a Japanese locale, the import page, the move to
// a new phone, the Google transfer codes and the kit dialog show no
// English word of the app's own, from start to end.
func TestJapanesePages(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g := newTestGUI(t, githubURI, googleURI)
	g.open(t)
	data := append(g.seedWords(), "Example", "user01", "links.txt", "notes.txt", "Pixel 9",
		"otpauth-migration://offline?data=…")

	g.showImport()
	s := g.importPage()
	checkJapanese(t, "the import page", g.win.Content(), data...)
	s.readContent("links.txt", []byte(githubURI+"\notpauth://totp/Example:user01?secret=AAAAAAAAAAAAAAA3"))
	g.wait()
	checkJapanese(t, "the import preview", g.win.Content(), data...)
	s.readContent("notes.txt", []byte("hello"))
	g.wait()
	checkJapanese(t, "an import that cannot be read", g.win.Content(), data...)
	test.Tap(s.importNew)
	g.wait()
	checkJapanese(t, "the import's result", g.win.Content(), data...)

	g.menuItem(t, lang.L("Move seeds to a new phone…"))
	w := g.wizardPage()
	checkJapanese(t, "the wizard's first step", g.win.Content(), data...)
	test.Tap(w.start)
	checkJapanese(t, "the wizard without a phone name", g.win.Content(), data...)
	w.device.SetText("Pixel 9")
	test.Tap(w.start)
	checkJapanese(t, "the wizard's warning", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Show the QR codes")))
	g.wait()
	checkJapanese(t, "the wizard's QR code", g.win.Content(), data...)
	test.Tap(w.check)
	checkJapanese(t, "the wizard without a code", g.win.Content(), data...)
	for range len(g.shown().seeds) {
		test.Tap(w.skip)
	}
	checkJapanese(t, "the wizard's summary", g.win.Content(), data...)
	test.Tap(button(t, g.win.Content(), lang.L("Done")))

	g.menuItem(t, lang.L("Export to Google Authenticator…"))
	checkJapanese(t, "the transfer codes' warning", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Show the codes")))
	g.wait()
	if g.googleCodesPage() == nil {
		t.Fatal("the transfer codes page is not open")
	}
	checkJapanese(t, "the transfer codes", g.win.Content(), data...)
	g.back()

	g.tabs.SelectIndex(3)
	test.Tap(button(t, g.settings.content, lang.L("Print emergency kit…")))
	checkJapanese(t, "the kit dialog", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Cancel")))
}

// TestJapaneseAWSPages: the AWS sync, backup device and root console
// pages in Japanese.
func TestJapaneseAWSPages(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g, f, _ := newAWSTestGUI(t)
	// Names of AWS settings and permissions, as AWS spells them.
	data := []string{"AWS_PROFILE, AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL",
		"iam:ListUsers, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:GetAccountSummary",
		"iam:CreateVirtualMFADevice iam:EnableMFADevice", "root-twofold", "bob-twofold"}

	g.back()
	g.tabs.Select(g.inventoryTab)
	test.Tap(button(t, g.win.Content(), lang.L("Sync with AWS…")))
	sync := g.awsSyncPage()
	if sync == nil {
		t.Fatal("the sync page is not open")
	}
	checkJapanese(t, "the sync page", sync.content, data...)
	test.Tap(sync.run)
	g.wait()
	if sync.problem.Visible() || !sync.report.Visible() {
		t.Fatalf("the sync failed: %q", sync.problem.Text)
	}
	data = append(data, g.seedWords()...)
	// The report, worded by the app: the names IAM gave are data.
	names := append([]string{"arn:aws:sts::123456789012:user/moto", "leftover", "iam:ListUsers"}, iamtest.SceneUsers...)
	for _, a := range g.shown().accounts {
		names = append(names, a.Name)
	}
	checkJapanese(t, "the sync report", sync.report.Container, append(data, names...)...)
	if len(sync.report.Objects) < 4 || !strings.Contains(sync.report.Text, "bob には MFA デバイスがありません。") {
		t.Errorf("the sync report is not shown as findings in Japanese:\n%s", sync.report.Text)
	}

	g.showAccount(g.awsAccount(t, "bob").ID)
	test.Tap(button(t, g.win.Content(), lang.L("Add a backup device…")))
	checkJapanese(t, "the backup device page", g.win.Content(), data...)
	enroll := g.awsEnrollPage()
	f.RefuseCodes()
	test.Tap(enroll.run)
	g.wait()
	checkJapanese(t, "the refused enrollment", enroll.result, append(data, "arn:aws:iam::123456789012:mfa/bob-twofold")...)
	f.AcceptCodes()
	test.Tap(enroll.run)
	g.wait()
	if !enroll.showQR.Visible() {
		t.Fatalf("the enrollment failed: %q", enroll.result.Text)
	}
	checkJapanese(t, "the enrollment's result", enroll.result, append(data, "arn:aws:iam::123456789012:mfa/bob-twofold", "bob@123456789012", "Amazon Web Services (bob@123456789012)")...)

	g.showAccount(g.awsAccount(t, inventory.RootPrincipal).ID)
	test.Tap(button(t, g.win.Content(), lang.L("Add a virtual MFA device (console)…")))
	root := g.awsRootPage()
	if root == nil {
		t.Fatal("the root page is not open")
	}
	checkJapanese(t, "the root page", root.content, data...)
	test.Tap(root.keep)
	checkJapanese(t, "the root page without a secret", root.content, data...)
	root.secret.SetText("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
	test.Tap(root.keep)
	g.wait()
	if !root.stored.Visible() {
		t.Fatalf("the seed was not kept: %q", root.problem.Text)
	}
	checkJapanese(t, "the root page's codes", root.content, data...)
	test.Tap(root.showQR)
	checkJapanese(t, "the root QR warning", g.topDialog(t), data...)
	test.Tap(button(t, g.topDialog(t), lang.L("Cancel")))
}

// TestJapaneseYubiKeyPages: a seed's YubiKey section, its copy dialog
// and check, and the Keys tab with a key's OATH seeds, in Japanese.
func TestJapaneseYubiKeyPages(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	card := newVirtualCard(t, 10000009)
	eve := token.Seed{Kind: token.TOTP, Issuer: "Yubi", Account: "eve", Secret: "JBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}
	s := session(t, card, "")
	if err := s.Put(eve, false, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword([]byte("opensesame")); err != nil {
		t.Fatal(err)
	}
	g := newOATHGUI(t, card)
	data := append(g.seedWords(), "Yubi:eve", "GitHub:alice@example.com", "5.4.3")

	read := g.keysTabWithKey(10000009)
	checkJapanese(t, "the Keys tab, OATH locked", g.win.Content(), data...)
	test.Tap(g.keys.oath.views[10000009].unlock)
	checkJapanese(t, "the OATH password dialog", g.topDialog(t), data...)
	g.givePassword(t, "opensesame")
	g.released(func() { <-read })
	checkJapanese(t, "the Keys tab with OATH", g.win.Content(), data...)

	g.tabs.SelectIndex(0)
	g.openSeed(t)
	checkJapanese(t, "a seed's YubiKey section", g.win.Content(), data...)
	g.tapAndWait(button(t, g.win.Content(), lang.L("Copy to YubiKey…")))
	form := g.topDialog(t)
	checkJapanese(t, "the copy dialog", form, data...)
	g.tapAndWait(button(t, form, lang.L("Copy")))
	checkJapanese(t, "the copy's password dialog", g.topDialog(t), data...)
	g.givePassword(t, "opensesame")
	g.wait()
	g.wait() // the vault records the copy
	checkJapanese(t, "a seed's YubiKey section after a copy", g.win.Content(), data...)
	if d := g.detailPage(); !d.copies.check.Visible() || !strings.Contains(d.copies.holders.Text, "YubiKey 10000009") {
		t.Fatalf("the copy is not recorded: %q", d.copies.holders.Text)
	}
	g.tapAndWait(button(t, g.win.Content(), lang.L("Check the copies")))
	g.givePassword(t, "opensesame")
	g.wait()
	checkJapanese(t, "a seed's copies checked", g.win.Content(), data...)
}

// givePassword types password into the password dialog on top and
// unlocks.
func (g *testGUI) givePassword(t *testing.T, password string) {
	t.Helper()
	dlg := g.topDialog(t)
	for _, o := range test.LaidOutObjects(dlg) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			test.Type(e, password)
		}
	}
	test.Tap(button(t, dlg, lang.L("Unlock")))
}

// TestTranslatedTwinsMatch: the ui's own wording of texts that token
// packages also write says the same in English.
func TestTranslatedTwinsMatch(t *testing.T) {
	useLocale(t, "en_US.UTF-8")
	for _, n := range []int{1, 3} {
		if got, want := kitWarning(n), kit.Warning(n); got != want {
			t.Errorf("kit warning for %d seeds:\n%s\nkit says:\n%s", n, got, want)
		}
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, key := range []inventory.KeyRecord{{Serial: 123}, {Serial: 456, Nickname: "blue"}} {
		for _, ago := range []time.Duration{time.Minute, 5 * time.Hour, 30 * time.Hour, 10 * 24 * time.Hour} {
			h := inventory.Holder{Key: key, Checked: now.Add(-ago)}
			if got, want := holderText(h, now), h.Describe(now); got != want {
				t.Errorf("holder %q, inventory says %q", got, want)
			}
		}
	}
}
