package ui

import (
	"encoding/base32"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/vault"
)

// manyFindingsVault fills the vault at path with every kind of finding
// the app shows, many of some: 40 accounts each with two unverified
// seeds, 30 seeds of no account, an AWS root user with no phone or email
// and a key never seen, and a key whose PIN is the factory default.
func manyFindingsVault(t *testing.T, path string) {
	t.Helper()
	v, err := vault.Create(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	d := &v.Data
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	seed := func(i int) token.Seed {
		secret := base32.StdEncoding.EncodeToString([]byte(fmt.Sprintf("seed number %04d", i)))
		s, err := token.ParseURI(fmt.Sprintf("otpauth://totp/Site%03d:user?secret=%s&issuer=Site%03d", i, secret, i))
		if err != nil {
			t.Fatal(err)
		}
		s, err = d.AddSeed(s, now)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for i := range 40 {
		a, err := d.SaveAccount(inventory.Account{Name: fmt.Sprintf("Site%03d", i), Provider: inventory.Generic})
		if err != nil {
			t.Fatal(err)
		}
		for j := range 2 {
			f := inventory.Factor{Kind: inventory.SeedFactor, SeedID: seed(2*i + j).ID, Registered: now}
			if _, _, err := d.AddFactor(a.ID, f, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 30 {
		seed(100 + i)
	}
	root, err := d.SaveAccount(inventory.Account{Name: "AWS prod root", Provider: inventory.AWS, AWSAccount: "123456789012", Principal: inventory.RootPrincipal})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.AddFactor(root.ID, inventory.Factor{Kind: inventory.KeyFactor, KeySerial: 5550001, KeyUse: inventory.KeyFIDO, Registered: now}, true); err != nil {
		t.Fatal(err)
	}
	yes := true
	d.Keys = append(d.Keys, inventory.KeyRecord{Serial: 5550002, FirstSeen: now, LastSeen: now,
		Findings: piv.Findings(piv.State{Serial: 5550002, PIN: piv.Credential{Default: &yes}}, now)})
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestFindingsGrouped: many findings of one kind are one row that counts
// them, and no finding tells a person to type a command.
func TestFindingsGrouped(t *testing.T) {
	g := newTestGUI(t)
	manyFindingsVault(t, g.path)
	g.unlock.reset()
	g.open(t)
	g.tabs.Select(g.inventoryTab)
	if n := len(g.inventory.shown); n < 110 {
		t.Fatalf("the check found %d findings, want 80 unverified and 30 unlinked seeds and more", n)
	}
	rows := g.inventory.findings.Objects
	if len(rows) > 10 {
		t.Errorf("%d finding rows for %d findings", len(rows), len(g.inventory.shown))
	}
	text := texts(g.inventory.findings)
	for _, want := range []string{
		"80 seeds never verified on a second device: Site00", " and 77 more.",
		"30 seeds not linked to any account",
		"In the Codes tab, on the seed's page, press Show backup QR…",
		"In the Inventory tab, press Add account…",
		"key 5550002: The PIV PIN is still the factory default",
		"In the YubiKey Manager (Applications, PIV), press Configure PINs, Change PIN.",
		"AWS prod root uses key 5550001, which Twofold has never seen plugged in.",
		"Plug in key 5550001 with the Keys tab open.",
		"Twofold does not know the phone number on file for AWS prod root",
		"In the Inventory tab, on the page of AWS prod root, press Save account once Recovery phone is filled in.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the findings do not say %q:\n%s", want, text)
		}
	}
	for _, cmd := range []string{"twofold ", "ykman", "'twofold", "--"} {
		if strings.Contains(text, cmd) {
			t.Errorf("the findings say %q:\n%s", cmd, text)
		}
	}
}
