package transfer

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/twofoldmfa/twofold/token/kdf"
	"github.com/twofoldmfa/twofold/token/vault"
)

// ageBackup encrypts plain JSON as an age file at work factor 10, with
// age itself rather than Twofold's codec, for contents Twofold never
// writes.
func ageBackup(t *testing.T, plain, passphrase string) []byte {
	t.Helper()
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(10)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, plain)
	w.Close()
	return out.Bytes()
}

const backupSeedJSON = `{"kind":"totp","issuer":"Example","account":"alice","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30}`

// TestBackupReadLikeTheVault: a backup is read by the vault's codec, so
// it holds the vault's schema check and work-factor ceiling.
func TestBackupReadLikeTheVault(t *testing.T) {
	ok := ageBackup(t, `{"version":1,"seeds":[`+backupSeedJSON+`]}`, "p")
	if seeds, err := ParseBackup(ok, fixedPassphrase("p")); err != nil || len(seeds) != 1 {
		t.Fatalf("a plain backup: %d seeds, %v", len(seeds), err)
	}
	cases := []struct {
		name    string
		content []byte
		want    error
	}{
		{"newer schema", ageBackup(t, `{"version":`+strconv.Itoa(vault.SchemaVersion+1)+`,"seeds":[`+backupSeedJSON+`]}`, "p"), vault.ErrNewerVersion},
		{"no schema version", ageBackup(t, `{"seeds":[`+backupSeedJSON+`]}`, "p"), vault.ErrCorrupt},
		// 2^19 (512 MiB) was read before; 2^22 (4 GiB) too.
		{"work factor 2^19", bytes.Replace(ok, []byte(" 10\n"), []byte(" 19\n"), 1), kdf.ErrTooCostly},
		{"work factor 2^22", bytes.Replace(ok, []byte(" 10\n"), []byte(" 22\n"), 1), kdf.ErrTooCostly},
	}
	for _, c := range cases {
		seeds, err := ParseBackup(c.content, fixedPassphrase("p"))
		if !errors.Is(err, c.want) || seeds != nil {
			t.Errorf("%s: %d seeds, %v; want %v", c.name, len(seeds), err, c.want)
		}
	}
}

// TestAegisHostileScryptRefused: Aegis slots whose scrypt would take
// gigabytes or many seconds are refused before deriving.
func TestAegisHostileScryptRefused(t *testing.T) {
	good := aegisEncrypted(t, aegisPlainDB, "pw", 10, false)
	if _, err := ParseAegis(good, fixedPassphrase("pw")); err != nil {
		t.Fatalf("the unchanged file: %v", err)
	}
	for _, c := range []struct{ name, n, r, p string }{
		{"n=2^19 r=8 (512 MiB)", "524288", "8", "1"},
		{"n=2^22 r=1024", "4194304", "1024", "1"},
		{"n=2^12 r=1024 p=1024", "4096", "1024", "1024"},
		{"n=2^10 r=8 p=1024 (work)", "1024", "8", "1024"},
	} {
		hostile := strings.NewReplacer(`"n":1024,`, `"n":`+c.n+`,`, `"r":8,`, `"r":`+c.r+`,`, `"p":1,`, `"p":`+c.p+`,`).Replace(string(good))
		if hostile == string(good) {
			t.Fatal("test did not find the slot's parameters")
		}
		_, err := ParseAegis([]byte(hostile), fixedPassphrase("pw"))
		if !errors.Is(err, kdf.ErrTooCostly) {
			t.Errorf("%s: got %v, want kdf.ErrTooCostly", c.name, err)
		}
	}
}

// TestNoFieldValueEchoed: an unknown type, a bad algorithm or secret in
// an Aegis entry, a 2FAS service or a transfer link is reported by its
// place and field name; neither the value nor the entry's names (which
// may hold control characters or a secret pasted in the wrong field)
// reach the error.
func TestNoFieldValueEchoed(t *testing.T) {
	const marker = "LEAKED\x1b[31m"
	aegisEntry := func(typ, algo, secret string) []byte {
		return aegisPlain(`{"entries": [{"type": "` + typ + `", "name": "` + marker + `", "issuer": "` + marker + `", "info": {"secret": "` + secret + `", "algo": "` + algo + `", "digits": 6, "period": 30}}]}`)
	}
	twoFAS := func(typ, algo, secret string) []byte {
		return []byte(`{"services": [{"name": "` + marker + `", "secret": "` + secret + `", "otp": {"account": "` + marker + `", "tokenType": "` + typ + `", "algorithm": "` + algo + `"}}]}`)
	}
	for name, content := range map[string][]byte{
		"aegis type":      aegisEntry(marker, "SHA1", "JBSWY3DPEHPK3PXP"),
		"aegis algorithm": aegisEntry("totp", marker, "JBSWY3DPEHPK3PXP"),
		"aegis secret":    aegisEntry("totp", "SHA1", marker),
		"aegis names":     aegisEntry("totp", "SHA1", "JBSWY3DPEHPK3PXP"),
		"2fas tokenType":  twoFAS(marker, "SHA1", "JBSWY3DPEHPK3PXP"),
		"2fas algorithm":  twoFAS("TOTP", marker, "JBSWY3DPEHPK3PXP"),
		"2fas secret":     twoFAS("TOTP", "SHA1", marker),
		"2fas names":      twoFAS("TOTP", "SHA1", "JBSWY3DPEHPK3PXP"),
	} {
		content = bytes.ReplaceAll(content, []byte("\x1b"), []byte(`\u001b`))
		_, err := Read(content, noPassphrase)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(strings.ToUpper(err.Error()), "LEAKED") || strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%s: the error quotes a field: %q", name, err)
		}
		if !strings.Contains(err.Error(), "entry 1") && !strings.Contains(err.Error(), "service 1") {
			t.Errorf("%s: the error does not say where: %q", name, err)
		}
	}
}

// TestMigrationAnnouncingHugeExportRefused: a transfer link whose
// payload says its export has 2^31-1 codes is refused at once, not
// counted code by code.
func TestMigrationAnnouncingHugeExportRefused(t *testing.T) {
	payload := concat([]byte{0x18, 0xff, 0xff, 0xff, 0xff, 0x07}, []byte{0x28, 0x01}) // 3: batch_size 2^31-1, 5: batch_id 1
	list := []byte(migrationLink(payload) + "\n")
	_, err := Read(list, noPassphrase)
	if !errors.Is(err, ErrMigration) {
		t.Fatalf("got %v, want ErrMigration", err)
	}
}

// TestBackupNeverLargerThanAnImportReads: a backup that import would
// refuse (over MaxFileSize) is not written.
func TestBackupNeverLargerThanAnImportReads(t *testing.T) {
	data := vault.Data{Version: 1, Settings: map[string]string{"note": strings.Repeat("x", MaxFileSize)}}
	if b, err := EncodeBackup(data, "p"); !errors.Is(err, ErrTooLarge) || b != nil {
		t.Fatalf("%d bytes, %v; want ErrTooLarge", len(b), err)
	}
}
