package main

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/qr"
)

// hygieneSeed makes a seed secret of 20 bytes that no other test uses.
func hygieneSeed(name string) []byte {
	sum := sha256.Sum256([]byte("twofold hygiene " + name))
	return sum[:20]
}

func b32(raw []byte) string { return strings.TrimRight(base32.StdEncoding.EncodeToString(raw), "=") }

// hygieneSecrets are the secrets the flows give twofold.
type hygieneSecrets struct {
	seedA, seedB, seedC   []byte // imported by file and stdin, added by QR image
	seedD, seedE          []byte // added by a link on stdin, and by a secret file
	pass, newPass         string
	backupPass, wrongPass string
	codes                 []string // an account's recovery codes, as printed
}

func newHygieneSecrets() hygieneSecrets {
	return hygieneSecrets{
		seedA: hygieneSeed("a"), seedB: hygieneSeed("b"), seedC: hygieneSeed("c"),
		seedD: hygieneSeed("d"), seedE: hygieneSeed("e"),
		pass: "plum-Vortex 83 quietly", newPass: "amber-Lattice 27 softly",
		backupPass: "cedar-Nimbus 61 gently", wrongPass: "slate-Harbor 45 loudly",
		codes: hygieneCodes(),
	}
}

// hygieneCodes makes ten recovery codes that no other test uses.
func hygieneCodes() []string {
	var out []string
	for i := range 10 {
		sum := sha256.Sum256([]byte(fmt.Sprintf("twofold hygiene code %d", i)))
		h := hex.EncodeToString(sum[:5])
		out = append(out, h[:5]+"-"+h[5:])
	}
	return out
}

// codeSecret describes a recovery code: as printed and without its dash
// (find also takes spaces and dashes out of what it searches).
func codeSecret(name, code string) secret {
	return secret{name: name, forms: map[string][]byte{"as printed": []byte(code), "without dashes": []byte(strings.ReplaceAll(code, "-", ""))}}
}

func (s hygieneSecrets) all() []secret {
	var codes []secret
	for i, c := range s.codes {
		codes = append(codes, codeSecret(fmt.Sprintf("recovery code %d", i+1), c))
	}
	return append(codes, []secret{
		seedSecret("seed secret A", s.seedA), seedSecret("seed secret B", s.seedB), seedSecret("seed secret C", s.seedC),
		seedSecret("seed secret D", s.seedD), seedSecret("seed secret E", s.seedE),
		textSecret("vault passphrase", s.pass), textSecret("new vault passphrase", s.newPass),
		textSecret("backup passphrase", s.backupPass), textSecret("mistyped passphrase", s.wrongPass),
	}...)
}

// TestSecretHygiene runs every command of the real binary, and the core
// flows (create, import by file, stdin and QR image, codes, verify,
// recovery codes,
// backup QR, accounts and factors, the check, export and import back, a
// passphrase change, a mistyped passphrase, bad input that holds a
// secret, hardware commands), with known seed secrets, recovery codes and
// passphrases given by file or stdin, and fails if one shows anywhere
// but the vault (encrypted), the person's own inputs and the exports
// they asked for. The vault and the encrypted backup are scanned too: a
// secret in clear there is a leak.
func TestSecretHygiene(t *testing.T) {
	s := newHygieneSecrets()
	h := newHygiene(t)
	h.secrets = s.all()
	h.pass = h.input("pass", []byte(s.pass+"\n"))

	h.run("init")
	h.run("import", h.input("links.txt", []byte(
		"otpauth://totp/Example:alice@example.com?secret="+b32(s.seedA)+"&issuer=Example\n")))
	h.do(hygieneRun{args: []string{"import", "-"}, stdin: "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=" +
		b32(s.seedB) + "&issuer=Amazon%20Web%20Services\n"})
	png, err := qr.PNG("otpauth://totp/Chat:carol@example.com?secret="+b32(s.seedC)+"&issuer=Chat", 400)
	if err != nil {
		t.Fatal(err)
	}
	h.run("add", "--qr", h.input("carol.png", png))
	h.fail("add", "--qr", h.input("carol-again.png", png)) // a duplicate secret is refused
	h.do(hygieneRun{args: []string{"add", "-"}, stdin: "otpauth://totp/Mail:dave@example.com?secret=" + b32(s.seedD) + "&issuer=Mail\n"})
	h.run("add", "--issuer", "Bank", "--account", "erin", "--secret-file", h.input("erin-secret", []byte(b32(s.seedE)+"\n")))
	h.do(hygieneRun{args: []string{"add", "-"}, stdin: "otpauth://totp/Mail:dave@example.com?secret=" + b32(s.seedD) + "&issuer=Mail\n", wantErr: true})

	h.run("list")
	h.run("list", "--json")
	h.run("code", "alice")
	h.run("code", "amazon", "--json", "--next")
	seedA, err := token.ParseURI("otpauth://totp/Example:alice@example.com?secret=" + b32(s.seedA) + "&issuer=Example")
	if err != nil {
		t.Fatal(err)
	}
	code, err := seedA.Code(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h.run("verify", "alice", code, "--device", "Pixel 9")
	h.fail("verify", "alice", "000000")
	h.fail("qr", "carol") // a text QR code on a pipe is refused
	h.do(hygieneRun{args: []string{"qr", "carol", "--force"}, shows: true})
	h.run("qr", "carol", "-o", h.export(filepath.Join(h.tmp, "carol-backup.png")))
	h.run("rename", "carol", "--issuer", "Chat Inc")
	h.fail("code", "no-such-seed")

	h.run("account", "add", "Example", "--provider", "generic", "--email", "alice@example.com")
	h.run("account", "edit", "Example", "--phone", "+815012345678")
	h.run("account", "list")
	added := h.run("factor", "add", "Example", "--kind", "seed", "--seed", "alice")
	id := regexp.MustCompile(`Added factor (\S+)`).FindStringSubmatch(added)
	if id == nil {
		t.Fatalf("factor add said %q", added)
	}
	h.run("factor", "add", "Example", "--kind", "app", "--label", "Pixel 9")
	h.run("factor", "verify", "Example", id[1])

	// Recovery codes: added from the service's file, refused as a second
	// list and as bad input, used from standard input, listed.
	var codeFile strings.Builder
	for i, c := range s.codes {
		fmt.Fprintf(&codeFile, "%d. %s\n", i+1, c)
	}
	h.run("codes", "add", "Example", "--file", h.input("example-codes.txt", []byte(codeFile.String())))
	h.do(hygieneRun{args: []string{"codes", "add", "Example", "-"}, stdin: codeFile.String(), wantErr: true})
	h.do(hygieneRun{args: []string{"codes", "add", "Example", "-", "--replace"}, stdin: s.codes[0] + "\x07\n", wantErr: true})
	h.do(hygieneRun{args: []string{"codes", "add", "Example", "-", "--replace"}, stdin: s.codes[1] + "\n" + s.codes[1] + "\n", wantErr: true})
	for _, c := range s.codes[:8] {
		h.do(hygieneRun{args: []string{"codes", "use", "Example", "-"}, stdin: c + "\n"})
	}
	h.do(hygieneRun{args: []string{"codes", "use", "Example", "-"}, stdin: s.codes[0] + "\n", wantErr: true})
	h.do(hygieneRun{args: []string{"codes", "use", "Example", "-"}, stdin: s.codes[9] + "x\n", wantErr: true})
	h.run("codes", "list", "Example")
	h.run("codes", "list", "Example", "--json")
	h.do(hygieneRun{args: []string{"codes", "list", "Example", "--show"}, shows: true})
	h.do(hygieneRun{args: []string{"codes", "list", "Example", "--show", "--json"}, shows: true})
	h.do(hygieneRun{args: []string{"check"}, wantErr: true}) // the AWS root account has one factor
	h.do(hygieneRun{args: []string{"check", "--json"}, wantErr: true})

	h.do(hygieneRun{args: []string{"export", "uris"}, shows: true})
	h.run("export", "uris", "-o", h.export(filepath.Join(h.home, "links-export.txt")))
	h.do(hygieneRun{args: []string{"export", "google", "--uris"}, shows: true})
	h.run("export", "google", "-o", h.export(filepath.Join(h.home, "google")))
	h.run("kit", "-o", h.export(filepath.Join(h.home, "kit.pdf")))
	backupPass := h.input("backup-pass", []byte(s.backupPass+"\n"))
	backup := filepath.Join(h.home, "twofold-backup.age")
	h.run("export", "backup", "-o", backup, "--backup-passphrase-file", backupPass)
	h.run("import", "--backup-passphrase-file", backupPass, backup) // all three skipped as duplicates

	newPass := h.input("new-pass", []byte(s.newPass+"\n"))
	h.run("passwd", "--new-passphrase-file", newPass)
	h.fail("list") // the old passphrase no longer opens it
	h.pass = h.input("wrong-pass", []byte(s.wrongPass+"\n"))
	h.fail("code", "alice")
	h.pass = newPass
	h.run("list")

	// Bad input that holds a secret: the errors must not repeat it.
	h.fail("import", h.input("bad-links.txt", []byte("otpauth://totp/Bad?secret="+b32(s.seedA)+"&digits=99\n")))
	h.do(hygieneRun{args: []string{"import", "-"}, stdin: "otpauth://hotp/Bad?secret=" + b32(s.seedC) + "&counter=x\n", wantErr: true})
	h.fail("import", "--backup-passphrase-file", h.input("wrong-backup-pass", []byte(s.wrongPass+"\n")), backup)

	// Hardware: no card service here.
	h.fail("keys")
	h.fail("check", "--keys")
	h.fail("oath", "list")
	h.fail("oath", "add", "alice")

	h.run("rm", "carol", "--yes")
	h.run("codes", "rm", "Example", "--yes")
	h.run("help")
	for _, cmd := range []string{"init", "add", "list", "code", "verify", "qr", "rename", "rm", "passwd", "keys",
		"check", "account", "import", "kit", "export", "factor", "aws", "oath", "codes"} {
		h.run(cmd, "--help")
	}
	h.report()
}

// TestSecretHygieneAWS runs the AWS commands against a local IAM with a
// vault that holds a known AWS seed.
func TestSecretHygieneAWS(t *testing.T) {
	iamtest.Start(t, iamtest.NewClock(time.Now()))
	s := newHygieneSecrets()
	h := newHygiene(t)
	h.secrets = s.all()
	h.pass = h.input("pass", []byte(s.pass+"\n"))
	h.run("init")
	h.do(hygieneRun{args: []string{"import", "-"}, stdin: "otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=" +
		b32(s.seedB) + "&issuer=Amazon%20Web%20Services\n"})
	h.run("aws", "sync")
	h.run("aws", "sync", "--json")
	h.fail("aws", "enroll") // no --user
	h.report()
}

// TestSecretHygieneCatchesLeaks shows that the harness fails when a
// secret shows: on stdout, on stderr, on the command line (its own, and
// one read from /proc: a child's, and an environment), and in a file
// written where no export was asked for (as text and as a QR image).
func TestSecretHygieneCatchesLeaks(t *testing.T) {
	s := newHygieneSecrets()
	h := newHygiene(t)
	h.secrets = s.all()
	h.pass = h.input("pass", []byte(s.pass+"\n"))
	h.run("init")
	h.run("import", h.input("links.txt", []byte(
		"otpauth://totp/Example:alice@example.com?secret="+b32(s.seedA)+"&issuer=Example\n")))
	h.run("account", "add", "Example")
	h.run("codes", "add", "Example", "--file", h.input("codes.txt", []byte(strings.Join(s.codes, "\n"))))
	if len(h.leaks) != 0 {
		t.Fatalf("leaks before any was made: %q", h.leaks)
	}

	cases := []struct {
		name string
		run  func()
		want string
	}{
		{"stdout", func() { h.run("export", "uris") }, "export uris: stdout holds the seed secret A (base32"},
		{"a recovery code", func() { h.run("codes", "list", "Example", "--show") }, "codes list Example --show: stdout holds the recovery code 1 ("},
		{"stderr", func() { h.do(hygieneRun{exe: "/bin/sh", args: []string{"-c", "cat pass >&2"}}) }, "stderr holds the vault passphrase (text)"},
		{"a child's command line", func() {
			h.do(hygieneRun{exe: "/bin/sh", args: []string{"-c", `p=$(cat pass); sh -c "sleep 0.2" "$p"; :`}})
		}, "/proc command line and environment holds the vault passphrase (text)"},
		{"environment", func() {
			h.do(hygieneRun{exe: "/bin/sh", args: []string{"-c", `P=$(cat pass) exec env sleep 0.2`}})
		}, "/proc command line and environment holds the vault passphrase (text)"},
		{"command line", func() {
			h.fail("add", "otpauth://totp/Example:alice@example.com?secret="+b32(s.seedA)+"&issuer=Example")
		}, "twofold add otpauth://totp/Example:alice@example.com?secret=<seed secret A>&issuer=Example: command line holds the seed secret A (base32"},
		{"text file", func() { h.run("export", "uris", "-o", filepath.Join(h.tmp, "forgotten.txt")) }, "file tmp/forgotten.txt after twofold export uris -o"},
		{"QR image", func() { h.run("qr", "alice", "-o", filepath.Join(h.home, "forgotten.png")) }, "file home/forgotten.png after twofold qr alice -o"},
	}
	for _, c := range cases {
		h.leaks = nil
		c.run()
		found := false
		for _, l := range h.leaks {
			found = found || strings.Contains(l, c.want)
		}
		if !found {
			t.Errorf("%s: a leak was made and not reported as %q; reported: %q", c.name, c.want, h.leaks)
		}
		for _, l := range h.leaks { // the report names the secret, never shows it
			for _, sec := range h.secrets {
				if forms := sec.find([]byte(l)); len(forms) > 0 {
					t.Errorf("%s: the report shows the %s", c.name, sec.name)
				}
			}
		}
		for _, f := range []string{filepath.Join(h.tmp, "forgotten.txt"), filepath.Join(h.home, "forgotten.png")} {
			os.Remove(f)
		}
	}
}
