package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// TestJapaneseSingleFactorAdviceFollowsRecord: in Japanese too, a single
// AWS seed verified on a second phone is not advised "an authenticator
// app on another phone" (別の電話の認証アプリ), and the phone is named.
func TestJapaneseSingleFactorAdviceFollowsRecord(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	g := newTestGUI(t, awsURI)
	g.open(t)
	seed := g.sess.shown.seeds[0]
	g.sess.shown.accounts = []inventory.Account{{ID: "a1", Name: "AWS 123456789012 root", Provider: inventory.AWS, AWSAccount: "123456789012", Principal: "root",
		Factors: []inventory.Factor{{ID: "f1", Kind: inventory.SeedFactor, SeedID: seed.ID}}}}
	advice := func() string {
		for _, f := range inventory.Check(inventory.Input{Accounts: g.sess.shown.accounts, Seeds: g.sess.shown.seeds}, g.now()) {
			if f.Code == inventory.CodeSingleFactor {
				msg, fix := g.findingWords(f)
				return msg + " " + fix
			}
		}
		t.Fatal("no single_factor finding")
		return ""
	}
	if got := advice(); !strings.Contains(got, "別の電話の認証アプリ") {
		t.Errorf("an unverified seed: %q, want the advice of a second phone", got)
	}
	g.sess.shown.seeds[0].Verified, g.sess.shown.seeds[0].VerifiedOn = g.now().Add(-time.Hour), "Pixel 9"
	if got := advice(); strings.Contains(got, "別の電話") || !strings.Contains(got, "(Pixel 9)") || !strings.Contains(got, "ハードウェアキー") {
		t.Errorf("a seed verified on Pixel 9: %q", got)
	}
}
