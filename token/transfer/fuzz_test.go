package transfer

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/token"
)

// testdataPassphrase opens the encrypted files under testdata/.
const testdataPassphrase = "testdata passphrase"

// TestWriteTestdata regenerates the encrypted files under testdata/ when
// TWOFOLD_WRITE_TESTDATA is set; otherwise it checks they still open.
func TestWriteTestdata(t *testing.T) {
	files := map[string]func() []byte{
		// scrypt at N=2^4: a fuzz target runs it on every mutation.
		"aegis-encrypted.json": func() []byte { return aegisEncrypted(t, aegisPlainDB, testdataPassphrase, 4, true) },
		"twofas-encrypted.2fas": func() []byte {
			return []byte(`{"services":[],"groups":[],"schemaVersion":4,"servicesEncrypted":"` + twoFASEncrypt(t, twoFASServices, testdataPassphrase) + `"}`)
		},
		"migration.txt": func() []byte { return []byte(migrationLink(handPayload()) + "\n") },
	}
	for name, build := range files {
		path := filepath.Join("testdata", name)
		if os.Getenv("TWOFOLD_WRITE_TESTDATA") != "" {
			if err := os.WriteFile(path, build(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		content, err := os.ReadFile(filepath.Join("testdata", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		seeds, _, err := Parse(content, fixedPassphrase(testdataPassphrase))
		if strings.HasPrefix(e.Name(), "bad-") {
			if err == nil {
				t.Errorf("%s: no error", e.Name())
			}
			continue
		}
		if err != nil && !errors.Is(err, ErrMissingBatch) {
			t.Errorf("%s: %v", e.Name(), err)
		} else if err == nil && len(seeds) == 0 {
			t.Errorf("%s: no seeds", e.Name())
		}
	}
}

func addTestdata(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(b)
		}
	}
}

func FuzzMigration(f *testing.F) {
	f.Add(handPayload())
	f.Fuzz(func(t *testing.T, payload []byte) {
		b, err := DecodeMigrationPayload(payload)
		if err != nil {
			return
		}
		for _, s := range b.Seeds {
			if err := s.Validate(); err != nil {
				t.Fatalf("decoded an invalid seed: %v", err)
			}
		}
		links, _ := EncodeMigration(b.Seeds, b.ID)
		var again []Batch
		for _, l := range links {
			back, err := ParseMigration(l)
			if err != nil {
				t.Fatalf("own link does not read back: %v", err)
			}
			again = append(again, back)
		}
		if _, err := GatherBatches(again); err != nil {
			t.Fatalf("own links do not gather: %v", err)
		}
	})
}

// costlyKDF reports whether content asks for a key derivation well above
// what the fuzz corpus's own encrypted files use (scrypt N·r·p 2^7;
// allowed up to 2^10, an age work factor of 10): an Aegis slot or an age
// header. The readers
// refuse only what is costlier than an app writes (token/kdf), which at
// Aegis's real 2^15 is a tenth of a second a try, so the fuzz targets
// leave these inputs out to stay fast; every path they reach (the slot
// checks, the derivation, the decryption and everything after) is
// reached by the cheap ones as well, and the ceilings themselves are
// tested in token/kdf and by TestAegisHostileScryptRefused.
func costlyKDF(content []byte) bool {
	if bytes.HasPrefix(content, []byte(ageMagic)) {
		for line := range bytes.Lines(content[len(ageMagic):]) {
			if f := bytes.Fields(line); len(f) == 4 && string(f[0]) == "->" && string(f[1]) == "scrypt" {
				n, err := strconv.Atoi(string(f[3]))
				return err != nil || n > 10
			}
		}
		return false
	}
	var probe struct {
		Header struct {
			Slots []struct{ N, R, P int64 } `json:"slots"`
		} `json:"header"`
	}
	if json.Unmarshal(content, &probe) != nil {
		return false
	}
	for _, s := range probe.Header.Slots {
		if s.N > 1<<10 || s.R > 1<<10 || s.P > 1<<10 || s.N*s.R*s.P > 1<<10 {
			return true
		}
	}
	return false
}

func FuzzAegis(f *testing.F) {
	addTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		if costlyKDF(content) {
			return
		}
		seeds, err := ParseAegis(content, fixedPassphrase(testdataPassphrase))
		checkFuzzSeeds(t, seeds, err)
	})
}

func FuzzTwoFAS(f *testing.F) {
	addTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		seeds, err := ParseTwoFAS(content, fixedPassphrase(testdataPassphrase))
		checkFuzzSeeds(t, seeds, err)
	})
}

func FuzzDetect(f *testing.F) {
	addTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		if costlyKDF(content) {
			return
		}
		seeds, _, err := Parse(content, fixedPassphrase(testdataPassphrase))
		checkFuzzSeeds(t, seeds, err)
	})
}

func checkFuzzSeeds(t *testing.T, seeds []token.Seed, err error) {
	t.Helper()
	if err != nil && seeds != nil {
		t.Fatal("seeds returned with an error: not all or nothing")
	}
	for _, s := range seeds {
		if err := s.Validate(); err != nil {
			t.Fatalf("an invalid seed came through: %v", err)
		}
	}
}
