package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// releaseBuild is the release build of twofold the tests share: built once,
// without the twofold_fastkdf tag, so new vaults get the release KDF
// (vaults the tests made in-process keep their weak cost on save).
var releaseBuild struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if releaseBuild.dir != "" {
		os.RemoveAll(releaseBuild.dir)
	}
	os.Exit(code)
}

// releaseBinary returns the path of the release build of twofold,
// building it on first use.
func releaseBinary(t *testing.T) string {
	t.Helper()
	releaseBuild.once.Do(func() {
		if releaseBuild.dir, releaseBuild.err = os.MkdirTemp("", "twofold-bin-"); releaseBuild.err != nil {
			return
		}
		releaseBuild.path = filepath.Join(releaseBuild.dir, "twofold")
		out, err := exec.Command("go", "build", "-o", releaseBuild.path, ".").CombinedOutput()
		if err != nil {
			releaseBuild.err = fmt.Errorf("building twofold: %v\n%s", err, out)
		}
	})
	if releaseBuild.err != nil {
		t.Fatal(releaseBuild.err)
	}
	return releaseBuild.path
}

// cmdlineAfterExec waits until the process pid has exec'd bin and
// returns its /proc/PID/cmdline, the arguments every user of the machine
// can read, with NULs as spaces. The caller keeps the process waiting on
// its input meanwhile, so it cannot have exited.
func cmdlineAfterExec(t *testing.T, pid int, bin string) string {
	t.Helper()
	proc := filepath.Join("/proc", strconv.Itoa(pid))
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if exe, _ := os.Readlink(filepath.Join(proc, "exe")); exe != bin {
			continue
		}
		b, err := os.ReadFile(filepath.Join(proc, "cmdline"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(b), "\x00", " ")
	}
	t.Fatalf("process %d did not start %s", pid, bin)
	return ""
}
