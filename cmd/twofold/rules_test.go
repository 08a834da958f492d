package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The rules the command line shares with the app (README, "Where each
// rule lives"), tried with the same bad input as ui/rules_test.go.

func TestRulePassphraseLength(t *testing.T) {
	tc := newTestCLI(t)
	tc.writeFile("short", "x\n")
	tc.passphrase = tc.dir + "/short"
	tc.fails("passphrase too short: 1 characters, use at least 8", "init")
	if _, err := os.Stat(tc.vault); !os.IsNotExist(err) {
		t.Fatalf("init with a short passphrase left a vault: %v", err)
	}

	tc.passphrase = tc.dir + "/pass"
	_, errOut, code := tc.run("init")
	if code != 0 || !strings.Contains(errOut, "new passphrase: Strength: Strong") {
		t.Fatalf("init: exit %d, stderr %q (want the strength said)", code, errOut)
	}
	before := tc.vaultBytes()
	tc.fails("passphrase too short", "passwd", "--new-passphrase-file", tc.dir+"/short")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("passwd with a short passphrase changed the vault")
	}
}

func TestRuleDuplicateSecret(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")
	before := tc.vaultBytes()
	tc.fails("the vault already holds this secret, as GitHub (alice) (nothing added; to add it again anyway: --force)",
		"add", "--issuer", "Other", "--account", "bob", "--secret", "jbsw y3dp ehpk 3pxp")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused duplicate changed the vault")
	}
	tc.ok("add", "--force", "--issuer", "Other", "--account", "bob", "--secret", "jbsw y3dp ehpk 3pxp")
	if out := tc.ok("list"); !strings.Contains(out, "Other") {
		t.Errorf("--force did not add the seed:\n%s", out)
	}
}

func TestRuleAWSFieldsOnlyOnAWS(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	before := tc.vaultBytes()
	tc.fails("an AWS account id or principal is only for an AWS account: Mail is a generic account",
		"account", "add", "Mail", "--provider", "generic", "--aws-account", "123456789012")
	if !bytes.Equal(before, tc.vaultBytes()) {
		t.Error("a refused account changed the vault")
	}
	tc.ok("account", "add", "Mail", "--provider", "generic")
	tc.fails("only for an AWS account", "account", "edit", "Mail", "--principal", "root")
}
