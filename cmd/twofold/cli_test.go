package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/oath/oathtest"
	"github.com/twofoldmfa/twofold/token/piv/pivtest"
)

// testCLI runs the command line in-process against a vault in a
// temporary directory.
type testCLI struct {
	t          *testing.T
	dir        string
	vault      string
	passphrase string    // path of the passphrase file
	clock      time.Time // the commands' clock; zero: the real time
	// deps are what the commands run with: no PIV key plugged in
	// (pivtest), no OATH key (oathtest); tests replace them.
	deps deps
}

// at fixes the commands' clock for the rest of the test.
func (tc *testCLI) at(unix int64) { tc.clock = time.Unix(unix, 0) }

func newTestCLI(t *testing.T) *testCLI {
	t.Helper()
	dir := t.TempDir()
	tc := &testCLI{t: t, dir: dir, vault: filepath.Join(dir, "vault.age"), passphrase: filepath.Join(dir, "pass")}
	// The real screen and AWS configuration chain (tests of those run
	// Xvfb and clear the AWS environment); fake keys and a clock that
	// does not wait.
	tc.deps = realDeps()
	tc.deps.keys = pivtest.New()
	tc.deps.oath = oathtest.New(t)
	tc.deps.enrollClock = iamtest.NewClock(time.Now())
	tc.writeFile("pass", "correct horse battery staple\n")
	t.Setenv("TWOFOLD_VAULT", "")
	t.Setenv("TWOFOLD_PASSPHRASE_FILE", "")
	return tc
}

// writeFile writes a file in the test's directory and returns its path.
func (tc *testCLI) writeFile(name, content string) string {
	tc.t.Helper()
	p := filepath.Join(tc.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		tc.t.Fatal(err)
	}
	return p
}

// run runs twofold with --vault and --passphrase-file and returns stdout,
// stderr and the exit status.
func (tc *testCLI) run(args ...string) (stdout, stderr string, code int) {
	return tc.runStdin("", args...)
}

// runStdin is run with stdin as the command's standard input.
func (tc *testCLI) runStdin(stdin string, args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	c := &cli{deps: tc.deps, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}
	if !tc.clock.IsZero() {
		c.now = func() time.Time { return tc.clock }
	}
	full := append([]string{"--vault", tc.vault, "--passphrase-file", tc.passphrase}, args...)
	code = c.main(full)
	return out.String(), errOut.String(), code
}

// ok runs a command that must succeed and returns its stdout.
func (tc *testCLI) ok(args ...string) string {
	tc.t.Helper()
	out, errOut, code := tc.run(args...)
	if code != 0 {
		tc.t.Fatalf("twofold %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// fails runs a command that must fail with one line on stderr containing
// want, and returns the exit status.
func (tc *testCLI) fails(want string, args ...string) int {
	tc.t.Helper()
	out, errOut, code := tc.run(args...)
	if code == 0 {
		tc.t.Fatalf("twofold %s succeeded, want failure; stdout: %s", strings.Join(args, " "), out)
	}
	if n := strings.Count(errOut, "\n"); n != 1 {
		tc.t.Errorf("twofold %s: stderr has %d lines, want one: %q", strings.Join(args, " "), n, errOut)
	}
	if !strings.Contains(errOut, want) {
		tc.t.Errorf("twofold %s: stderr %q does not say %q", strings.Join(args, " "), errOut, want)
	}
	return code
}

// vaultBytes returns the vault file, to show a command left it alone.
func (tc *testCLI) vaultBytes() []byte {
	tc.t.Helper()
	b, err := os.ReadFile(tc.vault)
	if err != nil {
		tc.t.Fatal(err)
	}
	return b
}

// readFile reads a file in the test's directory.
func (tc *testCLI) readFile(name string) string {
	tc.t.Helper()
	b, err := os.ReadFile(filepath.Join(tc.dir, name))
	if err != nil {
		tc.t.Fatal(err)
	}
	return string(b)
}
