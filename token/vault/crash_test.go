package vault

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// saverEnv makes the test binary a child that saves in a loop.
const saverEnv = "TWOFOLD_TEST_SAVER_VAULT"

func init() {
	if path := os.Getenv(saverEnv); path != "" {
		os.Exit(saveForever(path))
	}
}

// saveForever adds one seed per save and prints the seed's account after
// each save has returned, until it is killed.
func saveForever(path string) int {
	newVaultWorkFactor = minWorkFactor
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		err := Edit(path, testPassphrase, func(v *Vault) error {
			_, err := v.Data.AddSeed(testSeed(fmt.Sprintf("n%d-%d", os.Getpid(), i)), time.Now())
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintf(w, "n%d-%d\n", os.Getpid(), i)
		w.Flush()
	}
}

// TestSIGKILLDuringSavesLosesNothing kills a process with SIGKILL again
// and again while it saves the vault in a loop, and shows that the vault
// always opens and holds every seed whose save returned.
func TestSIGKILLDuringSavesLosesNothing(t *testing.T) {
	rounds := 25
	if testing.Short() {
		rounds = 5
	}
	path := filepath.Join(t.TempDir(), "vault.age")
	if _, err := Create(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	var confirmed []string
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), saverEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it complete a random number of saves, then kill it
		// mid-stream: the next save is then somewhere between its
		// temporary file and its rename.
		sc := bufio.NewScanner(out)
		stopAfter := 1 + rand.IntN(8)
		for n := 0; n < stopAfter && sc.Scan(); n++ {
			confirmed = append(confirmed, sc.Text())
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Lines printed after the last one read still count: their saves returned.
		for sc.Scan() {
			confirmed = append(confirmed, sc.Text())
		}
		cmd.Wait()

		v, err := Open(path, testPassphrase)
		if err != nil {
			t.Fatalf("round %d: vault does not open after SIGKILL: %v", round, err)
		}
		have := map[string]bool{}
		for _, s := range v.Data.Seeds {
			have[s.Account] = true
		}
		for _, account := range confirmed {
			if !have[account] {
				t.Fatalf("round %d: seed %s was saved but is gone", round, account)
			}
		}
	}
	t.Logf("%d rounds, %d confirmed saves survived", rounds, len(confirmed))
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
	if len(leftovers) > 1 {
		t.Errorf("%d temporary files left behind", len(leftovers))
	}
}
