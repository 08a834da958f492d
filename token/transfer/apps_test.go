package transfer

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/kdf"
)

// appsExpected is testdata/apps/expected.json, written with the exports
// by testdata/python/apps.py: per file, each seed's label, kind and the
// code it shows at At, computed by that script's own HOTP and Steam Guard.
type appsExpected struct {
	At    int64 `json:"at"`
	Files map[string][]struct {
		Label string     `json:"label"`
		Kind  token.Kind `json:"kind"`
		Steam bool       `json:"steam"`
		Code  string     `json:"code"`
	} `json:"files"`
}

// appsFormats is the format each file of testdata/apps must be read as,
// and the entries each holds that Twofold cannot take.
var appsFormats = map[string]struct {
	format    Format
	encrypted bool
	unread    []Reason
}{
	"andotp-plain.json":                   {FormatAndOTP, false, nil},
	"andotp-encrypted.json.aes":           {FormatAndOTP, true, nil},
	"andotp-old.json.aes":                 {FormatAndOTP, true, nil},
	"bitwarden.json":                      {FormatBitwarden, false, nil},
	"bitwarden.csv":                       {FormatBitwarden, false, nil},
	"bitwarden-pbkdf2.json":               {FormatBitwarden, true, nil},
	"bitwarden-argon2id.json":             {FormatBitwarden, true, nil},
	"proton-authenticator.json":           {FormatProton, false, nil},
	"proton-authenticator-encrypted.json": {FormatProton, true, nil},
	"proton-pass.zip":                     {FormatProton, false, nil},
	"authpro.json":                        {FormatAuthPro, false, []Reason{ReasonKind}},
	"authpro-encrypted.authpro":           {FormatAuthPro, true, []Reason{ReasonKind}},
	"authpro-legacy.authpro":              {FormatAuthPro, true, []Reason{ReasonKind}},
	"freeotp-plus.json":                   {FormatFreeOTP, false, nil},
	"lastpass.json":                       {FormatLastPass, false, nil},
	"steam.maFile":                        {FormatSteam, false, nil},
	"ente-encrypted.txt":                  {FormatEnte, true, nil},
	"keepassxc.kdbx":                      {FormatKeePass, true, nil},
	"google-authenticator.db":             {FormatGoogleDB, false, nil},
	"freeotp-tokens.xml":                  {FormatFreeOTPXML, false, nil},
	"authy-tokens.xml":                    {FormatAuthy, false, nil},
	"authy-tokens-encrypted.xml":          {FormatAuthy, true, nil},
	"microsoft-authenticator.db":          {FormatMicrosoftDB, false, []Reason{ReasonKind}},
}

func readAppsExpected(t testing.TB) appsExpected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "apps", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e appsExpected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestAppExports reads every export written by apps.py and compares each
// seed with the script's: label, kind, and its code at one instant, and
// (decimal codes) with oathtool's.
func TestAppExports(t *testing.T) {
	exp := readAppsExpected(t)
	if len(exp.Files) != len(appsFormats) {
		t.Fatalf("expected.json has %d files, the test %d", len(exp.Files), len(appsFormats))
	}
	at := time.Unix(exp.At, 0)
	for file, wants := range exp.Files {
		t.Run(file, func(t *testing.T) {
			f, ok := appsFormats[file]
			if !ok {
				t.Fatal("no format for this file")
			}
			content, err := os.ReadFile(filepath.Join("testdata", "apps", file))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Detect(content); err != nil || got != f.format {
				t.Fatalf("Detect: %s, %v; want %s", got, err, f.format)
			}
			if NeedsPassphrase(content) != f.encrypted {
				t.Errorf("NeedsPassphrase %v", !f.encrypted)
			}
			asked := false
			c, err := ReadEntries(content, func() (string, error) { asked = true; return testdataPassphrase, nil })
			if err != nil {
				t.Fatal(err)
			}
			if c.Format != f.format || c.Encrypted != f.encrypted || asked != f.encrypted {
				t.Errorf("format %s encrypted %v asked %v", c.Format, c.Encrypted, asked)
			}
			var reasons []Reason
			for _, u := range c.Unread {
				reasons = append(reasons, u.Reason)
			}
			if !slices.Equal(reasons, f.unread) {
				t.Errorf("unread %+v, want reasons %v", c.Unread, f.unread)
			}
			if len(c.Seeds) != len(wants) {
				t.Fatalf("%d seeds, want %d", len(c.Seeds), len(wants))
			}
			for i, w := range wants {
				s := c.Seeds[i]
				code, err := s.Code(at)
				if err != nil {
					t.Fatal(err)
				}
				if s.Label() != w.Label || s.Kind != w.Kind || s.Steam() != w.Steam || code != w.Code {
					t.Errorf("seed %d: %s %s steam=%v code %s; want %s %s steam=%v code %s",
						i+1, s.Label(), s.Kind, s.Steam(), code, w.Label, w.Kind, w.Steam, w.Code)
				}
				if !s.Steam() && (s.Kind == token.TOTP || s.Algorithm == token.SHA1) {
					checkWithOathtool(t, s)
				}
			}
		})
	}
}

// Each encrypted export: a wrong passphrase and a truncated file are one
// error each, with nothing read.
func TestAppExportsRefused(t *testing.T) {
	for file, f := range appsFormats {
		if !f.encrypted {
			continue
		}
		t.Run(file, func(t *testing.T) {
			content, err := os.ReadFile(filepath.Join("testdata", "apps", file))
			if err != nil {
				t.Fatal(err)
			}
			c, err := ReadEntries(content, fixedPassphrase("not the passphrase"))
			if !errors.Is(err, ErrWrongPassphrase) || c.Seeds != nil {
				t.Errorf("wrong passphrase: %v, %d seeds", err, len(c.Seeds))
			}
			// A final newline is not part of the file's content.
			whole := bytes.TrimRight(content, "\n")
			for _, n := range []int{len(whole) - 1, len(whole) / 2, 20} {
				c, err := ReadEntries(whole[:n], fixedPassphrase(testdataPassphrase))
				if err == nil || c.Seeds != nil {
					t.Errorf("truncated to %d bytes: %v, %d seeds", n, err, len(c.Seeds))
				}
			}
		})
	}
}

// A file asking for more KDF work than any app writes is refused before
// any derivation, and says so.
func TestHostileKDFParameters(t *testing.T) {
	andOTP, err := os.ReadFile(filepath.Join("testdata", "apps", "andotp-encrypted.json.aes"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := slices.Clone(andOTP)
	hostile[0], hostile[1], hostile[2], hostile[3] = 0x7f, 0xff, 0xff, 0xff
	if _, err := ReadEntries(hostile, fixedPassphrase(testdataPassphrase)); !errors.Is(err, kdf.ErrTooCostly) {
		t.Errorf("andOTP with 2^31 iterations: %v", err)
	}
	ente, err := os.ReadFile(filepath.Join("testdata", "apps", "ente-encrypted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for name, params := range map[string]string{
		"memory": `{"memLimit": 68719476736, "opsLimit": 2, "salt": "c2FsdHNhbHRzYWx0c2FsdA=="}`,
		"passes": `{"memLimit": 1073741824, "opsLimit": 100, "salt": "c2FsdHNhbHRzYWx0c2FsdA=="}`,
		"zero":   `{"memLimit": 0, "opsLimit": 0, "salt": "c2FsdHNhbHRzYWx0c2FsdA=="}`,
	} {
		var f map[string]json.RawMessage
		if err := json.Unmarshal(ente, &f); err != nil {
			t.Fatal(err)
		}
		f["kdfParams"] = json.RawMessage(params)
		b, _ := json.Marshal(f)
		if _, err := ReadEntries(b, fixedPassphrase(testdataPassphrase)); !errors.Is(err, kdf.ErrTooCostly) {
			t.Errorf("Ente, %s: %v", name, err)
		}
	}
	kdbx, err := os.ReadFile(filepath.Join("testdata", "apps", "keepassxc.kdbx"))
	if err != nil {
		t.Fatal(err)
	}
	for name, field := range map[string]string{"memory": "M", "iterations": "I"} {
		at := bytes.Index(kdbx, []byte{0x05, 1, 0, 0, 0, field[0], 8, 0, 0, 0})
		if at < 0 {
			t.Fatalf("no %s in the KDF parameters", field)
		}
		hostile := slices.Clone(kdbx)
		binary.LittleEndian.PutUint64(hostile[at+10:], 1<<40)
		if _, err := ReadEntries(hostile, fixedPassphrase(testdataPassphrase)); !errors.Is(err, kdf.ErrTooCostly) {
			t.Errorf("KeePass, %s: %v", name, err)
		}
	}
	bw, err := os.ReadFile(filepath.Join("testdata", "apps", "bitwarden-argon2id.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]map[string]any{
		"argon2 memory":     {"kdfMemory": 1 << 20},
		"argon2 iterations": {"kdfIterations": 1 << 30},
		"argon2 threads":    {"kdfParallelism": 255},
		"pbkdf2":            {"kdfType": 0, "kdfIterations": 1 << 40},
		"negative":          {"kdfIterations": -1},
	} {
		var f map[string]any
		if err := json.Unmarshal(bw, &f); err != nil {
			t.Fatal(err)
		}
		for k, v := range change {
			f[k] = v
		}
		b, _ := json.Marshal(f)
		if _, err := ReadEntries(b, fixedPassphrase(testdataPassphrase)); !errors.Is(err, kdf.ErrTooCostly) {
			t.Errorf("Bitwarden, %s: %v", name, err)
		}
	}
}

// Ente's notes and tags come with the seeds they belong to.
func TestEnteNotes(t *testing.T) {
	content, err := os.ReadFile(filepath.Join("testdata", "apps", "ente-encrypted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ReadEntries(content, fixedPassphrase(testdataPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notes) != 1 {
		t.Fatalf("notes %+v", c.Notes)
	}
	n := c.Notes[0]
	if c.Seeds[n.Seed].Issuer != "ACME Co" || n.Text != "the desk token" || !slices.Equal(n.Tags, []string{"work", "vpn"}) {
		t.Errorf("note %+v on %s", n, c.Seeds[n.Seed].Label())
	}
}

// TestSecretstreamRekey opens a stream of three messages, the second of
// which renews the key, written by apps.py's own implementation of
// libsodium's push; any flipped byte or a missing end fails it.
func TestSecretstreamRekey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "secretstream", "rekey.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Key, Header, Stream, Plain string
		Sizes                      []int
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	key, _ := hex.DecodeString(v.Key)
	header, _ := hex.DecodeString(v.Header)
	stream, _ := hex.DecodeString(v.Stream)
	// pullAll reads the messages at their sizes, as their writer cut them.
	pullAll := func(stream []byte) ([]byte, []byte, error) {
		s, err := newSecretstreamPull(key, header)
		if err != nil {
			return nil, nil, err
		}
		var got, tags []byte
		for _, n := range v.Sizes {
			m, tag, err := s.pull(stream[:n+secretstreamABytes], nil)
			if err != nil {
				return nil, nil, err
			}
			got, tags = append(got, m...), append(tags, tag)
			stream = stream[n+secretstreamABytes:]
		}
		return got, tags, nil
	}
	got, tags, err := pullAll(stream)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != v.Plain || !slices.Equal(tags, []byte{0, secretstreamTagRekey, secretstreamTagFinal}) {
		t.Errorf("plain %q tags %v, want %q, 0 2 3", got, tags, v.Plain)
	}
	for _, i := range []int{0, 5, v.Sizes[0] + secretstreamABytes + 3, len(stream) - 1} {
		bad := slices.Clone(stream)
		bad[i] ^= 1
		if _, _, err := pullAll(bad); err == nil {
			t.Errorf("byte %d flipped: no error", i)
		}
	}
	// Out of order, a message does not open: the nonce moves on with each.
	s, _ := newSecretstreamPull(key, header)
	first := v.Sizes[0] + secretstreamABytes
	second := first + v.Sizes[1] + secretstreamABytes
	if _, _, err := s.pull(stream[:first], nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.pull(stream[second:], nil); err == nil {
		t.Error("message 3 opened in message 2's place")
	}
	if _, err := openSecretstream(key, header, stream[:v.Sizes[0]+secretstreamABytes], v.Sizes[0]); err == nil {
		t.Error("a stream cut before its final message: no error")
	}
}

// A phone database cut short is one error, nothing read.
func TestPhoneDatabaseTruncated(t *testing.T) {
	content, err := os.ReadFile(filepath.Join("testdata", "apps", "google-authenticator.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{len(content) - 512, 3 * 512, 100} {
		if c, err := ReadEntries(content[:n], noPassphrase); err == nil || c.Seeds != nil {
			t.Errorf("cut to %d bytes: %v, %d seeds", n, err, len(c.Seeds))
		}
	}
}
