package vault

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

func TestConflictCopiesNamed(t *testing.T) {
	dir := t.TempDir()
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	copies := []string{
		"vault.sync-conflict-20260101-101010-ABCDEF7.age",
		"vault (Jane's conflicted copy 2026-01-01).age",
		"vault (conflicted copy 2026-01-01 101010).age",
		"vault-" + host + ".age",
	}
	others := []string{
		"vault.age", "vault.age.bak", "vault.age.lock", ".vault.age.123.tmp", ".vault.age.bak.tmp",
		".syncthing.vault.age.tmp", "vault.age.sync-conflict-20260101-101010-ABCDEF7.bak",
		"vault-old.age", "vault.sync-conflict-2026-ABC.age", "other.sync-conflict-20260101-101010-ABCDEF7.age",
		"vault (conflicted copy).age.bak",
	}
	for _, name := range append(slices.Clone(copies), others...) {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	found, err := ConflictCopies(filepath.Join(dir, "vault.age"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range found {
		names = append(names, filepath.Base(c.Path))
	}
	slices.Sort(names)
	slices.Sort(copies)
	if !slices.Equal(names, copies) {
		t.Errorf("found %q, want %q", names, copies)
	}
}

// forkedVault makes a vault of seeds a, b, c and a Syncthing-named copy of
// it, then edits both apart: each adds a seed and renames a (theirs
// later); the copy deletes c.
func forkedVault(t *testing.T) (path, copyPath string) {
	t.Helper()
	_, path = newTestVault(t, "a", "b", "c")
	copyPath = filepath.Join(filepath.Dir(path), "vault.sync-conflict-20260501-101500-ABCDEF7.age")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	edit := func(p, account, issuer string, del bool) {
		err := Edit(p, testPassphrase, func(v *Vault) error {
			if _, err := v.Data.AddSeed(testSeed(account), time.Now()); err != nil {
				return err
			}
			i, _ := v.Data.SeedIndex("a")
			if _, err := v.Data.RenameSeed(v.Data.Seeds[i].ID, issuer, "a"); err != nil {
				return err
			}
			if del {
				i, _ := v.Data.SeedIndex("c")
				v.Data.RemoveSeed(i)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	edit(path, "ours-new", "Ours", false)
	clock = func() time.Time { return time.Now().Add(time.Minute) }
	defer func() { clock = time.Now }()
	edit(copyPath, "theirs-new", "Theirs", true)
	return path, copyPath
}

func TestMergeConflictCopies(t *testing.T) {
	path, copyPath := forkedVault(t)
	stranger := filepath.Join(filepath.Dir(path), "vault (conflicted copy 2026-05-01 101500).age")
	if _, err := Create(stranger, "another passphrase"); err != nil {
		t.Fatal(err)
	}
	res, err := MergeConflictCopies(path, Passphrase(testPassphrase), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Saved || len(res.Merged) != 1 || !res.Merged[0].Removed || len(res.Refused) != 1 {
		t.Fatalf("result %+v", res)
	}
	if !errors.Is(res.Refused[0].Err, ErrWrongPassphrase) || res.Refused[0].Copy.Path != stranger {
		t.Errorf("refused %+v", res.Refused[0])
	}
	if _, err := os.Stat(copyPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the merged copy is still there: %v", err)
	}
	if _, err := os.Stat(stranger); err != nil {
		t.Errorf("the copy that did not open was touched: %v", err)
	}
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a", "b", "ours-new", "theirs-new"} {
		if _, ok := seedNamed(v.Data, want); !ok {
			t.Errorf("seed %s lost", want)
		}
	}
	if _, ok := seedNamed(v.Data, "c"); ok {
		t.Errorf("the deleted seed came back")
	}
	if s, _ := seedNamed(v.Data, "a"); s.Issuer != "Theirs" {
		t.Errorf("issuer %q, want the later rename", s.Issuer)
	}
	if !res.Merged[0].Report.ThreeWay {
		t.Errorf("the .bak was not used as the base")
	}
	// Nothing left to merge: nothing is written.
	before, _ := os.ReadFile(path)
	if res, err := MergeConflictCopies(path, Passphrase(testPassphrase), time.Second); err != nil || res.Saved || len(res.Merged) != 0 {
		t.Errorf("second run: %+v, %v", res, err)
	}
	assertUnchanged(t, path, before)
}

func TestMergeFileLeavesTheCopy(t *testing.T) {
	path, copyPath := forkedVault(t)
	before, _ := os.ReadFile(copyPath)
	if _, err := MergeFile(path, Passphrase(testPassphrase), copyPath, Passphrase("wrong"), time.Second); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase of the copy: %v", err)
	}
	rep, err := MergeFile(path, Passphrase(testPassphrase), copyPath, Passphrase(testPassphrase), time.Second)
	if err != nil || !rep.ChangesOurs() {
		t.Fatalf("%+v, %v", rep, err)
	}
	assertUnchanged(t, copyPath, before)
	if _, err := MergeFile(path, Passphrase(testPassphrase), path, Passphrase(testPassphrase), time.Second); !errors.Is(err, ErrSameFile) {
		t.Errorf("merging the vault with itself: %v", err)
	}
}

// mergerEnv makes the test binary a child that merges conflict copies.
const mergerEnv = "TWOFOLD_TEST_MERGER_VAULT"

func init() {
	if path := os.Getenv(mergerEnv); path != "" {
		newVaultWorkFactor = minWorkFactor
		if _, err := MergeConflictCopies(path, Passphrase(testPassphrase), time.Minute); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// TestSIGKILLDuringMergeLosesNothing kills the merging process at random
// moments: the vault always opens, and the copy's seed is either in the
// vault or still in the copy, which is still there.
func TestSIGKILLDuringMergeLosesNothing(t *testing.T) {
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	kept, merged := 0, 0
	for round := range rounds {
		path, copyPath := forkedVault(t)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), mergerEnv+"="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond) // where it is killed, not an assertion
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		v, err := Open(path, testPassphrase)
		if err != nil {
			t.Fatalf("round %d: the vault does not open: %v", round, err)
		}
		if _, ok := seedNamed(v.Data, "theirs-new"); ok {
			merged++
			continue
		}
		c, err := Open(copyPath, testPassphrase)
		if err != nil {
			t.Fatalf("round %d: the copy's seed is not in the vault, and the copy does not open: %v", round, err)
		}
		if _, ok := seedNamed(c.Data, "theirs-new"); !ok {
			t.Fatalf("round %d: the copy lost its seed", round)
		}
		kept++
	}
	t.Logf("%d rounds: %d killed before the merged vault was written, %d after", rounds, kept, merged)
}

func TestTwoCopiesAtOnceAndCopiesThatDoNotOpen(t *testing.T) {
	_, path := newTestVault(t, "a")
	dir := filepath.Dir(path)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var copies []string
	for i, device := range []string{"AAAAAAA", "BBBBBBB"} {
		p := filepath.Join(dir, "vault.sync-conflict-20260501-10150"+fmt.Sprint(i)+"-"+device+".age")
		if err := os.WriteFile(p, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := Edit(p, testPassphrase, func(v *Vault) error {
			_, err := v.Data.AddSeed(testSeed("from-"+device), time.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, p)
	}
	newer, err := encrypt(Data{Version: SchemaVersion + 1}, testPassphrase, minWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]error{
		filepath.Join(dir, "vault.sync-conflict-20260501-101510-CCCCCCC.age"): ErrNewerVersion,
		filepath.Join(dir, "vault.sync-conflict-20260501-101511-DDDDDDD.age"): ErrCorrupt,
	}
	for p, content := range map[string][]byte{
		filepath.Join(dir, "vault.sync-conflict-20260501-101510-CCCCCCC.age"): newer,
		filepath.Join(dir, "vault.sync-conflict-20260501-101511-DDDDDDD.age"): flip(slices.Clone(raw), len(raw)-5),
	} {
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res, err := MergeConflictCopies(path, Passphrase(testPassphrase), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Merged) != 2 || !res.Saved {
		t.Fatalf("merged %+v", res.Merged)
	}
	for _, r := range res.Refused {
		if want := refused[r.Copy.Path]; !errors.Is(r.Err, want) {
			t.Errorf("%s: %v, want %v", filepath.Base(r.Copy.Path), r.Err, want)
		}
		if _, err := os.Stat(r.Copy.Path); err != nil {
			t.Errorf("a refused copy was touched: %v", err)
		}
	}
	if len(res.Refused) != len(refused) {
		t.Errorf("refused %+v", res.Refused)
	}
	v, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a", "from-AAAAAAA", "from-BBBBBBB"} {
		if _, ok := seedNamed(v.Data, want); !ok {
			t.Errorf("seed %s missing after merging both copies", want)
		}
	}
	for _, p := range copies {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s not removed", filepath.Base(p))
		}
	}
}
