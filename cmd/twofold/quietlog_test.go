package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoLocaleNoise runs this test binary again in the C.UTF-8 locale,
// which makes Fyne's lang package log a parsing error from its init
// function, and checks that internal/quietlog silenced it: packages
// initialise before any test runs, so the lines would show on stderr.
func TestNoLocaleNoise(t *testing.T) {
	if os.Getenv("TWOFOLD_LOCALE_CHILD") == "1" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoLocaleNoise$")
	cmd.Env = append(os.Environ(), "TWOFOLD_LOCALE_CHILD=1", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "LANG=C.UTF-8")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("running the test binary again: %v; stderr: %s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "Fyne") {
		t.Errorf("package initialisation logged to stderr:\n%s", stderr.String())
	}
}
