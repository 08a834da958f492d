package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The secrets the argv test adds; neither may show in any process's
// arguments.
const (
	argvSecret     = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
	argvFileSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
)

// TestSecretNeverInArguments runs the real binary twice, each time held
// waiting for its secret (on a stdin pipe for 'add -', on a FIFO for
// --secret-file), reads /proc/PID/cmdline meanwhile, then feeds the
// secret and checks it was added.
func TestSecretNeverInArguments(t *testing.T) {
	if _, err := os.Stat("/proc/self/cmdline"); err != nil {
		t.Skip("no /proc on this system")
	}
	bin := releaseBinary(t)
	tc := newTestCLI(t)
	tc.ok("init")
	global := []string{"--vault", tc.vault, "--passphrase-file", tc.passphrase}

	// add -: the link from standard input.
	cmd := exec.Command(bin, append(global, "add", "-")...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	argv := cmdlineAfterExec(t, cmd.Process.Pid, bin)
	if strings.Contains(argv, argvSecret) || !strings.Contains(argv, "add -") {
		t.Errorf("add -: the arguments are %q", strings.ReplaceAll(argv, argvSecret, "<the secret>"))
	}
	stdin.Write([]byte("\n  otpauth://totp/Example:alice?secret=" + argvSecret + "&issuer=Example  \n\n"))
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("add -: %v: %s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Added Example (alice)") {
		t.Errorf("add -: stdout %q", stdout.String())
	}

	// --secret-file: a FIFO keeps the process waiting in open.
	fifo := filepath.Join(tc.dir, "secret.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bin, append(global, "add", "--issuer", "Files", "--account", "bob", "--secret-file", fifo)...)
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	argv = cmdlineAfterExec(t, cmd.Process.Pid, bin)
	if strings.Contains(argv, argvFileSecret) || !strings.Contains(argv, "--secret-file "+fifo) {
		t.Errorf("add --secret-file: the arguments are %q", strings.ReplaceAll(argv, argvFileSecret, "<the secret>"))
	}
	if err := os.WriteFile(fifo, []byte(strings.ToLower(argvFileSecret)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("add --secret-file: %v: %s", err, stderr.String())
	}

	// Both seeds are in the vault with their secrets: the links the
	// export prints carry them.
	uris := tc.ok("export", "uris")
	for _, want := range []string{"secret=" + argvSecret, "secret=" + argvFileSecret} {
		if !strings.Contains(uris, want) {
			t.Errorf("the vault lacks a secret added through stdin or a file")
		}
	}
}

func TestAddFromStdinInProcess(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()
	for _, bad := range []struct{ stdin, want string }{
		{"", "standard input is empty"},
		{" \n\n", "standard input is empty"},
		{"otpauth://totp/a?secret=" + argvSecret + "\notpauth://totp/b?secret=" + argvFileSecret + "\n", "holds 2 lines"},
		{strings.Repeat("A", maxSecretInput+1), "not one link or secret"},
	} {
		_, errOut, code := tc.runStdin(bad.stdin, "add", "-")
		if code == 0 || !strings.Contains(errOut, bad.want) {
			t.Errorf("add - with %d bytes: exit %d, stderr %q, want %q", len(bad.stdin), code, errOut, bad.want)
		}
		if strings.Contains(errOut, argvSecret) || strings.Contains(errOut, argvFileSecret) {
			t.Error("an error repeated the secret")
		}
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Fatal("a refused add - changed the vault")
	}
	if code := tc.fails("not both", "add", "--issuer", "X", "--secret", argvSecret, "--secret-file", "-"); code != exitUsage {
		t.Errorf("--secret with --secret-file: exit %d", code)
	}
	empty := tc.writeFile("empty", "\n")
	tc.fails("is empty", "add", "--issuer", "X", "--account", "y", "--secret-file", empty)
	tc.fails("no such file", "add", "--issuer", "X", "--account", "y", "--secret-file", filepath.Join(tc.dir, "missing"))
	// --secret-file - reads standard input.
	if _, errOut, code := tc.runStdin(argvSecret+"\n", "add", "--issuer", "Stdin", "--account", "carol", "--secret-file", "-"); code != 0 {
		t.Fatal(errOut)
	}
	var list []seedJSON
	if err := json.Unmarshal([]byte(tc.ok("list", "--json")), &list); err != nil || len(list) != 1 || list[0].Issuer != "Stdin" {
		t.Fatalf("list after --secret-file -: %v %v", list, err)
	}
}
