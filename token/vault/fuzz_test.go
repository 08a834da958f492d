package vault

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The seed corpus of FuzzDecrypt: small vaults written with the test
// work factor under testPassphrase. Regenerate with
// TWOFOLD_WRITE_TESTDATA=1 go test -run TestWriteTestdata ./token/vault/
var corpusFiles = []string{"testdata/empty.age", "testdata/two-seeds.age"}

// TestWriteTestdata makes the corpus files (empty.age, two-seeds.age)
// and checks that what it makes opens to the seeds it put in. With
// TWOFOLD_WRITE_TESTDATA=1 it writes them to testdata/; otherwise to a
// temporary directory, so the generator stays tried.
func TestWriteTestdata(t *testing.T) {
	dir := t.TempDir()
	if os.Getenv("TWOFOLD_WRITE_TESTDATA") != "" {
		dir = "testdata"
	}
	write := func(name string, seeds ...string) {
		data := Data{Version: SchemaVersion}
		for _, s := range seeds {
			if _, err := data.AddSeed(testSeed(s), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		raw, err := encrypt(data, testPassphrase, minWorkFactor)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(path, testPassphrase)
		if err != nil {
			t.Fatalf("%s does not open: %v", name, err)
		}
		var got []string
		for _, s := range v.Data.Seeds {
			got = append(got, s.Account)
		}
		if !slices.Equal(got, seeds) {
			t.Errorf("%s holds %v, want %v", name, got, seeds)
		}
	}
	write("empty.age")
	write("two-seeds.age", "alice", "bob")
}

func TestCorpusOpens(t *testing.T) {
	for _, f := range corpusFiles {
		if _, err := Open(f, testPassphrase); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	v, _ := Open("testdata/two-seeds.age", testPassphrase)
	if v == nil || len(v.Data.Seeds) != 2 {
		t.Errorf("two-seeds.age does not hold two seeds")
	}
}

// FuzzDecrypt feeds mangled vault files to the reader: it must never
// panic, and every failure must be one of the documented errors.
func FuzzDecrypt(f *testing.F) {
	for _, name := range corpusFiles {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		data, _, err := decrypt(raw, testPassphrase)
		if err == nil {
			if data.Version < 1 || data.Version > SchemaVersion {
				t.Fatalf("accepted schema version %d", data.Version)
			}
			return
		}
		for _, known := range []error{ErrCorrupt, ErrWrongPassphrase, ErrWorkFactor, ErrNewerVersion} {
			if errors.Is(err, known) {
				return
			}
		}
		t.Fatalf("undocumented error: %v", err)
	})
}
