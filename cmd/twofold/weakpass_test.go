package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// TestInitAsksAgainOnAWeakPassphrase types a weak passphrase to the
// release build's init on a pseudo-terminal (testdata/terminal.py): it
// asks again, "n" creates nothing, "y" creates the vault.
func TestInitAsksAgainOnAWeakPassphrase(t *testing.T) {
	python := testtool.Require(t, "python3")
	bin := releaseBinary(t)
	for _, c := range []struct {
		answer string
		code   int
	}{{"n", 1}, {"y", 0}} {
		vault := filepath.Join(t.TempDir(), "vault.age")
		cmd := exec.Command(python, "testdata/terminal.py",
			"New passphrase:", "password1", "Repeat the new passphrase:", "password1", "[y/N]", c.answer,
			"--", bin, "--vault", vault, "init")
		out, err := cmd.Output()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("running init on a terminal: %v", err)
		}
		_, statErr := os.Stat(vault)
		if code != c.code || (c.code == 0) != (statErr == nil) {
			t.Errorf("answer %q: exit %d, vault %v; output:\n%s", c.answer, code, statErr, out)
		}
		if !strings.Contains(string(out), "Strength: Weak") || !strings.Contains(string(out), "Use it anyway? [y/N]") {
			t.Errorf("answer %q: init did not say the passphrase is weak and ask:\n%s", c.answer, out)
		}
	}
}
