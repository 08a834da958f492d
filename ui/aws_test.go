package ui

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/qr"
)

// The pages open, if they are of that kind.
func (g *testGUI) awsSyncPage() *awsSyncScreen     { return pageAs[*awsSyncScreen](g.gui) }
func (g *testGUI) awsEnrollPage() *awsEnrollScreen { return pageAs[*awsEnrollScreen](g.gui) }
func (g *testGUI) awsRootPage() *awsRootScreen     { return pageAs[*awsRootScreen](g.gui) }

// newAWSTestGUI opens the app on a vault with a GitHub seed, against
// moto's IAM behind the checking front (iamtest), whose scene is set;
// the front and enrollments read the app's clock.
func newAWSTestGUI(t *testing.T) (*testGUI, *iamtest.Front, *iamtest.Clock) {
	g := newTestGUI(t, githubURI)
	clock := iamtest.NewClock(g.clock.t)
	g.clock.t = clock.Now()
	g.opts.Now = clock.Now
	g.now = clock.Now
	g.opts.AWS = AWSOptions{Clock: clock}
	f := iamtest.Start(t, clock)
	f.Scene(t)
	g.open(t)
	return g, f, clock
}

// syncFromInventory opens Sync with AWS from the Inventory tab and runs
// it with the default profile.
func (g *testGUI) syncFromInventory(t *testing.T) *awsSyncScreen {
	t.Helper()
	g.back()
	g.tabs.Select(g.inventoryTab)
	test.Tap(button(t, g.win.Content(), "Sync with AWS…"))
	s := g.awsSyncPage()
	if s == nil {
		t.Fatal("Sync with AWS does not open its page")
	}
	if s.profile.Selected != defaultChain {
		t.Errorf("profile %q picked, want the default chain", s.profile.Selected)
	}
	test.Tap(s.run)
	g.wait()
	return s
}

// awsAccount returns the inventory account of principal on disk.
func (g *testGUI) awsAccount(t *testing.T, principal string) inventory.Account {
	t.Helper()
	for _, a := range g.onDisk(t).Accounts {
		if a.Provider == inventory.AWS && a.Principal == principal {
			return a
		}
	}
	t.Fatalf("no inventory account for %s on disk", principal)
	return inventory.Account{}
}

func TestAWSSyncFromInventory(t *testing.T) {
	g, _, _ := newAWSTestGUI(t)
	s := g.syncFromInventory(t)
	if s.problem.Visible() {
		t.Fatalf("sync failed: %s", s.problem.Text)
	}
	for _, want := range []string{
		"AWS account 123456789012, as an IAM principal",
		"Found in IAM\nbob has no MFA device.\n",
		"\nThe virtual MFA device leftover is assigned to nobody",
		"Changes to your inventory\n",
		"IAM has 3 MFA devices for alice; your inventory had none.",
		"IAM has 1 MFA device for root; your inventory had none.",
		"Not seen with this profile\nThe root user's hardware and FIDO devices",
	} {
		if !strings.Contains(s.report.Text, want) || !s.report.Visible() {
			t.Errorf("report lacks %q:\n%s", want, s.report.Text)
		}
	}
	saveShot(t, "aws-sync.png", g.win.Canvas().Capture())
	accounts := g.onDisk(t).Accounts
	if len(accounts) != 6 {
		t.Errorf("%d accounts on disk, want 5 users and root", len(accounts))
	}
	if f := g.awsAccount(t, "alice").Factors; len(f) != 3 || f[0].IAM == nil {
		t.Errorf("alice's factors %+v, want her 3 IAM devices", f)
	}
	if d := g.onDisk(t); d.AWSSynced()["123456789012"].IsZero() {
		t.Error("the vault does not record when the account was synced")
	}

	// The Inventory tab shows them.
	g.back()
	g.tabs.Select(g.inventoryTab)
	if page := texts(g.inventory.content); !strings.Contains(page, "AWS 123456789012 alice") || !strings.Contains(page, "virtual MFA device alice-1") {
		t.Errorf("inventory after the sync:\n%s", page)
	}

	// A second sync finds nothing new.
	s = g.syncFromInventory(t)
	if !strings.Contains(s.report.Text, "Your inventory already matched IAM.") {
		t.Errorf("second sync:\n%s", s.report.Text)
	}
}

// blockingIAM answers Snapshot only when its context ends.
type blockingIAM struct {
	awsiam.IAM
	started chan struct{}
}

func (b blockingIAM) Snapshot(ctx context.Context) (inventory.IAMSnapshot, error) {
	close(b.started)
	<-ctx.Done()
	return inventory.IAMSnapshot{}, fmt.Errorf("GetCallerIdentity: %w", ctx.Err())
}

// A sync shows its progress while IAM is asked and can be cancelled:
// nothing is saved then. Errors are one line each.
func TestAWSSyncCancelAndErrors(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	started := make(chan struct{})
	g.opts.AWS.Connect = func(context.Context, string) (awsiam.IAM, error) {
		return blockingIAM{started: started}, nil
	}
	before := g.onDisk(t)
	g.showAWSSync()
	s := g.awsSyncPage()
	test.Tap(s.run)
	g.released(func() { <-started })
	if !s.progress.box.Visible() || s.run.Disabled() == false {
		t.Error("no progress shown while IAM is asked")
	}
	test.Tap(button(t, s.content, "Cancel"))
	g.wait()
	if s.progress.box.Visible() || !strings.Contains(s.problem.Text, "Cancelled. Nothing was changed.") {
		t.Errorf("after cancel: progress %v, problem %q", s.progress.box.Visible(), s.problem.Text)
	}
	if after := g.onDisk(t); len(after.Accounts) != len(before.Accounts) || len(after.Settings) != len(before.Settings) {
		t.Error("a cancelled sync changed the vault")
	}

	for _, c := range []struct {
		err  error
		want string
	}{
		{awsiam.ErrNoCredentials, "There are no AWS credentials for this profile."},
		{awsiam.ErrSSOExpired, "The AWS SSO session of this profile has expired."},
		{fmt.Errorf("ListUsers: %w", awsiam.ErrNetwork), "AWS cannot be reached."},
	} {
		g.opts.AWS.Connect = func(context.Context, string) (awsiam.IAM, error) { return nil, c.err }
		test.Tap(s.run)
		g.wait()
		if got := s.problem.Text; !strings.HasPrefix(got, "Not synced: "+c.want) || strings.Contains(got, "\n") {
			t.Errorf("%v: says %q", c.err, got)
		}
	}
}

func TestAWSAddBackupDevice(t *testing.T) {
	g, f, clock := newAWSTestGUI(t)
	g.syncFromInventory(t)
	bob := g.awsAccount(t, "bob")
	g.showAccount(bob.ID)
	test.Tap(button(t, g.win.Content(), "Add a backup device…"))
	s := g.awsEnrollPage()
	if s == nil {
		t.Fatal("Add a backup device does not open its page")
	}

	// Refused codes: everything undone, in IAM and in the vault.
	f.RefuseCodes()
	s.device.SetText("bob-refused")
	test.Tap(s.run)
	g.wait()
	if !strings.Contains(s.result.Text, "Enabling the device in IAM failed: IAM refused the two codes.") ||
		!strings.Contains(s.result.Text, "Undone: the virtual MFA device arn:aws:iam::123456789012:mfa/bob-refused was deleted in IAM.") ||
		!strings.Contains(s.result.Text, "Undone: the seed was taken out of the vault.") {
		t.Errorf("refused enrollment says %q", s.result.Text)
	}
	if d := g.onDisk(t); len(d.Seeds) != 1 || len(g.awsAccount(t, "bob").Factors) != 0 {
		t.Fatalf("a refused enrollment left %d seeds, bob's factors %+v", len(d.Seeds), g.awsAccount(t, "bob").Factors)
	}
	f.AcceptCodes()

	s.device.SetText("bob-backup")
	test.Tap(s.run)
	g.wait()
	if !strings.Contains(s.result.Text, "Enrolled arn:aws:iam::123456789012:mfa/bob-backup for bob") || !s.showQR.Visible() {
		t.Fatalf("enrollment says %q", s.result.Text)
	}
	saveShot(t, "aws-enroll.png", g.win.Canvas().Capture())
	if good, _ := f.CodePairs(); good != 1 || clock.Slept() == 0 {
		t.Errorf("%d code pairs IAM accepts, slept %v: want one pair, at the next period", good, clock.Slept())
	}
	serial := "arn:aws:iam::123456789012:mfa/bob-backup"
	out, err := f.Admin(t).ListMFADevices(context.Background(), &iam.ListMFADevicesInput{UserName: awssdk.String("bob")})
	if err != nil || len(out.MFADevices) != 1 || *out.MFADevices[0].SerialNumber != serial {
		t.Fatalf("IAM does not list the device for bob: %v", err)
	}
	d := g.onDisk(t)
	factors := g.awsAccount(t, "bob").Factors
	if len(factors) != 1 || factors[0].IAM == nil || factors[0].IAM.Serial != serial {
		t.Fatalf("bob's factors %+v", factors)
	}
	i := d.SeedByID(factors[0].SeedID)
	if i < 0 || d.Seeds[i].Secret != f.Secret(serial) || d.Seeds[i].Account != "bob@123456789012" {
		t.Fatal("the vault does not hold IAM's seed for bob's device")
	}

	// The inventory no longer finds bob without MFA.
	s2 := g.syncFromInventory(t)
	if strings.Contains(s2.report.Text, "bob has no MFA device") {
		t.Errorf("bob still has no device:\n%s", s2.report.Text)
	}

	// Its QR code, once the warning is accepted, is the seed.
	g.showAccount(bob.ID)
	test.Tap(button(t, g.win.Content(), "Add a backup device…"))
	g.awsEnrollPage().seedID = factors[0].SeedID
	test.Tap(g.awsEnrollPage().showQR)
	test.Tap(button(t, g.topDialog(t), "Show QR code"))
	dp := g.detailPage()
	if dp == nil || dp.backup.image.Image == nil {
		t.Fatal("the seed's QR code is not shown")
	}
	texts, err := qr.DecodeImage(dp.backup.image.Image)
	if err != nil || len(texts) != 1 || texts[0] != d.Seeds[i].URI() {
		t.Errorf("QR code holds %d texts (%v), not the seed's link", len(texts), err)
	}
}

var codeLine = regexp.MustCompile(`MFA code (\d):  (\d{6})`)

func TestAWSRootConsoleFlow(t *testing.T) {
	g, _, _ := newAWSTestGUI(t)
	g.syncFromInventory(t)
	root := g.awsAccount(t, inventory.RootPrincipal)
	g.showAccount(root.ID)
	test.Tap(button(t, g.win.Content(), "Add a virtual MFA device (console)…"))
	s := g.awsRootPage()
	if s == nil {
		t.Fatal("the root flow does not open")
	}
	for _, want := range []string{"Security credentials", "Assign MFA device", "Authenticator app", "Show secret key", "Show QR code"} {
		if !strings.Contains(texts(s.content), want) {
			t.Errorf("the steps do not say %q", want)
		}
	}

	// The console makes the device (through the front, which learns its
	// seed to check the codes) and shows its secret key.
	ctx := context.Background()
	console, err := awsiam.New(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := console.CreateVirtualMFADevice(ctx, "root-phone")
	if err != nil {
		t.Fatal(err)
	}
	s.device.SetText("root-phone")
	s.secret.SetText("not a key")
	test.Tap(s.keep)
	if !s.problem.Visible() || s.stored.Visible() {
		t.Error("a bad secret key was taken")
	}
	s.secret.SetText(strings.ToLower(dev.Secret))
	test.Tap(s.keep)
	g.wait()
	if !s.stored.Visible() {
		t.Fatalf("the seed was not kept: %s", s.problem.Text)
	}
	saveShot(t, "aws-root-codes.png", g.win.Canvas().Capture())
	root = g.awsAccount(t, inventory.RootPrincipal)
	d := g.onDisk(t)
	if len(root.Factors) != 2 || d.SeedByID(root.Factors[1].SeedID) < 0 || d.Seeds[d.SeedByID(root.Factors[1].SeedID)].Secret != dev.Secret {
		t.Fatalf("root's factors %+v: want the scene's device and the new seed", root.Factors)
	}
	if len(d.Accounts) != 6 {
		t.Errorf("%d accounts: the seed made an account of its own", len(d.Accounts))
	}

	// The codes shown are oathtool's for the secret key, of the period
	// before and the current one.
	m := codeLine.FindAllStringSubmatch(s.codes.Text, -1)
	if len(m) != 2 {
		t.Fatalf("codes shown: %q", s.codes.Text)
	}
	bin := testtool.Require(t, "oathtool")
	at := g.now().Add(-30 * time.Second).UTC().Format("2006-01-02 15:04:05 UTC")
	out, err := exec.Command(bin, "--totp", "--base32", "--window=1", "--now="+at, dev.Secret).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Fields(string(out)); !slices.Equal(want, []string{m[0][2], m[1][2]}) {
		t.Errorf("codes shown %s %s, oathtool says %v", m[0][2], m[1][2], want)
	}

	// Before the console takes them, the check says so.
	test.Tap(s.check)
	g.wait()
	if !strings.Contains(s.verdict.Text, "assigned to nobody") {
		t.Errorf("check before the codes: %q", s.verdict.Text)
	}

	// The console sends them to IAM, which checks them (the front).
	if err := console.EnableMFADevice(ctx, iamtest.RootStandIn, dev.Serial, m[0][2], m[1][2]); err != nil {
		t.Fatalf("IAM refuses the codes shown: %v", err)
	}
	test.Tap(s.check)
	g.wait()
	if !strings.HasPrefix(s.verdict.Text, "Done: IAM lists the virtual MFA device root-phone for root") {
		t.Errorf("check after the codes: %q", s.verdict.Text)
	}
	saveShot(t, "aws-root-done.png", g.win.Canvas().Capture())
	root = g.awsAccount(t, inventory.RootPrincipal)
	if f := root.Factors[1]; f.IAM == nil || f.IAM.Serial != dev.Serial || f.Kind != inventory.SeedFactor {
		t.Errorf("root's new factor %+v is not tied to the device", f)
	}
}

// enableBlocksIAM makes a device and blocks in EnableMFADevice until the
// enrollment is cancelled; it records what the rollback undoes.
type enableBlocksIAM struct {
	awsiam.IAM
	enabling chan struct{}
	deleted  []string
}

func (f *enableBlocksIAM) CreateVirtualMFADevice(_ context.Context, name string) (awsiam.NewDevice, error) {
	return awsiam.NewDevice{Serial: "arn:aws:iam::123456789012:mfa/" + name, Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}, nil
}

func (f *enableBlocksIAM) EnableMFADevice(ctx context.Context, _, _, _, _ string) error {
	close(f.enabling)
	<-ctx.Done()
	return ctx.Err()
}

func (f *enableBlocksIAM) DeactivateMFADevice(context.Context, string, string) error { return nil }

func (f *enableBlocksIAM) DeleteVirtualMFADevice(_ context.Context, serial string) error {
	f.deleted = append(f.deleted, serial)
	return nil
}

// Locking the app while an enrollment waits on IAM cancels it, and the
// rollback still takes the seed it saved out of the vault file.
func TestAWSEnrollCancelledByLockLeavesNothing(t *testing.T) {
	g := newTestGUI(t, githubURI)
	g.open(t)
	fake := &enableBlocksIAM{enabling: make(chan struct{})}
	g.opts.AWS = AWSOptions{Connect: func(context.Context, string) (awsiam.IAM, error) { return fake, nil }, Clock: iamtest.NewClock(g.clock.t)}
	g.showAccount("")
	s := g.accountPage()
	s.name.SetText("dev user")
	s.provider.SetSelected(providerAWS)
	s.awsAccount.SetText("123456789012")
	s.principal.SetSelected(principalIAM)
	s.iamUser.SetText("dave")
	test.Tap(s.save)
	g.wait()
	test.Tap(button(t, g.win.Content(), "Add a backup device…"))
	test.Tap(g.awsEnrollPage().run)
	g.released(func() { <-fake.enabling })
	if d := g.onDisk(t); len(d.Seeds) != 2 {
		t.Fatalf("the seed is not in the vault file before the device is enabled (%d seeds)", len(d.Seeds))
	}
	g.lock()
	g.wait()
	d := g.onDisk(t)
	if len(d.Seeds) != 1 || len(d.Accounts) != 1 || len(d.Accounts[0].Factors) != 0 {
		t.Errorf("after the cancelled enrollment the vault holds %d seeds, accounts %+v", len(d.Seeds), d.Accounts)
	}
	if len(fake.deleted) != 1 {
		t.Errorf("IAM devices deleted: %q, want the new one", fake.deleted)
	}
}
