package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// qrencodeImage draws each text as a QR code with Debian's qrencode and
// sets them side by side in one PNG with ImageMagick, so the image comes
// from tools this project did not write.
func qrencodeImage(t *testing.T, dir string, texts ...string) string {
	t.Helper()
	qrencode := testtool.Require(t, "qrencode")
	convert := testtool.Require(t, "convert")
	var parts []string
	for i, text := range texts {
		p := filepath.Join(dir, "part"+string(rune('a'+i))+".png")
		if out, err := exec.Command(qrencode, "-s", "5", "-m", "4", "-o", p, text).CombinedOutput(); err != nil {
			t.Fatalf("qrencode: %v: %s", err, out)
		}
		parts = append(parts, p)
	}
	all := filepath.Join(dir, "codes.png")
	args := append(parts, "-background", "white", "-gravity", "center", "+append", "-bordercolor", "white", "-border", "60", all)
	if out, err := exec.Command(convert, args...).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v: %s", err, out)
	}
	return all
}

// listed returns the labels of the vault's seeds.
func (tc *testCLI) listed() []string {
	tc.t.Helper()
	var seeds []seedJSON
	if err := json.Unmarshal([]byte(tc.ok("list", "--json")), &seeds); err != nil {
		tc.t.Fatal(err)
	}
	var labels []string
	for _, s := range seeds {
		labels = append(labels, s.Issuer+":"+s.Account)
	}
	slices.Sort(labels)
	return labels
}

func TestImportImageWithSeveralCodes(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	transferSeeds := []token.Seed{
		{Kind: token.TOTP, Issuer: "Bank", Account: "carol", Secret: "KRSXG5CTMVRXEZLU", Algorithm: token.SHA1, Digits: 6, Period: 30},
		{Kind: token.TOTP, Issuer: "Mail", Account: "dave", Secret: "MFRGGZDFMZTWQ2LK", Algorithm: token.SHA1, Digits: 6, Period: 30},
	}
	links, refused := transfer.EncodeMigration(transferSeeds, 7)
	if len(links) != 1 || len(refused) != 0 {
		t.Fatalf("transfer code: %d links, %d refused", len(links), len(refused))
	}
	img := qrencodeImage(t, tc.dir,
		"otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
		links[0],
		"otpauth://totp/VPN:bob?secret=GEZDGNBVGY3TQOJQ&issuer=VPN&digits=8",
	)
	before := tc.vaultBytes()
	tc.fails("3 QR codes in "+img+": use 'twofold import "+img+"'", "add", "--qr", img)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("add --qr on several codes changed the vault")
	}
	out := tc.ok("import", img)
	if !strings.Contains(out, "4 added, 0 skipped.") {
		t.Errorf("import said:\n%s", out)
	}
	want := []string{"ACME:alice@example.com", "Bank:carol", "Mail:dave", "VPN:bob"}
	if got := tc.listed(); !slices.Equal(got, want) {
		t.Errorf("vault holds %v, want %v", got, want)
	}
	// The codes made from what was imported agree with oathtool on the
	// secrets the image was made from.
	oathtool := testtool.Require(t, "oathtool")
	now := time.Now()
	tc.clock = now
	code := strings.TrimSpace(tc.ok("code", "vpn"))
	ref, err := exec.Command(oathtool, "--totp", "--base32", "--digits=8", "--now", now.UTC().Format("2006-01-02 15:04:05 UTC"), "GEZDGNBVGY3TQOJQ").Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	if !strings.Contains(code, strings.TrimSpace(string(ref))) {
		t.Errorf("code for VPN: %q, oathtool says %q", code, ref)
	}
}

func TestImportImageBadInput(t *testing.T) {
	convert := testtool.Require(t, "convert")
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()

	blank := filepath.Join(tc.dir, "blank.png")
	if out, err := exec.Command(convert, "-size", "640x480", "gradient:white-gray", blank).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v: %s", err, out)
	}
	tc.fails(blank+": no QR code found in the image (nothing imported)", "import", blank)
	tc.fails(blank+": no QR code found in the image", "add", "--qr", blank)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("an image without a QR code changed the vault")
	}

	notOTP := qrencodeImage(t, t.TempDir(), "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP", "https://example.com/download")
	out := tc.ok("import", notOTP)
	if !strings.Contains(out, "1 added, 0 skipped, 1 not read.\nNot read: "+notOTP+": QR code 2: not an OTP link") {
		t.Errorf("an image with a code that is no OTP link: %s", out)
	}
	tc.ok("rm", "--yes", "A")
	before = tc.vaultBytes()

	bomb := filepath.Join(tc.dir, "bomb.png")
	if err := os.WriteFile(bomb, testtool.PNGHeader(20000, 20000), 0o600); err != nil {
		t.Fatal(err)
	}
	tc.fails("bomb.png: image too large: 20000×20000 pixels", "import", bomb)
	tc.fails("bomb.png: image too large: 20000×20000 pixels", "add", "--qr", bomb)

	dir := filepath.Join(tc.dir, "screenshots")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	tc.fails(dir+": is a directory; give a file (nothing imported)", "import", dir)
	tc.fails(dir+": is a directory; give a file", "add", "--qr", dir)

	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused image changed the vault")
	}
}

// TestImportScreen shows an image of two codes with ImageMagick's display
// on a private X server, and imports them from the screen.
func TestImportScreen(t *testing.T) {
	display := testtool.Require(t, "display")
	testtool.StartXvfb(t, "1280x800")
	tc := newTestCLI(t)
	tc.ok("init")
	tc.fails("no OTP QR code found on the screen (1 monitor captured) (nothing imported)", "import", "--screen")
	tc.fails("import: give one or more files, or --screen", "import")

	// A screen of QR codes that are no OTP link: one line says so.
	other := show(t, display, qrencodeImage(t, t.TempDir(), "https://example.com/app"))
	_, errOut := pollScreenImport(tc, func(_, errOut string, _ int) bool { return strings.Contains(errOut, "QR code there") })
	if want := "twofold: no OTP QR code found on the screen (1 monitor captured; 1 QR code there, none an OTP link) (nothing imported)\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	other.Process.Kill()
	other.Wait()

	show(t, display, qrencodeImage(t, t.TempDir(),
		"otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
		"https://example.com/not-a-seed",
		"otpauth://totp/VPN:bob?secret=GEZDGNBVGY3TQOJQ&issuer=VPN",
	))
	out, errOut := pollScreenImport(tc, func(_, _ string, code int) bool { return code == 0 })
	if !strings.Contains(out, "2 added, 0 skipped.") {
		t.Fatalf("import --screen: stdout %q, stderr %q", out, errOut)
	}
	if !strings.Contains(errOut, "1 QR code on the screen left out (no OTP link)") {
		t.Errorf("stderr does not name the code left out: %q", errOut)
	}
	if got, want := tc.listed(), []string{"ACME:alice@example.com", "VPN:bob"}; !slices.Equal(got, want) {
		t.Errorf("vault holds %v, want %v", got, want)
	}
}

// show opens img in ImageMagick's display on the test's X server.
func show(t *testing.T, display, img string) *exec.Cmd {
	t.Helper()
	viewer := exec.Command(display, "-geometry", "+100+150", img)
	if err := viewer.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { viewer.Process.Kill(); viewer.Wait() })
	return viewer
}

// pollScreenImport runs 'import --screen' until done says the window
// shown was painted and read; the bound only stops a broken run from
// hanging.
func pollScreenImport(tc *testCLI, done func(out, errOut string, code int) bool) (string, string) {
	var out, errOut string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var code int
		if out, errOut, code = tc.run("import", "--screen"); done(out, errOut, code) {
			break
		}
	}
	return out, errOut
}
