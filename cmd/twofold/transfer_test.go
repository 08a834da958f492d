package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

const transferTestdata = "../../token/transfer/testdata/"

const awsLink = "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Amazon%20Web%20Services\n"

func TestImportFilesSkipsDuplicatesAndLinksAWS(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	exportPass := tc.writeFile("export-pass", "testdata passphrase\n")
	links := tc.writeFile("links.txt", "# mine\n"+awsLink)
	out := tc.ok("import", "--backup-passphrase-file", exportPass, transferTestdata+"uris.txt", transferTestdata+"aegis-encrypted.json", links)
	// uris.txt: ACME (alice), VPN (dave); aegis-encrypted.json: ACME (alice) again (same secret), Big Bank,
	// VPN (dave) with another secret, Steam; links.txt: the AWS root seed.
	if !strings.Contains(out, "Added ACME Co (alice@example.com)") || !strings.Contains(out, "Skipped ACME Co (alice@example.com): the vault already holds this secret") {
		t.Errorf("import said:\n%s", out)
	}
	if !strings.Contains(out, "Created account") {
		t.Errorf("the AWS seed was not linked to an account:\n%s", out)
	}
	before, bak := tc.vaultBytes(), tc.readFile("vault.age.bak")
	var again importJSON
	if err := json.Unmarshal([]byte(tc.ok("import", "--json", links)), &again); err != nil {
		t.Fatal(err)
	}
	if len(again.Added) != 0 || len(again.Skipped) != 1 || again.Skipped[0].ExistingID == "" || again.Skipped[0].Source != links {
		t.Errorf("second import: %+v", again)
	}
	// Nothing added: nothing written, and .bak still holds the version
	// before the first import.
	if !bytes.Equal(before, tc.vaultBytes()) || bak != tc.readFile("vault.age.bak") {
		t.Error("an import that added nothing rewrote the vault")
	}
	if strings.Contains(tc.ok("list"), "KRSXG5") {
		t.Error("list shows a secret")
	}
}

// One entry Twofold cannot take leaves the rest of its file in: the
// summary counts it and a line names it, with no secret; only a file that
// cannot be read at all stops the import.
func TestImportTakesWhatItCan(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()
	tc.fails("not a format Twofold can import", "import", transferTestdata+"uris.txt", tc.writeFile("x.txt", "hello"))
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a failed import changed the vault")
	}
	mixed := tc.writeFile("mixed.json", `{"version":1,"header":{"slots":null,"params":null},"db":{"entries":[
		{"type":"totp","name":"ok","issuer":"I","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30}},
		{"type":"motp","name":"m","issuer":"J","info":{"secret":"KRSXG5CTMVRXEZLU","algo":"SHA1","digits":6,"period":30}},
		{"type":"totp","name":"short","issuer":"Old","info":{"secret":"MFRGGZDF","algo":"SHA1","digits":6,"period":30}}]}}`)
	out := tc.ok("import", mixed)
	want := "Added I (ok)\nAdded Old (short)\n2 added, 0 skipped, 1 not read.\n" +
		"Not read: " + mixed + ": entry 2 (J (m)): a kind of code Twofold does not make (field type: unsupported OTP type: want totp, hotp or steam)\n"
	if out != want {
		t.Errorf("import said:\n%s\nwant:\n%s", out, want)
	}
	if strings.Contains(out, "KRSXG5") {
		t.Error("the output holds a secret")
	}
	var j importJSON
	again := tc.writeFile("again.json", tc.readFile("mixed.json"))
	if err := json.Unmarshal([]byte(tc.ok("import", "--json", again)), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.NotRead) != 1 || j.NotRead[0].Position != 2 || j.NotRead[0].Reason != "unsupported_kind" || j.NotRead[0].Issuer != "J" || j.NotRead[0].Source != again {
		t.Errorf("not_read %+v", j.NotRead)
	}
	// The short secret is kept, and the check says the service chose it weak.
	check, _, _ := tc.run("check")
	if !strings.Contains(check, "chose a weak secret") {
		t.Errorf("check said:\n%s", check)
	}
}

// Code 2 of a Google export of 3: its seeds are added now, and the
// others are named as still to come, by 'import' and by 'add'.
func TestImportOneCodeOfSeveral(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	out := tc.ok("import", transferTestdata+"migration.txt")
	if !strings.Contains(out, "2 added, 0 skipped.") || !strings.Contains(out, "code 2 of 3 read; 1 and 3 not yet") {
		t.Errorf("import said:\n%s", out)
	}
	fresh := newTestCLI(t)
	fresh.ok("init")
	raw, err := os.ReadFile(transferTestdata + "migration.txt")
	if err != nil {
		t.Fatal(err)
	}
	link := strings.TrimSpace(string(raw))
	out = fresh.ok("add", link)
	if !strings.Contains(out, "2 added") || !strings.Contains(out, "code 2 of 3 read; 1 and 3 not yet") {
		t.Errorf("add of a transfer link said:\n%s", out)
	}
	img := qrencodeImage(t, t.TempDir(), link)
	third := newTestCLI(t)
	third.ok("init")
	if out := third.ok("add", "--qr", img); !strings.Contains(out, "2 added") || !strings.Contains(out, "code 2 of 3 read; 1 and 3 not yet") {
		t.Errorf("add --qr of a transfer code said:\n%s", out)
	}
}

func TestExportGoogleReadByZbarimgAndImportedBack(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	tc := newTestCLI(t)
	tc.ok("init")
	var b strings.Builder
	for i := range 12 {
		b.WriteString("otpauth://totp/Example:user" + string(rune('a'+i)) + "?secret=JBSWY3DPEHPK3PX" + string(rune('A'+i)) + "\n")
	}
	b.WriteString("otpauth://totp/Slow:s?secret=KRSXG5CTMVRXEZLU&period=60\n")
	tc.ok("import", tc.writeFile("seeds.txt", b.String()))
	dir := filepath.Join(tc.dir, "codes")
	out, errOut, code := tc.run("export", "google", "-o", dir)
	if code != 0 {
		t.Fatalf("export google: %s", errOut)
	}
	if !strings.Contains(errOut, "left out Slow (s)") || !strings.Contains(errOut, "anyone who sees them") {
		t.Errorf("stderr: %s", errOut)
	}
	files := strings.Fields(out)
	if len(files) != 2 || filepath.Base(files[0]) != "export-01-of-02.png" {
		t.Fatalf("files %v", files)
	}
	uris := strings.Fields(tc.ok("export", "google", "--uris"))
	if len(uris) != 2 {
		t.Fatalf("%d links", len(uris))
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v", f, st.Mode(), err)
		}
		read, err := exec.Command(zbarimg, "--raw", "-q", f).Output()
		if err != nil {
			t.Fatalf("zbarimg: %v", err)
		}
		if !strings.HasPrefix(string(read), "otpauth-migration://offline?data=") {
			t.Errorf("zbarimg read something else from %s", f)
		}
	}
	// Refused: no warning about files it did not write, no "0 files removed".
	if _, errOut, code := tc.run("export", "google", "-o", dir); code == 0 || !strings.HasSuffix(errOut, "export-01-of-02.png exists (use --force to overwrite)\n") ||
		strings.Contains(errOut, "anyone who sees them") {
		t.Errorf("a second export over the first: exit %d: %s", code, errOut)
	}

	fresh := newTestCLI(t)
	fresh.ok("init")
	got := fresh.ok("import", files[1], files[0])
	if !strings.Contains(got, "12 added, 0 skipped.") {
		t.Errorf("importing the exported codes: %s", got)
	}
}

func TestExportBackupAndURIsReadBack(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("import", transferTestdata+"aegis-plain.json")
	backupPass := tc.writeFile("backup-pass", "a passphrase of its own\n")
	backup := filepath.Join(tc.dir, "twofold.backup")
	tc.ok("export", "backup", "-o", backup, "--backup-passphrase-file", backupPass)
	tc.fails("exists", "export", "backup", "-o", backup, "--backup-passphrase-file", backupPass)
	uris := filepath.Join(tc.dir, "uris.txt")
	tc.ok("export", "uris", "-o", uris)
	tc.fails("export uris: "+uris+" exists (use --force to overwrite)", "export", "uris", "-o", uris)

	fresh := newTestCLI(t)
	fresh.ok("init")
	if got := fresh.ok("import", "--backup-passphrase-file", backupPass, backup); !strings.Contains(got, "2 added") {
		t.Errorf("backup import: %s", got)
	}
	if got := fresh.ok("import", uris); !strings.Contains(got, "0 added, 2 skipped") {
		t.Errorf("uris import: %s", got)
	}
	fresh.fails("wrong passphrase", "import", "--backup-passphrase-file", fresh.passphrase, backup)
}
