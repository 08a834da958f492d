package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// qrSeedTestCLI is a vault holding the AWS seed of awsURI.
func qrSeedTestCLI(t *testing.T) *testCLI {
	t.Helper()
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", awsURI)
	return tc
}

// readsBackToSeed fails unless the PNG at path is the backup QR of
// awsURI's seed.
func readsBackToSeed(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	uri, err := qr.Decode(f)
	if err != nil {
		t.Fatalf("reading %s back: %v", path, err)
	}
	got, err := token.ParseURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := token.ParseURI(awsURI)
	if got.Secret != want.Secret || got.Account != want.Account {
		t.Errorf("%s reads back to %s, want %s", path, got.Label(), want.Label())
	}
}

func TestQRFileRefusesExistingFile(t *testing.T) {
	tc := qrSeedTestCLI(t)
	existing := tc.writeFile("existing.png", "someone else's file")
	if err := os.Chmod(existing, 0o644); err != nil {
		t.Fatal(err)
	}
	tc.fails("exists (use --force to overwrite)", "qr", "amazon", "-o", existing)
	if got := tc.readFile("existing.png"); got != "someone else's file" {
		t.Fatalf("refused qr -o changed the file: %q", got)
	}
	tc.ok("qr", "amazon", "-o", existing, "--force")
	if m := testtool.Mode(t, existing); m != 0o600 {
		t.Errorf("qr -o --force over a 0644 file left mode %v, want 0600", m)
	}
	readsBackToSeed(t, existing)
}

func TestQRFileRefusesSymlink(t *testing.T) {
	tc := qrSeedTestCLI(t)
	victim := tc.writeFile("victim", "not to be touched")
	link := filepath.Join(tc.dir, "out.png")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	tc.fails("exists (use --force to overwrite)", "qr", "amazon", "-o", link)
	// A dangling link is refused too: O_EXCL|O_NOFOLLOW never creates
	// the file it points to.
	dangling := filepath.Join(tc.dir, "dangling.png")
	if err := os.Symlink(filepath.Join(tc.dir, "planted"), dangling); err != nil {
		t.Fatal(err)
	}
	tc.fails("exists (use --force to overwrite)", "qr", "amazon", "-o", dangling)
	if _, err := os.Lstat(filepath.Join(tc.dir, "planted")); err == nil {
		t.Error("qr -o followed a dangling link and created its target")
	}
	// --force replaces the link itself, never its target.
	tc.ok("qr", "amazon", "-o", link, "--force")
	if got := tc.readFile("victim"); got != "not to be touched" {
		t.Errorf("qr -o --force wrote through a symlink: %q", got)
	}
	if m := testtool.Mode(t, link); m != 0o600 {
		t.Errorf("qr -o --force over a link: mode %v, want a regular 0600 file", m)
	}
	readsBackToSeed(t, link)
}

func TestQRFileNeverReplacesTheVault(t *testing.T) {
	tc := qrSeedTestCLI(t)
	tc.ok("rename", "amazon", "--account", "root-account-mfa-device@123456789012") // makes vault.age.bak
	link := filepath.Join(tc.dir, "vault-link.png")
	if err := os.Symlink(tc.vault, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{tc.vault, tc.vault + ".bak", link} {
		before, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		tc.fails("is the vault's own file", "qr", "amazon", "-o", target, "--force")
		if after, _ := os.ReadFile(target); !bytes.Equal(before, after) {
			t.Errorf("qr -o %s --force changed it", target)
		}
	}
	tc.ok("list") // the vault still opens
}

func TestQRSizeBounds(t *testing.T) {
	tc := qrSeedTestCLI(t)
	for _, size := range []string{"0", "-1", "63", "4097", "100000"} {
		out := filepath.Join(tc.dir, "qr"+size+".png")
		if code := tc.fails("out of range: give 64 to 4096 pixels", "qr", "amazon", "-o", out, "--size", size); code != exitUsage {
			t.Errorf("--size %s: exit %d, want %d", size, code, exitUsage)
		}
		if _, err := os.Lstat(out); err == nil {
			t.Errorf("--size %s wrote %s", size, out)
		}
	}
	for _, size := range []int{64, 4096} {
		out := filepath.Join(tc.dir, fmt.Sprintf("qr%d.png", size))
		tc.ok("qr", "amazon", "-o", out, "--size", strconv.Itoa(size))
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size || cfg.Height != size {
			t.Errorf("--size %d: %dx%d PNG (%v)", size, cfg.Width, cfg.Height, err)
		}
	}
	readsBackToSeed(t, filepath.Join(tc.dir, "qr4096.png"))
}

// TestQRTextOnlyToATerminal: a text QR code piped or redirected reads
// back to the secret, so it needs --force when stdout is not a terminal
// (the test's stdout is a buffer).
func TestQRTextOnlyToATerminal(t *testing.T) {
	tc := qrSeedTestCLI(t)
	out, errOut, code := tc.run("qr", "amazon")
	if code == 0 || out != "" || !strings.Contains(errOut, "not a terminal") {
		t.Fatalf("qr to a non-terminal: exit %d, stdout %d bytes, stderr %q", code, len(out), errOut)
	}
	out = tc.ok("qr", "amazon", "--force")
	if !strings.Contains(out, "█") {
		t.Errorf("qr --force printed no QR code: %q", out)
	}
}
