package main

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestParallelWritersAllGetThrough runs four writers at once, each
// adding its seeds one 'twofold add' process after another, with the
// release build's key derivation (a vault made by the release binary),
// and the default --wait: every add succeeds and every seed is in the
// vault. Each add derives keys for a quarter of a second or more, so
// the four always overlap: 8 seeds a writer keep the suite's time (and
// CPU) in bounds; TWOFOLD_WRITER_SEEDS=50 makes a longer run, -short 2.
func TestParallelWritersAllGetThrough(t *testing.T) {
	const writers = 4
	perWriter := 8
	if n, err := strconv.Atoi(os.Getenv("TWOFOLD_WRITER_SEEDS")); err == nil && n > 0 {
		perWriter = n
	}
	if testing.Short() {
		perWriter = 2
	}
	bin := releaseBinary(t)
	tc := newTestCLI(t)
	init := exec.Command(bin, "--vault", tc.vault, "--passphrase-file", tc.passphrase, "init")
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("init: %v: %s", err, out)
	}

	start := time.Now()
	var wg sync.WaitGroup
	failures := make(chan string, writers*perWriter)
	for w := range writers {
		wg.Go(func() {
			for n := range perWriter {
				account := fmt.Sprintf("w%d-n%02d", w, n)
				secret := base32.StdEncoding.EncodeToString(fmt.Appendf(nil, "%-20s", account))
				cmd := exec.Command(bin, "--vault", tc.vault, "--passphrase-file", tc.passphrase, "add", "-")
				cmd.Stdin = strings.NewReader("otpauth://totp/Parallel:" + account + "?secret=" + secret + "\n")
				if out, err := cmd.CombinedOutput(); err != nil {
					failures <- fmt.Sprintf("add %s: %v: %s", account, err, out)
				}
			}
		})
	}
	wg.Wait()
	close(failures)
	n := 0
	for f := range failures {
		if n++; n <= 5 {
			t.Error(f)
		}
	}
	if n > 0 {
		t.Errorf("%d of %d adds failed", n, writers*perWriter)
	}
	t.Logf("%d writers added %d seeds each in %v", writers, perWriter, time.Since(start).Round(time.Millisecond))

	var list []seedJSON
	if err := json.Unmarshal([]byte(tc.ok("list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, s := range list {
		got = append(got, s.Account)
	}
	for w := range writers {
		for n := range perWriter {
			want = append(want, fmt.Sprintf("w%d-n%02d", w, n))
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the vault holds %d seeds, want the %d added", len(got), len(want))
	}
	// The vault kept the release cost the binary made it with.
	if wf := workFactorOf(t, tc.vaultBytes()); wf < 17 {
		t.Errorf("work factor 2^%d: not a release vault", wf)
	}
}

// workFactorOf reads log2(N) from an age file's scrypt stanza.
func workFactorOf(t *testing.T, raw []byte) int {
	t.Helper()
	for line := range strings.Lines(string(raw)) {
		var salt string
		var n int
		if _, err := fmt.Sscanf(line, "-> scrypt %s %d", &salt, &n); err == nil {
			return n
		}
	}
	t.Fatal("no scrypt stanza in the vault")
	return 0
}
