package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token/inventory"
)

const gitHubURI = "otpauth://totp/GitHub:octocat?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&issuer=GitHub"

// serviceCodes are ten codes as a service prints them, and the file it
// offers: numbered, one a line.
func serviceCodes() ([]string, string) {
	var codes []string
	var file strings.Builder
	for i := range 10 {
		c := fmt.Sprintf("%05x-%05x", 0x3c4d5+i*6007, 0x7e6f5+i*9931)
		codes = append(codes, c)
		fmt.Fprintf(&file, "%d. %s\r\n", i+1, c)
	}
	return codes, file.String()
}

// gitHubWithSeed is a vault whose account GitHub has one factor, a seed.
func gitHubWithSeed(t *testing.T) *testCLI {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", gitHubURI)
	tc.ok("account", "add", "GitHub")
	tc.ok("factor", "add", "GitHub", "--kind", "seed", "--seed", "octocat")
	return tc
}

func checkJSONOf(t *testing.T, tc *testCLI) (checkJSON, int) {
	t.Helper()
	out, _, code := tc.run("check", "--json")
	var got checkJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("check --json: %v: %s", err, out)
	}
	return got, code
}

func findingCodes(c checkJSON) []string {
	var out []string
	for _, f := range c.Findings {
		out = append(out, f.Code)
	}
	return out
}

// What a new user tries: a seed alone is single-factor; ten codes make a
// second factor; with eight used the check warns; a used and an unknown
// code are refused; the kit prints the two unused codes and no used one;
// the vault file never holds a code in clear.
func TestCodesAsAFactor(t *testing.T) {
	tc := gitHubWithSeed(t)
	codes, file := serviceCodes()
	got, exit := checkJSONOf(t, tc)
	if exit != exitFindings || !slices.Contains(findingCodes(got), inventory.CodeSingleFactor) {
		t.Fatalf("a seed alone: exit %d, findings %q", exit, findingCodes(got))
	}

	out := tc.ok("codes", "add", "github", "--file", tc.writeFile("github-recovery-codes.txt", file))
	if out != "Kept 10 recovery codes for GitHub, all unused. They count as a factor while any is left.\n" {
		t.Errorf("codes add said %q", out)
	}
	got, exit = checkJSONOf(t, tc)
	if exit != 0 || slices.Contains(findingCodes(got), inventory.CodeSingleFactor) || got.Accounts[0].Factors != 2 {
		t.Errorf("with ten codes: exit %d, findings %q, %d factors", exit, findingCodes(got), got.Accounts[0].Factors)
	}

	for i, c := range codes[:8] {
		var out, errOut string
		var status int
		if i%2 == 0 { // typed as printed, or without its dash on standard input
			out, errOut, status = tc.run("codes", "use", "GitHub", c)
		} else {
			out, errOut, status = tc.runStdin(strings.ToUpper(strings.ReplaceAll(c, "-", ""))+"\n", "codes", "use", "GitHub", "-")
		}
		if status != 0 {
			t.Fatalf("using code %d: %s", i+1, errOut)
		}
		if !strings.HasPrefix(out, fmt.Sprintf("Marked a recovery code of GitHub used: %d of 10 left.\n", 9-i)) {
			t.Errorf("using code %d said %q", i+1, out)
		}
	}
	got, exit = checkJSONOf(t, tc)
	if exit != exitFindings || !slices.Contains(findingCodes(got), inventory.CodeRecoveryCodesLow) {
		t.Fatalf("with eight used: exit %d, findings %q", exit, findingCodes(got))
	}
	for _, f := range got.Findings {
		if f.Code == inventory.CodeRecoveryCodesLow && (f.CodesLeft != 2 || f.Severity != inventory.Warning) {
			t.Errorf("finding %+v", f)
		}
	}
	text, _ := tc.check()
	if !strings.Contains(text, "GitHub has 2 of its 10 recovery codes left") || !strings.Contains(text, `Run: twofold codes add "GitHub" --file FILE --replace`) {
		t.Errorf("check says:\n%s", text)
	}

	before := tc.vaultBytes()
	if status := tc.fails("GitHub: recovery code already used on ", "codes", "use", "GitHub", codes[0]); status != 1 {
		t.Errorf("a used code: exit %d", status)
	}
	if status := tc.fails("GitHub: not one of the account's recovery codes", "codes", "use", "GitHub", "00000-00000"); status != 1 {
		t.Errorf("an unknown code: exit %d", status)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused code changed the vault")
	}

	// Counts without --show; the unused codes with it.
	list := tc.ok("codes", "list", "GitHub")
	if !strings.HasPrefix(list, "GitHub: 2 of 10 recovery codes unused, kept since ") {
		t.Errorf("codes list said %q", list)
	}
	plain := tc.ok("codes", "list", "GitHub", "--json")
	var asJSON map[string]any
	if err := json.Unmarshal([]byte(plain), &asJSON); err != nil {
		t.Fatal(err)
	}
	if asJSON["total"] != 10.0 || asJSON["unused"] != 2.0 || asJSON["codes"] != nil || asJSON["last_used"] == nil {
		t.Errorf("codes list --json: %s", plain)
	}
	for _, c := range codes {
		for _, out := range []string{list, plain, text, tc.ok("account", "list"), tc.ok("account", "list", "--json"), tc.ok("list", "--json")} {
			if strings.Contains(out, c) {
				t.Fatalf("a code shows without --show: %q", out)
			}
		}
	}
	if shown := tc.ok("codes", "list", "GitHub", "--show"); shown != codes[8]+"\n"+codes[9]+"\n" {
		t.Errorf("codes list --show: %q", shown)
	}
	var shownJSON codesJSON
	if err := json.Unmarshal([]byte(tc.ok("codes", "list", "GitHub", "--show", "--json")), &shownJSON); err != nil || !slices.Equal(shownJSON.Codes, codes[8:]) {
		t.Errorf("codes list --show --json: %+v %v", shownJSON, err)
	}

	// The kit: the two unused codes under the account, no used one.
	pdftotext := testtool.Require(t, "pdftotext")
	pdf := filepath.Join(tc.dir, "kit.pdf")
	_, errOut, status := tc.run("kit", "-o", pdf)
	if status != 0 || !strings.Contains(errOut, "It prints 2 unused recovery codes in clear text too") {
		t.Fatalf("kit: exit %d: %s", status, errOut)
	}
	kitText, err := exec.Command(pdftotext, pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range codes {
		if on := strings.Contains(string(kitText), c); on != (i >= 8) {
			t.Errorf("code %d (used: %v) on the kit: %v", i+1, i < 8, on)
		}
	}
	if !strings.Contains(string(kitText), "Recovery codes: 2 of 10 unused") {
		t.Errorf("the kit does not say how many are left:\n%s", kitText)
	}

	// In the file, the codes are inside the encryption only.
	raw := tc.vaultBytes()
	for _, c := range codes {
		if bytes.Contains(raw, []byte(c)) || bytes.Contains(raw, []byte(strings.ReplaceAll(c, "-", ""))) {
			t.Fatal("the vault file holds a recovery code in clear")
		}
	}
	plainVault := ageDecrypt(t, tc.vault, "correct horse battery staple")
	var data struct {
		RecoveryCodes []struct {
			Codes []struct {
				Code string `json:"code"`
				Used string `json:"used"`
			} `json:"codes"`
		} `json:"recovery_codes"`
	}
	if err := json.Unmarshal(plainVault, &data); err != nil || len(data.RecoveryCodes) != 1 || len(data.RecoveryCodes[0].Codes) != 10 {
		t.Fatalf("the vault as age decrypts it: %v", err)
	}
	for i, c := range data.RecoveryCodes[0].Codes {
		if c.Code != codes[i] || (c.Used != "") != (i < 8) {
			t.Errorf("code %d in the decrypted vault: used %q", i+1, c.Used)
		}
	}
}

// ageDecrypt decrypts a passphrase-encrypted file with Debian's age, which
// reads the passphrase from its terminal: script(1) gives it one.
func ageDecrypt(t *testing.T, file, passphrase string) []byte {
	t.Helper()
	age := testtool.Require(t, "age")
	script := testtool.Require(t, "script")
	out := filepath.Join(t.TempDir(), "plain.json")
	cmd := exec.Command(script, "-qec", fmt.Sprintf("%s -d -o %s %s", age, out, file), "/dev/null")
	cmd.Stdin = strings.NewReader(passphrase + "\n")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v: %d bytes of output", err, len(b))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Bad input is one line, and changes nothing.
func TestCodesBadInput(t *testing.T) {
	tc := gitHubWithSeed(t)
	before := tc.vaultBytes()
	long := strings.Repeat("ab12", 50) // 200 characters
	tests := []struct {
		name, stdin, want string
	}{
		{"empty", "", "codes add: no recovery codes given"},
		{"blank lines", "\n\n  \n", "codes add: no recovery codes given"},
		{"10 MB paste", strings.Repeat("abcd-1234\n", 1<<20), "codes add: the list of recovery codes is larger than 64 KiB"},
		{"control character", "abcd-1234\nwxyz\x07-5678\n", "codes add: line 2 holds a control character"},
		{"200 characters", long + "\n", "codes add: line 1 is longer than 64 characters"},
		{"duplicate", "abcd-1234\n2) ABCD 1234\n", "codes add: line 2 repeats a recovery code of line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := tc.runStdin(tt.stdin, "codes", "add", "GitHub", "-")
			if status != 1 || errOut != "twofold: "+tt.want+"\n" || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want %q", status, out, errOut, tt.want)
			}
			if strings.Contains(errOut, "abcd") || strings.Contains(errOut, "ab12") || strings.Contains(errOut, "wxyz") {
				t.Errorf("the error quotes the input: %q", errOut)
			}
		})
	}
	if status := tc.fails("GitHub: the code is longer than 64 characters", "codes", "use", "GitHub", long); status != 1 {
		t.Errorf("using a 200-character code: exit %d", status)
	}
	tc.fails("GitHub: no recovery codes are kept for the account", "codes", "use", "GitHub", "abcd-1234")
	tc.fails("codes add: give '-' (the codes on standard input) or --file FILE", "codes", "add", "GitHub")
	tc.fails("codes add: give '-' (the codes on standard input) or --file FILE", "codes", "add", "GitHub", "-", "--file", "x")
	tc.fails(`no account matches "Gitlab"`, "codes", "list", "Gitlab")
	tc.fails("is a directory", "codes", "add", "GitHub", "--file", tc.dir)
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("bad input changed the vault")
	}
}

// A new list replaces the old as a whole, only when asked; rm needs --yes.
func TestCodesReplaceAndRemove(t *testing.T) {
	tc := gitHubWithSeed(t)
	codes, file := serviceCodes()
	tc.ok("codes", "add", "GitHub", "--file", tc.writeFile("codes.txt", file))
	tc.ok("codes", "use", "GitHub", codes[0])
	before := tc.vaultBytes()
	_, errOut, status := tc.runStdin("wxyz-0001\nwxyz-0002\n", "codes", "add", "GitHub", "-")
	if status != 1 || !strings.Contains(errOut, "GitHub: the account already has recovery codes (replace them as a whole): 10 kept, 9 unused: give --replace") {
		t.Errorf("adding to kept codes: exit %d: %q", status, errOut)
	}
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused list changed the vault")
	}
	out, errOut, status := tc.runStdin("wxyz-0001\nwxyz-0002\n", "codes", "add", "GitHub", "-", "--replace")
	if status != 0 || out != "Replaced the recovery codes of GitHub: 2 new codes kept; the old 10 (9 unused) are forgotten.\n" {
		t.Errorf("replacing: exit %d: %q %q", status, out, errOut)
	}
	if shown := tc.ok("codes", "list", "GitHub", "--show"); shown != "wxyz-0001\nwxyz-0002\n" {
		t.Errorf("after replacing: %q", shown)
	}
	tc.fails("GitHub: not one of the account's recovery codes", "codes", "use", "GitHub", codes[1])
	tc.fails("forgetting the 2 recovery codes of GitHub (2 unused) cannot be undone: run again with --yes", "codes", "rm", "GitHub")
	if out := tc.ok("codes", "rm", "GitHub", "--yes"); out != "Forgot the 2 recovery codes of GitHub (2 unused).\n" {
		t.Errorf("rm said %q", out)
	}
	if out := tc.ok("codes", "list", "GitHub"); !strings.HasPrefix(out, "GitHub has no recovery codes kept.") {
		t.Errorf("after rm: %q", out)
	}
	if help := tc.ok("help", "codes", "add"); !strings.Contains(help, "usage: twofold codes add ACCOUNT --file F [--replace]") || !strings.Contains(help, "--replace") {
		t.Errorf("help codes add:\n%s", help)
	}
}

// The encrypted backup carries the codes; importing it takes its seeds
// only, as it does with the accounts.
func TestCodesInTheBackup(t *testing.T) {
	tc := gitHubWithSeed(t)
	codes, file := serviceCodes()
	tc.ok("codes", "add", "GitHub", "--file", tc.writeFile("codes.txt", file))
	pass := tc.writeFile("backup-pass", "cedar-Nimbus 61 gently\n")
	backup := filepath.Join(tc.dir, "backup.age")
	tc.ok("export", "backup", "-o", backup, "--backup-passphrase-file", pass)
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(codes[0])) {
		t.Fatal("the backup holds a code in clear")
	}
	if plain := ageDecrypt(t, backup, "cedar-Nimbus 61 gently"); !bytes.Contains(plain, []byte(`"code":"`+codes[9]+`"`)) {
		t.Error("the backup does not carry the recovery codes")
	}

	other := newTestCLI(t)
	other.ok("init")
	other.ok("import", "--backup-passphrase-file", pass, backup)
	other.ok("account", "add", "GitHub")
	if out := other.ok("codes", "list", "GitHub"); !strings.HasPrefix(out, "GitHub has no recovery codes kept.") {
		t.Errorf("after importing the backup: %q", out)
	}
}
