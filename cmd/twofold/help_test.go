package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestVersion(t *testing.T) {
	tc := newTestCLI(t)
	out := tc.ok("--version")
	if !regexp.MustCompile(`^twofold \S+.*, go1\.\d+.* \w+/\w+\n$`).MatchString(out) {
		t.Errorf("--version printed %q", out)
	}
}

// Every command's help lists every option it takes, and 'help COMMAND'
// and 'COMMAND --help' print the same.
func TestHelpListsEveryOption(t *testing.T) {
	tc := newTestCLI(t)
	cases := map[string][]string{
		"qr":          {"usage: twofold qr QUERY", "-o FILE", "--size N", "(default 512)"},
		"code":        {"--json", "--next", "--advance"},
		"account add": {"usage: twofold account add NAME", "--aws-account TEXT", "--region TEXT"},
		"factor add":  {"--registered TEXT", "--new-key"},
		"export":      {"usage: twofold export google -o DIR", "backup"},
	}
	for cmd, wants := range cases {
		args := strings.Fields(cmd)
		help := tc.ok(append([]string{"help"}, args...)...)
		for _, want := range wants {
			if !strings.Contains(help, want) {
				t.Errorf("twofold help %s does not show %q:\n%s", cmd, want, help)
			}
		}
		if strings.Contains(help, "--vault ") && strings.Contains(help, "Options:\n  --vault") {
			t.Errorf("twofold help %s lists the global options as its own", cmd)
		}
		if flagHelp := tc.ok(append(args, "--help")...); flagHelp != help {
			t.Errorf("twofold %s --help differs from twofold help %s:\n%s", cmd, cmd, flagHelp)
		}
	}
	tc.fails(`unknown command "nope"`, "help", "nope")
	if list := tc.ok("help"); !strings.Contains(list, "'twofold help COMMAND'") || !strings.Contains(list, "  oath ") {
		t.Errorf("twofold help:\n%s", list)
	}
}

func TestVaultPathIsDirectory(t *testing.T) {
	tc := newTestCLI(t)
	tc.vault = tc.dir
	tc.fails("is a directory, not a vault file: give the file's path, such as "+tc.dir+"/vault.age", "init")
	tc.fails("is a directory, not a vault file", "list")
}

func TestDamagedVaultWithoutBackup(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	if err := os.WriteFile(tc.vault, []byte("age-encryption.org/v1\n-> garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tc.fails("is damaged and cannot be read, and there is no backup next to it", "list")
}

func TestFutureDatesRefused(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.at(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC).Unix())
	tc.ok("account", "add", "github")
	unchanged := tc.vaultBytes()
	tc.fails("--registered: 2030-01-01 is in the future (today is 2026-05-01)", "factor", "add", "github", "--kind", "sms", "--label", "x", "--registered", "2030-01-01")
	tc.fails("--registered: 2026-05-01T13:00:00Z is in the future", "factor", "add", "github", "--kind", "sms", "--label", "x", "--registered", "2026-05-01T13:00:00Z")
	if string(unchanged) != string(tc.vaultBytes()) {
		t.Error("a refused --registered changed the vault")
	}
	tc.ok("factor", "add", "github", "--kind", "sms", "--label", "x", "--registered", "2026-05-01")
	id := tc.factorID("github", 0)
	before := tc.vaultBytes()
	tc.fails("--at: 2099-05-31 is in the future", "factor", "verify", "github", id, "--at", "2099-05-31")
	if string(before) != string(tc.vaultBytes()) {
		t.Error("a refused date changed the vault")
	}
}

// 'code --advance' moves an HOTP counter on and prints the next code: the
// codes of RFC 4226's appendix D, counters 0, 1 and 2.
func TestCodeAdvanceHOTP(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://hotp/Corp:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Corp&counter=0")
	tc.ok("add", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"code", "Corp"}, "755224"},
		{[]string{"code", "Corp"}, "755224"}, // showing a code does not use it
		{[]string{"code", "Corp", "--advance"}, "287082"},
		{[]string{"code", "--advance", "Corp"}, "359152"},
		{[]string{"code", "Corp"}, "359152"},
	}
	for i, step := range steps {
		if got := strings.TrimSpace(tc.ok(step.args...)); got != step.want {
			t.Errorf("step %d: twofold %s printed %s, want %s", i, strings.Join(step.args, " "), got, step.want)
		}
	}
	tc.fails("only HOTP seeds have a counter", "code", "ACME", "--advance")
}

// Counts are worded with their singular when there is one.
func TestCheckSummarySingular(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME")
	out, _ := tc.check()
	if !strings.Contains(out, "1 finding: 0 critical, 0 warnings, 1 info.") {
		t.Errorf("check summary:\n%s", out)
	}
}
