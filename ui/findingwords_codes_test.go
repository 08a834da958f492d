package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// The recovery-code findings, and a single factor that is the kept codes,
// read in Japanese with their figures filled in.
func TestRecoveryCodeFindingsInJapanese(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	accounts := []inventory.Account{
		{ID: "low", Name: "GitHub", Provider: inventory.Generic, Factors: []inventory.Factor{{ID: "f1", Kind: inventory.AppFactor, Label: "Pixel"}}},
		{ID: "out", Name: "Google", Provider: inventory.Generic, Factors: []inventory.Factor{{ID: "f2", Kind: inventory.AppFactor, Label: "Pixel"}}},
		{ID: "only", Name: "Dropbox", Provider: inventory.Generic, Factors: []inventory.Factor{}},
	}
	g := &gui{now: func() time.Time { return now }, sess: &vaultSession{shown: view{accounts: accounts}}}
	codes := map[string]inventory.CodeTally{"low": {Total: 10, Unused: 2}, "out": {Total: 10}, "only": {Total: 10, Unused: 10}}
	want := map[string]string{
		"low/" + inventory.CodeRecoveryCodesLow:    "GitHub のリカバリーコードは残り 2 個です。",
		"out/" + inventory.CodeRecoveryCodesUsedUp: "Google のリカバリーコードはすべて使用済みです。",
		"only/" + inventory.CodeSingleFactor:       "Dropbox の認証方法は Twofold に保管したリカバリーコード の一つだけです。",
		"out/" + inventory.CodeSingleFactor:        "Google の認証方法は Pixel のアプリ の一つだけです。",
		"low/" + inventory.CodeRecoveryCodesUsedUp: "",
		"only/" + inventory.CodeRecoveryCodesLow:   "",
	}
	seen := map[string]bool{}
	for _, f := range inventory.Check(inventory.Input{Accounts: accounts, Codes: codes}, now) {
		key := f.AccountID + "/" + f.Code
		msg, fix := g.findingWords(f)
		seen[key] = true
		w, ok := want[key]
		if !ok {
			continue
		}
		if w == "" {
			t.Errorf("unexpected finding %s", key)
			continue
		}
		if !strings.Contains(msg, w) || strings.Contains(msg+fix, "<no value>") || len(englishWord.FindAllString(fix, -1)) > 1 {
			t.Errorf("%s: %q / %q, want %q in the message", key, msg, fix, w)
		}
	}
	for key, w := range want {
		if w != "" && !seen[key] {
			t.Errorf("no finding %s", key)
		}
	}
}
