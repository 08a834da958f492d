package ui

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

func (g *testGUI) awsOrgPage() *awsOrgScreen { return pageAs[*awsOrgScreen](g.gui) }

// newAWSOrgTestGUI opens the app against moto holding an organization:
// dev (alice with a device, bob none), prod (carol with a device),
// sandbox (nobody) and a closed account; it returns the accounts' ids by
// name.
func newAWSOrgTestGUI(t *testing.T) (*testGUI, *iamtest.Front, map[string]string) {
	g := newTestGUI(t, githubURI)
	clock := iamtest.NewClock(g.clock.t)
	g.opts.Now, g.now = clock.Now, clock.Now
	g.opts.AWS = AWSOptions{Clock: clock}
	f := iamtest.Start(t, clock)
	ids := f.Organization(t,
		iamtest.OrgAccount{Name: "dev", Users: map[string]int{"alice": 1, "bob": 0}},
		iamtest.OrgAccount{Name: "prod", Users: map[string]int{"carol": 1}},
		iamtest.OrgAccount{Name: "sandbox"},
		iamtest.OrgAccount{Name: "old", Closed: true})
	g.open(t)
	return g, f, ids
}

// syncOrganization opens Sync the organization from the Inventory tab
// and runs it.
func (g *testGUI) syncOrganization(t *testing.T) *awsOrgScreen {
	t.Helper()
	g.back()
	g.tabs.Select(g.inventoryTab)
	test.Tap(button(t, g.win.Content(), lang.L("Sync the organization…")))
	s := g.awsOrgPage()
	if s == nil {
		t.Fatal("Sync the organization does not open its page")
	}
	test.Tap(s.run)
	g.wait()
	return s
}

func (g *testGUI) vaultBytes(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(g.path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAWSSyncOrganizationInApp(t *testing.T) {
	g, f, ids := newAWSOrgTestGUI(t)
	s := g.syncOrganization(t)
	if s.problem.Visible() {
		t.Fatalf("the sync failed: %s", s.problem.Text)
	}
	for _, want := range []string{
		"Read 4 of 5 accounts; 1 not active, skipped.",
		"AWS account " + ids["dev"] + " (dev), as an IAM principal",
		"IAM has 1 MFA device for alice; your inventory had none.",
		"bob has no MFA device.",
		"AWS account " + ids["prod"] + " (prod), as an IAM principal",
		"IAM has 1 MFA device for carol; your inventory had none.",
		"AWS account " + ids["sandbox"] + " (sandbox), as an IAM principal",
		"AWS account " + ids["old"] + " (old)\nNot active (SUSPENDED): not read.",
	} {
		if !strings.Contains(s.Text, want) {
			t.Errorf("the results lack %q:\n%s", want, s.Text)
		}
	}
	saveShot(t, "aws-organization.png", g.win.Canvas().Capture())
	// Each account's findings under its own heading: bob's under dev's.
	dev, prod := strings.Index(s.Text, "("+"dev), as"), strings.Index(s.Text, "(prod), as")
	if bob := strings.Index(s.Text, "bob has no MFA device."); bob < dev || bob > prod {
		t.Errorf("bob's finding is not under dev:\n%s", s.Text)
	}
	has := map[string]int{}
	for _, a := range g.onDisk(t).Accounts {
		has[a.AWSAccount+"/"+a.Principal] = len(a.Factors)
	}
	for key, n := range map[string]int{ids["dev"] + "/alice": 1, ids["dev"] + "/bob": 0, ids["prod"] + "/carol": 1, ids["sandbox"] + "/root": 0} {
		if got, ok := has[key]; !ok || got != n {
			t.Errorf("inventory %v: want %s with %d factors", has, key, n)
		}
	}

	// A second run: each account already matched, and nothing is saved.
	before := g.vaultBytes(t)
	test.Tap(s.run)
	g.wait()
	if !bytes.Equal(before, g.vaultBytes(t)) {
		t.Error("a second run with nothing changed rewrote the vault")
	}
	if n := strings.Count(s.Text, "Your inventory already matched IAM."); n != 4 {
		t.Errorf("second run: %d accounts already matched, want 4:\n%s", n, s.Text)
	}

	// A role refused in prod: prod not read, the others synced.
	f.RefuseRole(ids["prod"])
	test.Tap(s.run)
	g.wait()
	for _, want := range []string{
		"Read 3 of 5 accounts; 1 not active, skipped; 1 could not be read, the others were synced.",
		"AWS account " + ids["prod"] + " (prod)\nNot read: AWS refused to let Twofold assume arn:aws:iam::" + ids["prod"] + ":role/OrganizationAccountAccessRole.",
	} {
		if !strings.Contains(s.Text, want) {
			t.Errorf("refused role: the results lack %q:\n%s", want, s.Text)
		}
	}
}

// blockingOrg reads an organization until its context ends.
type blockingOrg struct{}

func (blockingOrg) ReadOrganization(ctx context.Context, _ awsiam.OrgOptions) (awsiam.OrgRead, error) {
	<-ctx.Done()
	return awsiam.OrgRead{}, ctx.Err()
}

func TestAWSSyncOrganizationCancel(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.opts.AWS = AWSOptions{ConnectOrganization: func(context.Context, string) (awsiam.Organization, error) { return blockingOrg{}, nil }}
	g.open(t)
	before := g.vaultBytes(t)
	g.showAWSOrgSync()
	s := g.awsOrgPage()
	test.Tap(s.run)
	if !s.progress.box.Visible() || s.run.Disabled() == false {
		t.Fatal("no progress while reading")
	}
	test.Tap(button(t, s.progress.box, "Cancel"))
	g.wait()
	if !strings.Contains(s.problem.Text, "Cancelled. Nothing was changed.") || s.progress.box.Visible() || s.run.Disabled() {
		t.Errorf("after cancel: %q, progress %v", s.problem.Text, s.progress.box.Visible())
	}
	if !bytes.Equal(before, g.vaultBytes(t)) {
		t.Error("a cancelled sync changed the vault")
	}
}

// TestAWSSyncTwiceSavesOnce: the single-account sync saves nothing when
// IAM and the inventory already match.
func TestAWSSyncTwiceSavesOnce(t *testing.T) {
	g, _, _ := newAWSTestGUI(t)
	if s := g.syncFromInventory(t); s.problem.Visible() {
		t.Fatalf("sync failed: %s", s.problem.Text)
	}
	before := g.vaultBytes(t)
	s := g.syncFromInventory(t)
	if s.problem.Visible() || !strings.Contains(s.report.Text, "Your inventory already matched IAM.") {
		t.Fatalf("second sync: %q\n%s", s.problem.Text, s.report.Text)
	}
	if !bytes.Equal(before, g.vaultBytes(t)) {
		t.Error("a second sync with nothing changed rewrote the vault")
	}
}

// TestConfirmFactorAWSDoesNotKnow: a root seed AWS lists no device for is
// no longer counted; It works on the account page records it as working.
func TestConfirmFactorAWSDoesNotKnow(t *testing.T) {
	g, clock := newRootSeedGUI(t)
	if s := g.syncFromInventory(t); !strings.Contains(s.report.Text, "AWS lists no MFA device for the root user") {
		t.Fatalf("the sync does not say AWS does not know the seed:\n%s %s", s.problem.Text, s.report.Text)
	}
	g.back()
	g.tabs.Select(g.inventoryTab)
	if inv := texts(g.win.Content()); !strings.Contains(inv, "It works next to the factor") {
		t.Errorf("the inventory does not say how to confirm it:\n%s", inv)
	}
	root := g.awsAccount(t, inventory.RootPrincipal)
	clock.Sleep(context.Background(), time.Minute)
	g.showAccount(root.ID)
	test.Tap(button(t, g.win.Content(), "It works"))
	test.Tap(button(t, g.topDialog(t), "It works"))
	g.wait()
	root = g.awsAccount(t, inventory.RootPrincipal)
	if len(root.Factors) != 1 || root.Factors[0].Unknown() {
		t.Fatalf("after It works: %+v", root.Factors)
	}
	for _, f := range g.inventory.shown {
		if f.Code == inventory.CodeAWSUnknownFactor || f.Code == inventory.CodeNoFactor {
			t.Errorf("after It works the check still says %s: %s", f.Code, f.Message)
		}
	}
	if s := g.syncFromInventory(t); strings.Contains(s.report.Text, "AWS lists no MFA device for the root user") {
		t.Errorf("a sync after It works:\n%s", s.report.Text)
	}
}

// newRootSeedGUI opens the app against moto's account with the seed of a
// root MFA device AWS does not list, as a factor of its root account.
func newRootSeedGUI(t *testing.T) (*testGUI, *iamtest.Clock) {
	g := newTestGUI(t, githubURI)
	rootSeed, err := token.ParseURI("otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Amazon%20Web%20Services")
	if err != nil {
		t.Fatal(err)
	}
	// Added as every way in adds it: a factor of the account it names.
	err = vault.Edit(g.path, testPassphrase, func(v *vault.Vault) error {
		_, err := v.Data.AddSeeds([]token.Seed{rootSeed}, g.clock.t, vault.RefuseDuplicates)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := iamtest.NewClock(g.clock.t)
	g.opts.Now, g.now = clock.Now, clock.Now
	g.opts.AWS = AWSOptions{Clock: clock}
	iamtest.Start(t, clock)
	g.open(t)
	return g, clock
}
