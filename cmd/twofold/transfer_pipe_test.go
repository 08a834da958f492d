//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestImportNamedPipeWithoutWriter imports from a named pipe that no
// program writes to: one clear line, the vault unchanged, and no wait for
// a writer that never comes (open used to block for ever).
func TestImportNamedPipeWithoutWriter(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()
	fifo := filepath.Join(tc.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tc.fails("fifo: a named pipe with nothing written to it (to import from a pipe, give '-' and standard input) (nothing imported)", "import", fifo)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("the vault changed")
	}
}

// TestImportFromPipe imports a link list through /dev/fd/N, as a shell's
// process substitution (twofold import <(gpg -d links.txt.gpg)) passes
// it: a pipe whose writer has written and closed is read to its end.
func TestImportFromPipe(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := w.WriteString("otpauth://totp/Pipe:alice?secret=JBSWY3DPEHPK3PXP\n"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	out := tc.ok("import", fmt.Sprintf("/dev/fd/%d", r.Fd()))
	if !strings.Contains(out, "Added Pipe (alice)") || !strings.Contains(out, "1 added, 0 skipped.") {
		t.Errorf("import said:\n%s", out)
	}
}

// TestAddQRNamedPipeWithoutWriter: 'add --qr' on a named pipe that no
// program writes to fails in one line instead of waiting for ever.
func TestAddQRNamedPipeWithoutWriter(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()
	fifo := filepath.Join(tc.dir, "fifo.png")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tc.fails("fifo.png: ", "add", "--qr", fifo)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("the vault changed")
	}
}
