package main

// The YubiKey way in on the real PC/SC stack (scripts/test-hardware.sh):
// twofold -> piv-go -> libpcsclite -> pcscd -> vpcd -> a virtual key.

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token/piv"
)

func rigPresent() int {
	readers, err := piv.PCSC{}.Readers()
	if err != nil {
		return -1
	}
	n := 0
	for _, r := range readers {
		if r.Present {
			n++
		}
	}
	return n
}

func TestRigUnlockYubiKey(t *testing.T) {
	vyubikey.PlugIn(t, rigPresent, vyubikey.Config{Serial: 5550301, Version: "5.4.3"})
	tc := newTestCLI(t)
	pin := tc.writeFile("pin", vyubikey.DefaultPIN+"\n")
	badPIN := tc.writeFile("badpin", "999999\n")
	tc.ok("init")
	tc.ok("add", "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP")

	// Enrol: the slot is empty, so the key is made on the key.
	out, errOut, code := tc.run("--pin-file", pin, "unlock", "add", "yubikey", "--key", "5550301", "--slot", "83", "--touch", "never")
	if code != 0 || out != "YubiKey 5550301 (slot 83) now opens the vault, with its PIN.\n" ||
		errOut != "twofold: made a P-256 key in slot 83 of YubiKey 5550301 (PIN once, touch never)\n" {
		t.Fatalf("add yubikey: exit %d, %q, %q", code, out, errOut)
	}
	if out := tc.ok("unlock", "list"); !strings.Contains(out, "yubikey     YubiKey 5550301, slot 83\n") {
		t.Errorf("list: %q", out)
	}
	// The key and its PIN alone open it.
	out, errOut, code = tc.runNoPassphrase("--pin-file", pin, "list")
	if code != 0 || errOut != "twofold: unlocking with YubiKey 5550301\n" || !strings.Contains(out, "alice") {
		t.Fatalf("list with the key: exit %d, %q, %q", code, out, errOut)
	}
	// A wrong PIN: the tries left are said, then the passphrase (none to
	// ask here); the vault is left alone, and the next open says the
	// tries left before the PIN is sent.
	before := tc.vaultBytes()
	_, errOut, code = tc.runNoPassphrase("--pin-file", badPIN, "rm", "alice", "--yes")
	if code == 0 || errOut != "twofold: YubiKey 5550301 did not open the vault: wrong PIN (2 tries left); trying the next way in\ntwofold: "+errNoPassphrase.Error()+"\n" {
		t.Errorf("wrong PIN: exit %d, %q", code, errOut)
	}
	if !bytes.Equal(tc.vaultBytes(), before) {
		t.Error("a wrong PIN changed the vault")
	}
	// A PIN file that holds no PIN (here: empty) costs no try.
	_, errOut, code = tc.runNoPassphrase("--pin-file", tc.writeFile("nopin", "\n"), "list")
	if code == 0 || !strings.HasPrefix(errOut, "twofold: YubiKey 5550301: 2 PIN tries left\ntwofold: YubiKey 5550301 did not open the vault: a PIN has 6 to 8 characters, not 0 (nothing was sent to the key)") {
		t.Errorf("empty PIN file: exit %d, %q", code, errOut)
	}
	_, errOut, code = tc.runNoPassphrase("--pin-file", pin, "list")
	if code != 0 || errOut != "twofold: YubiKey 5550301: 2 PIN tries left\ntwofold: unlocking with YubiKey 5550301\n" {
		t.Errorf("after a wrong PIN: exit %d, %q", code, errOut)
	}
	// passwd changes the passphrase slot only: the key still opens it.
	tc.writeFile("new", "a different passphrase entirely\n")
	tc.ok("passwd", "--new-passphrase-file", tc.dir+"/new")
	if _, errOut, code := tc.runNoPassphrase("--pin-file", pin, "list"); code != 0 || errOut != "twofold: unlocking with YubiKey 5550301\n" {
		t.Errorf("after passwd: exit %d, %q", code, errOut)
	}
	tc.writeFile("pass", "a different passphrase entirely\n")
	// A key with the same serial whose slot holds another key: said, and
	// no PIN is sent (the tries left stay 3).
	k, err := piv.OpenKey(context.Background(), 5550301)
	if err != nil {
		t.Fatal(err)
	}
	enrolled, err := k.Agreement(0x83)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Generate(0x83, piv.Policies{}, piv.Management{Default: true}); err != nil {
		t.Fatal(err)
	}
	k.Close()
	_, errOut, code = tc.runNoPassphrase("--pin-file", badPIN, "list")
	if code == 0 || !strings.HasPrefix(errOut, "twofold: YubiKey 5550301 did not open the vault: YubiKey 5550301 slot 83: the slot holds another key than the one enrolled") ||
		!strings.Contains(errOut, "no PIN was asked; trying the next way in\n") {
		t.Errorf("another key in the slot: exit %d, %q", code, errOut)
	}
	k, err = piv.OpenKey(context.Background(), 5550301)
	if err != nil {
		t.Fatal(err)
	}
	if left, _, err := k.PINRetries(); err != nil || left != 3 {
		t.Errorf("PIN tries left after the mismatch: %d, %v", left, err)
	}
	if now, err := k.Agreement(0x83); err != nil || now.PublicKey.Equal(enrolled.PublicKey) {
		t.Errorf("the slot was not made again: %v", err)
	}
	k.Close()
	// Removed: it no longer opens the vault (nor its .bak), and no PIN is asked.
	tc.ok("unlock", "rm", "yubikey", "--key", "5550301")
	_, errOut, code = tc.runNoPassphrase("--pin-file", badPIN, "list")
	if code == 0 || errOut != "twofold: "+errNoPassphrase.Error()+"\n" {
		t.Errorf("after rm: exit %d, %q", code, errOut)
	}
	tc.fails("unlock rm yubikey: YubiKey 5550301 is not a way into the vault", "unlock", "rm", "yubikey", "--key", "5550301")
}

// A main key and a spare (the rig has two readers): a wrong PIN on the
// first is said, and the next one plugged in opens the vault.
func TestRigUnlockSpareKey(t *testing.T) {
	vyubikey.PlugIn(t, rigPresent,
		vyubikey.Config{Serial: 5550401, Version: "5.4.3", PIN: "11111111"},
		vyubikey.Config{Serial: 5550402, Version: "5.7.1"})
	tc := newTestCLI(t)
	mainPIN := tc.writeFile("pin1", "11111111\n")
	sparePIN := tc.writeFile("pin2", vyubikey.DefaultPIN+"\n")
	tc.ok("init")
	tc.ok("--pin-file", mainPIN, "unlock", "add", "yubikey", "--key", "5550401")
	tc.ok("--pin-file", sparePIN, "unlock", "add", "yubikey", "--key", "5550402")
	_, errOut, code := tc.runNoPassphrase("--pin-file", sparePIN, "list")
	if code != 0 || errOut != "twofold: YubiKey 5550401 did not open the vault: wrong PIN (2 tries left); trying the next way in\ntwofold: unlocking with YubiKey 5550402\n" {
		t.Errorf("main then spare: exit %d, %q", code, errOut)
	}
}
