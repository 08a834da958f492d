// Package testtool finds the external programs that tests compare
// Twofold against (oathtool, zbarimg, ykman, ...).
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// RequireEnv, when set, turns a missing tool into a test failure instead
// of a skip. The repository's test command sets it, so that a machine
// missing a tool cannot pass by skipping.
const RequireEnv = "TWOFOLD_REQUIRE_TOOLS"

// Require returns the path of the named program, or skips (fails under
// RequireEnv) when it is not installed.
func Require(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("%s is not installed (%s is set)", name, RequireEnv)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}

// Mode is the mode of the file at path, not following a symbolic link.
func Mode(t testing.TB, path string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}
