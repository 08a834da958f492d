package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

const bankURI = "otpauth://totp/%E6%A5%BD%E5%A4%A9%E9%8A%80%E8%A1%8C:%E5%B1%B1%E7%94%B0?secret=JBSWY3DPEHPK3PXP&issuer=%E6%A5%BD%E5%A4%A9%E9%8A%80%E8%A1%8C"

// TestKitCommand prints a kit and reads it back with poppler and zbarimg:
// the Japanese account's name, each secret in groups of four, and each
// seed's QR code.
func TestKitCommand(t *testing.T) {
	pdftoppm := testtool.Require(t, "pdftoppm")
	pdftotext := testtool.Require(t, "pdftotext")
	zbarimg := testtool.Require(t, "zbarimg")
	setLocale(t, "C.UTF-8")
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	tc.ok("add", bankURI)
	tc.ok("account", "add", "楽天銀行", "--email", "yamada@example.jp")
	tc.ok("factor", "add", "楽天銀行", "--kind", "seed", "--seed", "山田")
	pdf := filepath.Join(tc.dir, "kit.pdf")
	out, errOut, code := tc.run("kit", "-o", pdf, "--paper", "letter")
	if code != 0 {
		t.Fatalf("kit: %s", errOut)
	}
	if !strings.Contains(errOut, "The kit shows the secrets of 2 seeds in clear text") {
		t.Errorf("kit does not say what the paper gives away: %q", errOut)
	}
	if !strings.Contains(out, "Wrote "+pdf+": 2 accounts and 2 seeds on Letter paper.") {
		t.Errorf("kit said %q", out)
	}
	if fi, err := os.Stat(pdf); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("kit file: %v, mode %v", err, fi.Mode())
	}
	text, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"楽天銀行", "yamada@example.jp", "JBSW Y3DP EHPK 3PXP", "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", "SENSITIVE"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the kit's text lacks %q", want)
		}
	}
	if out, err := exec.Command(pdftoppm, "-r", "150", "-png", pdf, filepath.Join(tc.dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(tc.dir, "page-*.png"))
	var read []string
	for _, p := range pages {
		out, _ := exec.Command(zbarimg, "--quiet", "--raw", p).Output()
		read = append(read, strings.Fields(string(out))...)
	}
	slices.Sort(read)
	want := []string{strings.TrimSpace(tc.ok("export", "uris"))}
	want = strings.Fields(want[0])
	slices.Sort(want)
	if !slices.Equal(read, want) {
		t.Errorf("QR codes on the paper: %q, want the vault's links %q", read, want)
	}
}

func TestKitRefusesToOverwrite(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	old := tc.writeFile("kit.pdf", "an older kit")
	tc.fails("kit: "+old+" exists (use --force to replace it)", "kit", "-o", old)
	if tc.readFile("kit.pdf") != "an older kit" {
		t.Error("the file was changed without --force")
	}
	// --force on a symbolic link replaces the link, never its target.
	target := tc.writeFile("target.txt", "not a kit")
	link := filepath.Join(tc.dir, "link.pdf")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	tc.fails("exists", "kit", "-o", link)
	tc.ok("kit", "-o", link, "--force")
	if tc.readFile("target.txt") != "not a kit" {
		t.Error("kit --force wrote through a symbolic link")
	}
	if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("after --force: %v %v", fi.Mode(), err)
	}
	tc.ok("kit", "-o", old, "--force")
	if !strings.HasPrefix(tc.readFile("kit.pdf"), "%PDF-") {
		t.Error("--force did not replace the file with a PDF")
	}
	if code := tc.fails("kit: --paper: unknown paper size", "kit", "-o", filepath.Join(tc.dir, "x.pdf"), "--paper", "a3"); code != 2 {
		t.Errorf("bad --paper: exit %d, want 2", code)
	}
	tc.fails("kit: give -o FILE.pdf", "kit")
	tc.fails("is a directory", "kit", "-o", tc.dir, "--force")
}

// setLocale makes the test's locale lang alone.
func setLocale(t *testing.T, lang string) {
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(name, "")
	}
	t.Setenv("LANG", lang)
}

// TestKitLanguage prints the kit under a Japanese locale, and in English
// there with --lang en: the language of the paper follows.
func TestKitLanguage(t *testing.T) {
	pdftotext := testtool.Require(t, "pdftotext")
	setLocale(t, "ja_JP.UTF-8")
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	for _, c := range []struct{ lang, want, not string }{
		{"", "Twofold 緊急キット", "SENSITIVE"},
		{"en", "SENSITIVE", "取扱注意"},
		{"ja", "取扱注意", "SENSITIVE"},
	} {
		pdf := filepath.Join(tc.dir, "kit-"+c.lang+".pdf")
		args := []string{"kit", "-o", pdf}
		if c.lang != "" {
			args = append(args, "--lang", c.lang)
		}
		tc.ok(args...)
		text, err := exec.Command(pdftotext, pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		if !strings.Contains(string(text), c.want) || strings.Contains(string(text), c.not) {
			t.Errorf("--lang %q: the kit does not say %q, or says %q", c.lang, c.want, c.not)
		}
	}
	_, errOut, code := tc.run("kit", "-o", filepath.Join(tc.dir, "x.pdf"), "--lang", "fr")
	if code != 2 || !strings.Contains(errOut, "--lang") {
		t.Errorf("--lang fr: exit %d, %q", code, errOut)
	}
}
