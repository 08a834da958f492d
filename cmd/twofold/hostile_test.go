//go:build unix

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// binaryRun is one run of the release binary.
type binaryRun struct {
	stdout, stderr string
	code           int
}

// runBinary runs the release binary with the test vault and passphrase
// file unless args give their own. A run that has not ended after a
// minute is killed and fails the test: it hung.
func (tc *testCLI) runBinary(args ...string) binaryRun {
	tc.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, releaseBinary(tc.t), args...)
	cmd.Env = append(os.Environ(), "TWOFOLD_VAULT="+tc.vault, "TWOFOLD_PASSPHRASE_FILE="+tc.passphrase)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		tc.t.Fatalf("twofold %s did not return within a minute", strings.Join(args, " "))
	}
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		tc.t.Fatal(err)
	}
	return binaryRun{stdout.String(), stderr.String(), code}
}

// refusedInOneLine checks r failed with one line on stderr saying want.
func (tc *testCLI) refusedInOneLine(r binaryRun, want string, args ...string) {
	tc.t.Helper()
	if r.code == 0 {
		tc.t.Errorf("twofold %s succeeded", strings.Join(args, " "))
	}
	if n := strings.Count(r.stderr, "\n"); n != 1 || !strings.Contains(r.stderr, want) {
		tc.t.Errorf("twofold %s: stderr %q, want one line saying %q", strings.Join(args, " "), r.stderr, want)
	}
}

// vaultSums are the SHA-256 of the vault and of its .bak.
func (tc *testCLI) vaultSums() [2][sha256.Size]byte {
	tc.t.Helper()
	var sums [2][sha256.Size]byte
	for i, p := range []string{tc.vault, tc.vault + ".bak"} {
		b, err := os.ReadFile(p)
		if err != nil {
			tc.t.Fatal(err)
		}
		sums[i] = sha256.Sum256(b)
	}
	return sums
}

// vaultWithBackup makes a vault whose .bak exists (two saves).
func vaultWithBackup(t *testing.T) *testCLI {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example")
	return tc
}

// TestSecretFileFlagsReadABoundedLine: every flag that names a secret
// file, given /dev/zero, is refused in one line, without a Go crash, and
// the vault and its .bak are byte-identical.
func TestSecretFileFlagsReadABoundedLine(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	tc := vaultWithBackup(t)
	backup, err := transfer.EncodeBackup(vault.Data{Version: 1}, "backup pass")
	if err != nil {
		t.Fatal(err)
	}
	backupFile := filepath.Join(tc.dir, "backup.age")
	os.WriteFile(backupFile, backup, 0o600)
	before := tc.vaultSums()
	for _, args := range [][]string{
		{"--passphrase-file", "/dev/zero", "list"},
		{"passwd", "--new-passphrase-file", "/dev/zero"},
		{"add", "--issuer", "Example", "--account", "bob", "--secret-file", "/dev/zero"},
		{"import", "--backup-passphrase-file", "/dev/zero", backupFile},
	} {
		tc.refusedInOneLine(tc.runBinary(args...), "longer than 4 KiB", args...)
		if tc.vaultSums() != before {
			t.Fatalf("twofold %s changed the vault or its .bak", strings.Join(args, " "))
		}
	}
}

func TestFirstLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pass\nsecond\n", "pass"},
		{"pass\r\n", "pass"},
		{"no newline", "no newline"},
		{"", ""},
		{strings.Repeat("x", maxFirstLine) + "\n", strings.Repeat("x", maxFirstLine)},
	} {
		if got, err := firstLine(strings.NewReader(c.in)); err != nil || got != c.want {
			t.Errorf("firstLine(%.20q): %.20q, %v", c.in, got, err)
		}
	}
	if _, err := firstLine(strings.NewReader(strings.Repeat("x", maxFirstLine+1))); err != errLineTooLong {
		t.Errorf("a long line: %v", err)
	}
	r := &endlessZeros{}
	if _, err := firstLine(r); err != errLineTooLong || r.read > maxFirstLine+1 {
		t.Errorf("endless input: %v after %d bytes", err, r.read)
	}
}

// endlessZeros is /dev/zero, counting what was read.
type endlessZeros struct{ read int }

func (z *endlessZeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += len(p)
	return len(p), nil
}

// TestLockFileTricks: PATH.lock replaced by a dangling symbolic link or
// a named pipe; 'add --wait 2s' is refused in one line (it neither hangs
// nor creates the link's target outside the vault's directory), and the
// vault and its .bak are byte-identical.
func TestLockFileTricks(t *testing.T) {
	for _, kind := range []string{"dangling symlink", "named pipe"} {
		t.Run(kind, func(t *testing.T) {
			tc := vaultWithBackup(t)
			before := tc.vaultSums()
			lock := tc.vault + ".lock"
			outside := filepath.Join(t.TempDir(), "created-outside")
			os.Remove(lock)
			var err error
			if kind == "named pipe" {
				err = syscall.Mkfifo(lock, 0o600)
			} else {
				err = os.Symlink(outside, lock)
			}
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"add", "--wait", "2s", "otpauth://totp/Example:bob?secret=KRUGKIDROVUWG2ZA&issuer=Example"}
			tc.refusedInOneLine(tc.runBinary(args...), "lock file", args...)
			if _, err := os.Lstat(outside); err == nil {
				t.Error("the link's target was created outside the vault's directory")
			}
			if tc.vaultSums() != before {
				t.Error("the vault or its .bak changed")
			}
		})
	}
}

// TestHiddenCharactersInNamesRefused: names and notes given on the
// command line are held to the seed names' rule; each refusal is one
// line and leaves the vault and its .bak byte-identical.
func TestHiddenCharactersInNamesRefused(t *testing.T) {
	tc := vaultWithBackup(t)
	tc.ok("account", "add", "Plain")
	before := tc.vaultSums()
	for _, args := range [][]string{
		{"account", "add", "evil\x1b[2J"},
		{"account", "edit", "Plain", "--name", "admin\u202etxt"},
		{"factor", "add", "Plain", "--kind", "app", "--label", "Pixel\x07"},
		{"verify", "alice", "123456", "--device", "phone\x1b]0;x\x07"},
		{"rename", "alice", "--account", "al\x1bice"},
	} {
		r := tc.runBinary(args...)
		tc.refusedInOneLine(r, "invalid name", args...)
		if strings.ContainsRune(r.stderr, 0x1b) || strings.ContainsRune(r.stderr, 0x07) || strings.ContainsRune(r.stderr, 0x202e) {
			t.Errorf("twofold %q: stderr prints the control character", args)
		}
		if tc.vaultSums() != before {
			t.Fatalf("twofold %q changed the vault or its .bak", args)
		}
	}
}

// TestCostlyKeyDerivationsRefused: an encrypted backup asking for scrypt
// at 2^22 (4 GiB) is refused by the release binary in one line, before
// deriving, and the vault and its .bak are byte-identical.
func TestCostlyKeyDerivationsRefused(t *testing.T) {
	tc := vaultWithBackup(t)
	backup, err := transfer.EncodeBackup(vault.Data{Version: 1}, "backup pass")
	if err != nil {
		t.Fatal(err)
	}
	hostile := bytes.Replace(backup, []byte(" 10\n"), []byte(" 22\n"), 1)
	if bytes.Equal(hostile, backup) {
		t.Fatal("test did not find the work factor in the header")
	}
	file := filepath.Join(tc.dir, "hostile.age")
	os.WriteFile(file, hostile, 0o600)
	pass := tc.writeFile("backup-pass", "backup pass\n")
	before := tc.vaultSums()
	args := []string{"import", "--backup-passphrase-file", pass, file}
	tc.refusedInOneLine(tc.runBinary(args...), "costlier than Twofold allows", args...)
	if tc.vaultSums() != before {
		t.Error("the vault or its .bak changed")
	}
}
