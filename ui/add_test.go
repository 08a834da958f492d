package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

func TestAddByURI(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.press(fyne.KeyN)
	a := g.addPage()
	if a == nil {
		t.Fatal("Ctrl+N does not open the add screen")
	}
	test.Type(a.uri, "https://example.com/not-a-seed")
	if !a.uriAdd.Disabled() || a.uriPreview.Text != message(token.ErrMalformedURI) {
		t.Errorf("bad link: add disabled %v, says %q", a.uriAdd.Disabled(), a.uriPreview.Text)
	}
	a.uri.SetText("otpauth://totp/Example:carol?secret=ZZZ1&issuer=Example")
	if a.uriPreview.Text != message(token.ErrSecret) {
		t.Errorf("bad secret says %q", a.uriPreview.Text)
	}
	a.uri.SetText(googleURI)
	if a.uriAdd.Disabled() || !strings.Contains(a.uriPreview.Text, "Google (bob@gmail.com)") {
		t.Fatalf("good link: add disabled %v, says %q", a.uriAdd.Disabled(), a.uriPreview.Text)
	}
	test.Tap(a.uriAdd)
	g.wait()
	if g.addPage() != nil {
		t.Error("the add screen stays open after adding")
	}
	if n := len(g.onDisk(t).Seeds); n != 2 {
		t.Fatalf("vault holds %d seeds, want 2", n)
	}
	if g.codes.list.Length() != 2 || !strings.HasPrefix(g.codes.status.Text, "Added Google") {
		t.Errorf("list has %d rows, status %q", g.codes.list.Length(), g.codes.status.Text)
	}
}

func TestAddByFormValidation(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	a := g.addPage()
	test.Type(a.secret, "not base32!")
	if err := a.secret.Validate(); err == nil || err.Error() != fieldMessage(token.ErrSecret) {
		t.Errorf("bad secret: %v", err)
	}
	a.secret.SetText("gezd gnbv gy3t qojq") // as sites print it
	if err := a.secret.Validate(); err != nil {
		t.Errorf("grouped lower-case secret refused: %v", err)
	}
	if err := a.account.Validate(); err == nil || err.Error() != fieldMessage(token.ErrAccount) {
		t.Errorf("empty account: %v", err)
	}
	a.period.SetText("0")
	if err := a.period.Validate(); err == nil || err.Error() != fieldMessage(token.ErrPeriod) {
		t.Errorf("period 0: %v", err)
	}
	a.period.SetText("thirty")
	if err := a.period.Validate(); err == nil || err.Error() != periodNumberMessage {
		t.Errorf("period thirty: %v", err)
	}
	a.period.SetText("30")

	// Submitting with the account missing puts the problem at the field
	// (the form shows what the entry reports), and adds nothing.
	var atField error
	a.account.SetOnValidationChanged(func(err error) { atField = err })
	a.submitForm()
	g.wait()
	if atField == nil || atField.Error() != fieldMessage(token.ErrAccount) {
		t.Fatalf("the account field reports %v, want %q", atField, fieldMessage(token.ErrAccount))
	}
	if n := len(g.onDisk(t).Seeds); n != 1 {
		t.Fatalf("vault holds %d seeds after a refused submit, want 1", n)
	}
	test.Type(a.issuer, "Example")
	test.Type(a.account, "dave@example.com")
	a.digits.SetSelected("8")
	a.algorithm.SetSelected("SHA256")
	if _, err := a.formSeed(); err != nil {
		t.Fatalf("form seed: %v", err)
	}
	a.submitForm()
	g.wait()
	seeds := g.onDisk(t).Seeds
	if len(seeds) != 2 {
		t.Fatalf("vault holds %d seeds, want 2", len(seeds))
	}
	s := seeds[1]
	if s.Issuer != "Example" || s.Account != "dave@example.com" || s.Secret != "GEZDGNBVGY3TQOJQ" ||
		s.Digits != 8 || s.Algorithm != token.SHA256 || s.Period != 30 {
		t.Errorf("stored seed %+v", s.Label())
	}
}

func TestAddFromQRImage(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	a := g.addPage()

	a.readImage(bytes.NewReader(blankPNG(t)))
	if !a.qrAdd.Disabled() || a.qrPreview.Text != message(qr.ErrNoCode) {
		t.Errorf("image without a code: add disabled %v, says %q", a.qrAdd.Disabled(), a.qrPreview.Text)
	}
	png, err := qr.PNG(awsURI, 300)
	if err != nil {
		t.Fatal(err)
	}
	a.readImage(bytes.NewReader(png))
	if a.qrAdd.Disabled() || !strings.Contains(a.qrPreview.Text, "Amazon Web Services (root@123456789012)") {
		t.Fatalf("QR image: add disabled %v, says %q", a.qrAdd.Disabled(), a.qrPreview.Text)
	}
	test.Tap(a.qrAdd)
	g.wait()
	d := g.onDisk(t)
	if n := len(d.Seeds); n != 2 {
		t.Fatalf("vault holds %d seeds, want 2", n)
	}
	// The AWS seed became the factor of its account, as on the command line.
	if len(d.Accounts) != 1 || d.Accounts[0].Name != "AWS 123456789012 root" ||
		len(d.Accounts[0].Factors) != 1 || d.Accounts[0].Factors[0].SeedID != d.Seeds[1].ID {
		t.Errorf("inventory after adding the AWS seed: %+v", d.Accounts)
	}
}

func TestAddDuplicateAsks(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	g.showAdd()
	g.addPage().uri.SetText(githubURI)
	test.Tap(g.addPage().uriAdd)
	g.wait()
	d := g.topDialog(t)
	if !strings.Contains(texts(d), "The vault already holds this secret, as GitHub") {
		t.Errorf("the question says %q", texts(d))
	}
	test.Tap(button(t, d, "No"))
	g.wait()
	if n := len(g.onDisk(t).Seeds); n != 1 {
		t.Fatalf("vault holds %d seeds after No, want 1", n)
	}
	test.Tap(g.addPage().uriAdd)
	g.wait()
	test.Tap(button(t, g.topDialog(t), "Add again"))
	g.wait()
	if n := len(g.onDisk(t).Seeds); n != 2 {
		t.Fatalf("vault holds %d seeds after confirming, want 2", n)
	}
}

func blankPNG(t *testing.T) []byte {
	t.Helper()
	img := test.NewTempWindow(t, nil).Canvas().Capture()
	var b bytes.Buffer
	if err := encodePNG(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
