package kit

import (
	"bytes"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

var printed = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// sample is a vault of accounts and seeds with Japanese names, an AWS
// root user, an HOTP seed and seeds no account lists; extra adds plain
// seeds so the kit runs over several pages.
func sample(extra int) Input {
	seeds := []token.Seed{
		{ID: "aws1", Kind: token.TOTP, Issuer: "Amazon Web Services", Account: "root-account-mfa-device@123456789012",
			Secret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ", Algorithm: token.SHA1, Digits: 6, Period: 30, Added: printed.AddDate(-1, 0, 0)},
		{ID: "bank", Kind: token.TOTP, Issuer: "楽天銀行", Account: "山田太郎", Secret: "JBSWY3DPEHPK3PXP",
			Algorithm: token.SHA256, Digits: 8, Period: 60, Verified: printed.AddDate(0, -2, 0), VerifiedOn: "Pixel 9"},
		{ID: "vpn", Kind: token.HOTP, Issuer: "VPN", Account: "dave", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
			Algorithm: token.SHA1, Digits: 6, Counter: 42},
		{ID: "loose", Kind: token.TOTP, Issuer: "", Account: "Ελληνικά Привет", Secret: "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
			Algorithm: token.SHA512, Digits: 7, Period: 30},
		{ID: "hangul", Kind: token.TOTP, Issuer: "Naver", Account: "김민수", Secret: "ONSWG4TFOQQGC5LUNA",
			Algorithm: token.SHA1, Digits: 6, Period: 30},
	}
	for i := range extra {
		seeds = append(seeds, token.Seed{ID: fmt.Sprintf("x%d", i), Kind: token.TOTP, Issuer: "Example",
			Account: fmt.Sprintf("user%02d@example.com", i), Secret: base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(fmt.Sprintf("example seed %02d", i))),
			Algorithm: token.SHA1, Digits: 6, Period: 30})
	}
	return Input{
		Seeds: seeds,
		Accounts: []inventory.Account{
			{ID: "a1", Name: "本番アカウント（東京）", Provider: inventory.AWS, AWSAccount: "123456789012", Principal: "root",
				Email: "root@example.co.jp", Phone: "+81312345678",
				Factors: []inventory.Factor{{ID: "f1", Kind: inventory.SeedFactor, SeedID: "aws1"}}},
			{ID: "a2", Name: "楽天銀行", Provider: inventory.Generic,
				Factors: []inventory.Factor{{ID: "f2", Kind: inventory.SeedFactor, SeedID: "bank"}, {ID: "f3", Kind: inventory.KeyFactor, KeySerial: 12345678, KeyUse: "fido"}}},
			{ID: "a3", Name: "VPN", Provider: inventory.Generic,
				Factors: []inventory.Factor{{ID: "f4", Kind: inventory.SeedFactor, SeedID: "vpn"}}},
		},
		Keys: []inventory.KeyRecord{{Serial: 12345678, Nickname: "Blue", LastSeen: printed.AddDate(0, -1, 0),
			Holds: []inventory.HeldSeed{{SeedID: "vpn", Checked: printed}}}},
	}
}

// writeKit writes the kit of in to a file and returns its path.
func writeKit(t *testing.T, in Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in, printed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kit.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pageTexts has pdftotext read each page of the PDF.
func pageTexts(t *testing.T, pdf string) []string {
	t.Helper()
	pdftotext := testtool.Require(t, "pdftotext")
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if pages[len(pages)-1] == "" || strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// TestKitReadBack renders every page with pdftoppm and has zbarimg read
// the QR codes back: every seed is there, as its own otpauth link.
func TestKitReadBack(t *testing.T) {
	pdftoppm := testtool.Require(t, "pdftoppm")
	zbarimg := testtool.Require(t, "zbarimg")
	in := sample(8)
	pdf := writeKit(t, in)
	dir := t.TempDir()
	if out, err := exec.Command(pdftoppm, "-r", "150", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 2 {
		t.Fatalf("%d pages rendered, want the kit to run over several", len(pages))
	}
	var read []string
	for _, page := range pages {
		out, err := exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page).Output()
		if err != nil && len(out) == 0 {
			continue // a page with no code (zbarimg exits 4)
		}
		read = append(read, strings.Split(strings.TrimSpace(string(out)), "\n")...)
	}
	for _, s := range in.Seeds {
		if !slices.Contains(read, s.URI()) {
			t.Errorf("seed %s: its QR code was not read back from the rendered pages", s.Label())
		}
	}
	if len(read) != len(in.Seeds) {
		t.Errorf("read %d codes from %d seeds", len(read), len(in.Seeds))
	}
	// The codes read back are seeds that make the same codes.
	for _, uri := range read {
		s, err := token.ParseURI(uri)
		if err != nil {
			t.Errorf("a code on the paper does not parse: %v", err)
			continue
		}
		i := slices.IndexFunc(in.Seeds, func(o token.Seed) bool { return o.Secret == s.Secret })
		if i < 0 || s.Digits != in.Seeds[i].Digits || s.Algorithm != in.Seeds[i].Algorithm || s.Counter != in.Seeds[i].Counter {
			t.Errorf("the code of %s does not match a seed of the vault", s.Label())
		}
	}
}

func TestKitText(t *testing.T) {
	in := sample(8)
	pages := pageTexts(t, writeKit(t, in))
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, "SENSITIVE") {
			t.Errorf("page %d has no SENSITIVE mark", i+1)
		}
		if !strings.Contains(p, fmt.Sprintf("Page %d of %d", i+1, len(pages))) {
			t.Errorf("page %d does not say its number", i+1)
		}
		if !strings.Contains(p, "printed 25 November 2026") {
			t.Errorf("page %d is not dated", i+1)
		}
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		"本番アカウント（東京）", "楽天銀行", "山田太郎", "Ελληνικά Привет", // names in every script the fonts draw
		"root@example.co.jp", "+81312345678", // recovery contacts
		"Troubleshoot MFA", // the AWS root user's lost-device steps
		"Where this paper is kept",
		"Seeds in no account",
		"key 12345678 \"Blue\" (fido)",
		"Hardware keys", "key 12345678 \"Blue\", last seen 2026-10-25. A factor of: 楽天銀行 (fido). Its OATH application holds: VPN",
		"counter 42",
		"Verified on Pixel 9",
		"Naver", "□□□", // Hangul, which no embedded font has, as white squares
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the kit does not say %q", want)
		}
	}
	for _, s := range in.Seeds {
		if !strings.Contains(all, token.GroupSecret(s.Secret)) {
			t.Errorf("the secret of %s is not printed in groups of four", s.Label())
		}
	}
	// Only the AWS root user gets AWS's root recovery steps.
	if n := strings.Count(all, "Troubleshoot MFA"); n != 1 {
		t.Errorf("root recovery steps printed %d times", n)
	}
}

func TestKitPaper(t *testing.T) {
	pdfinfo := testtool.Require(t, "pdfinfo")
	for _, c := range []struct {
		paper Paper
		size  string
	}{{"", "595 x 842"}, {A4, "595 x 842"}, {Letter, "612 x 792"}} {
		in := sample(0)
		in.Paper = c.paper
		out, err := exec.Command(pdfinfo, writeKit(t, in)).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		if !strings.Contains(string(out), "Page size:       "+c.size+" pts") {
			t.Errorf("paper %q: pdfinfo says\n%s", c.paper, out)
		}
	}
	if _, err := ParsePaper("A3"); !errors.Is(err, ErrPaper) {
		t.Errorf("ParsePaper(A3): %v", err)
	}
	if p, err := ParsePaper(" Letter"); err != nil || p != Letter {
		t.Errorf("ParsePaper(Letter): %v %v", p, err)
	}
	if err := Write(&bytes.Buffer{}, Input{Paper: "a3"}, printed); !errors.Is(err, ErrPaper) {
		t.Errorf("Write on A3: %v", err)
	}
}

// TestKitEmpty prints a vault with nothing in it: one page that says so.
func TestKitEmpty(t *testing.T) {
	pages := pageTexts(t, writeKit(t, Input{}))
	if len(pages) != 1 || !strings.Contains(pages[0], "0 accounts and 0 seeds") {
		t.Errorf("empty kit: %q", pages)
	}
}

// BenchmarkWrite100Seeds lays out and writes a kit of 100 seeds (about
// 25 pages).
func BenchmarkWrite100Seeds(b *testing.B) {
	in := sample(96)
	for b.Loop() {
		if err := Write(io.Discard, in, printed); err != nil {
			b.Fatal(err)
		}
	}
}

// TestKitLongNames lays out names as long as the vault allows, with no
// space to break at, in Latin and in Japanese: every character is
// printed, on lines that stay on the paper.
func TestKitLongNames(t *testing.T) {
	latin := strings.Repeat("x", token.MaxNameRunes)
	japanese := strings.Repeat("東京", token.MaxNameRunes/2)
	in := Input{
		Seeds: []token.Seed{{ID: "s", Kind: token.TOTP, Issuer: latin, Account: japanese,
			Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Algorithm: token.SHA1, Digits: 6, Period: 30}},
		Accounts: []inventory.Account{{ID: "a", Name: japanese, Provider: inventory.Generic,
			Factors: []inventory.Factor{{ID: "f", Kind: inventory.SeedFactor, SeedID: "s"}}}},
	}
	pdf := writeKit(t, in)
	text := strings.Join(pageTexts(t, pdf), "")
	compact := strings.Join(strings.Fields(text), "")
	if strings.Count(compact, "x") < token.MaxNameRunes || strings.Count(compact, "東京") < 2*(token.MaxNameRunes/2) {
		t.Errorf("long names lost characters: %d x, %d 東京", strings.Count(compact, "x"), strings.Count(compact, "東京"))
	}
	if !strings.Contains(compact, strings.ReplaceAll(token.GroupSecret(in.Seeds[0].Secret), " ", "")) {
		t.Error("the long secret is not printed whole")
	}
	// Every word pdftotext finds lies within the margins of A4.
	out, err := exec.Command(testtool.Require(t, "pdftotext"), "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	words := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)"`).FindAllStringSubmatch(string(out), -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	for _, w := range words {
		x0, _ := strconv.ParseFloat(w[1], 64)
		x1, _ := strconv.ParseFloat(w[2], 64)
		if x0 < margin-1 || x1 > 595-margin+1 {
			t.Errorf("a word runs from x=%.0f to x=%.0f, outside the margins", x0, x1)
		}
	}
}
