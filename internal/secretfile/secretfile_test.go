package secretfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

func TestNewFileIsOwnersOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.png")
	if err := Write(path, []byte("secret"), false); err != nil {
		t.Fatal(err)
	}
	if m := testtool.Mode(t, path); m.Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	if err := Write(path, []byte("other"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without replace: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "secret" {
		t.Errorf("a refused write changed the file: %q", b)
	}
}

func TestReplaceNarrowsModeAndNeverFollowsALink(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.txt")
	if err := os.WriteFile(open, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(open, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if m := testtool.Mode(t, open); m.Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want 0600", m)
	}

	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("x"), false); !errors.Is(err, ErrExists) {
		t.Errorf("write onto a link without replace: %v, want ErrExists", err)
	}
	if err := Write(link, []byte("x"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "untouched" {
		t.Errorf("the link's target was written: %q", b)
	}
	if m := testtool.Mode(t, link); !m.IsRegular() || m.Perm() != 0o600 {
		t.Errorf("the link was not replaced by a 0600 file: %v", m)
	}
}

func TestNeverTheVaultsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	vault := filepath.Join(dir, "vault.age")
	for _, p := range []string{vault, vault + ".bak"} {
		if err := os.WriteFile(p, []byte("vault"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "innocent.pdf")
	if err := os.Symlink(vault, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.pdf")
	if err := os.Link(vault+".bak", hard); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{vault, vault + ".bak", link, hard} {
		if err := Write(p, []byte("kit"), true, vault); !errors.Is(err, ErrVaultFile) {
			t.Errorf("%s: %v, want ErrVaultFile", filepath.Base(p), err)
		}
	}
	for _, p := range []string{vault, vault + ".bak"} {
		if b, _ := os.ReadFile(p); string(b) != "vault" {
			t.Errorf("%s changed: %q", filepath.Base(p), b)
		}
	}
}
