package transfer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20"
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
		c, err := ReadEntries(content, fixedPassphrase(testdataPassphrase))
		if strings.HasPrefix(e.Name(), "bad-") {
			if err == nil {
				t.Errorf("%s: no error", e.Name())
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		} else if len(c.Seeds) == 0 && len(c.Batches) == 0 {
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
		checkFuzzContents(t, ParseAegis, content)
	})
}

func FuzzTwoFAS(f *testing.F) {
	addTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		checkFuzzContents(t, ParseTwoFAS, content)
	})
}

func FuzzDetect(f *testing.F) {
	addTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		if costlyKDF(content) {
			return
		}
		checkFuzzContents(t, func(b []byte, p Passphrase) (Contents, error) { return ReadEntries(b, p) }, content)
	})
}

// checkFuzzContents reads content with read and checks the contract: an
// error returns nothing, every seed is valid, every entry left out has a
// place and a reason.
func checkFuzzContents(t *testing.T, read reader, content []byte) {
	t.Helper()
	checkFuzzRead(t, read, content, fixedPassphrase(testdataPassphrase))
}

func checkFuzzRead(t *testing.T, read reader, content []byte, pass Passphrase) {
	t.Helper()
	c, err := read(content, pass)
	if err != nil {
		if c.Seeds != nil || c.Unread != nil || c.Batches != nil {
			t.Fatal("contents returned with an error: not all or nothing")
		}
		return
	}
	for _, s := range c.Seeds {
		if err := s.Validate(); err != nil {
			t.Fatalf("an invalid seed came through: %v", err)
		}
	}
	for _, u := range c.Unread {
		if u.Position < 1 || u.Place == "" || u.Reason == "" || u.Err == nil {
			t.Fatalf("an entry left out without place or reason: %+v", u)
		}
	}
}

// addAppsTestdata seeds a fuzz target with the exports of testdata/apps.
// Their targets run with no passphrase: the fixed work factors of some
// formats (Argon2id over 64 MiB) would take each run a tenth of a second,
// and what an encrypted export decrypts to is read as the plain one is.
func addAppsTestdata(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "apps"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", "apps", e.Name())); err == nil {
			f.Add(b)
		}
	}
}

func FuzzAndOTP(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseAndOTP, content, noPassphrase) })
}

func FuzzBitwarden(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseBitwarden, content, noPassphrase) })
}

func FuzzProton(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseProton, content, noPassphrase) })
}

func FuzzAuthPro(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseAuthPro, content, noPassphrase) })
}

func FuzzFreeOTP(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseFreeOTP, content, noPassphrase) })
}

func FuzzLastPass(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseLastPass, content, noPassphrase) })
}

func FuzzSteam(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseSteam, content, noPassphrase) })
}

func FuzzEnte(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseEnte, content, noPassphrase) })
}

// FuzzSecretstream pulls a stream under a fixed key: whatever the bytes,
// it fails or returns, never panics.
func FuzzSecretstream(f *testing.F) {
	f.Add(make([]byte, 24), []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"))
	key := make([]byte, 32)
	f.Fuzz(func(t *testing.T, header, stream []byte) {
		if len(header) != secretstreamHeaderBytes {
			return
		}
		if _, err := openSecretstream(key, header, stream, 64); err == nil {
			t.Fatal("a random stream authenticated")
		}
	})
}

func FuzzKeePass(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) { checkFuzzRead(t, ParseKeePass, content, noPassphrase) })
}

// FuzzKeePassEntries walks a database's XML with a fixed protected
// stream: whatever the XML, it fails or returns valid seeds.
func FuzzKeePassEntries(f *testing.F) {
	f.Add([]byte(`<KeePassFile><Meta><RecycleBinUUID>x</RecycleBinUUID></Meta><Root><Group><UUID>g</UUID><Entry><String><Key>Title</Key><Value>T</Value></String><String><Key>otp</Key><Value Protected="True">AAAA</Value></String><History><Entry/></History></Entry></Group></Root></KeePassFile>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		stream, err := chacha20.NewUnauthenticatedCipher(make([]byte, 32), make([]byte, 12))
		if err != nil {
			t.Fatal(err)
		}
		checkFuzzRead(t, func(b []byte, _ Passphrase) (Contents, error) { return readKDBXEntries(b, stream) }, body, noPassphrase)
	})
}

func FuzzPhoneDatabases(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		checkFuzzRead(t, ParseGoogleDB, content, noPassphrase)
		checkFuzzRead(t, ParseMicrosoftDB, content, noPassphrase)
		if _, err := detectSQLite(content); err == nil && !isSQLite(content) {
			t.Fatal("an SQLite format without the magic")
		}
	})
}

func FuzzAndroidPrefs(f *testing.F) {
	addAppsTestdata(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		checkFuzzRead(t, ParseFreeOTPXML, content, noPassphrase)
		checkFuzzRead(t, ParseAuthy, content, noPassphrase)
	})
}
