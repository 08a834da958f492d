package awsiam

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/vault"
)

func client(t *testing.T) *Client {
	c, err := New(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	c.PageSize = 2
	return c
}

func TestSnapshotAgainstMoto(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	f.Scene(t)
	snap, err := client(t).Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if snap.AccountID != "123456789012" || snap.CallerARN == "" || snap.CallerIsRoot {
		t.Errorf("caller: account %q arn %q root %v", snap.AccountID, snap.CallerARN, snap.CallerIsRoot)
	}
	users := slices.Sorted(slices.Values(snap.Users))
	if want := []string{"alice", "bob", "carol", "dave", "erin"}; !slices.Equal(users, want) || !snap.UsersListed {
		t.Errorf("users %v (listed %v), want %v", users, snap.UsersListed, want)
	}
	count := map[string]int{}
	for _, d := range snap.Devices {
		count[d.User]++
		if d.Type != inventory.IAMVirtual || d.Enabled.IsZero() {
			t.Errorf("device %+v: want virtual with an enable date", d)
		}
	}
	if count["alice"] != 3 || count["carol"] != 1 || count["bob"] != 0 || count[inventory.RootPrincipal] != 1 {
		t.Errorf("devices per user %v, want alice 3 (over two pages), carol 1, bob 0, root 1", count)
	}
	if len(snap.Unassigned) != 1 || inventory.DeviceName(snap.Unassigned[0].Serial) != "leftover" {
		t.Errorf("unassigned %+v, want the leftover", snap.Unassigned)
	}
	// Pages of 2: moto pages ListVirtualMFADevices itself (8 devices, 4
	// pages at least), the front ListUsers (5 users, 3 pages) and
	// ListMFADevices (alice's 3 devices, 2 pages); every item above came
	// through the SDK's paginators following Marker.
	if n := f.Calls("ListVirtualMFADevices"); n < 4 {
		t.Errorf("%d ListVirtualMFADevices calls: want pages of 2 (4 at least)", n)
	}
	if n, cut := f.Calls("ListUsers"), f.Truncated("ListUsers"); n != 3 || cut != 2 {
		t.Errorf("ListUsers: %d calls, %d truncated pages; want 3 pages of 2, the first two truncated", n, cut)
	}
	if n, cut := f.Calls("ListMFADevices"), f.Truncated("ListMFADevices"); n != len(iamtest.SceneUsers)+1 || cut != 1 {
		t.Errorf("ListMFADevices: %d calls, %d truncated pages; want one per user and a second page for alice", n, cut)
	}

	accounts, rep := inventory.ApplyIAM(nil, nil, snap, time.Now(), vault.NewID)
	for _, want := range []inventory.IAMChange{
		{Kind: inventory.ChangeDevicesFound, Principal: "alice", Devices: 3},
		{Kind: inventory.ChangeDevicesFound, Principal: inventory.RootPrincipal, Devices: 1},
	} {
		if !slices.Contains(rep.Changes, want) {
			t.Errorf("changes %+v lack %+v", rep.Changes, want)
		}
	}
	if !slices.Contains(rep.Findings, inventory.IAMFinding{Code: inventory.IAMUserNoMFA, Principal: "bob"}) {
		t.Errorf("findings %+v lack bob's", rep.Findings)
	}
	if len(accounts) != 6 {
		t.Errorf("%d accounts, want 5 users and root", len(accounts))
	}
}

func TestListUsersDeniedStillReportsCaller(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	f.Scene(t)
	f.Deny("ListUsers")
	snap, err := client(t).Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if snap.UsersListed || !strings.Contains(snap.UsersError, "iam:ListUsers") || snap.AccountID != "123456789012" {
		t.Errorf("listed %v, error %q, account %q", snap.UsersListed, snap.UsersError, snap.AccountID)
	}
	_, rep := inventory.ApplyIAM(nil, nil, snap, time.Now(), vault.NewID)
	if !slices.Contains(rep.Unseen, inventory.IAMUnseen{Code: inventory.UnseenUsers, Permission: "iam:ListUsers"}) {
		t.Errorf("unseen %+v does not name the missing permission", rep.Unseen)
	}
}

func TestThrottlingRetriedThenClear(t *testing.T) {
	f := iamtest.Start(t, iamtest.NewClock(time.Now()))
	f.Throttle("GetCallerIdentity", 2)
	if _, err := client(t).Snapshot(context.Background()); err != nil {
		t.Fatalf("two throttles should be retried by the SDK: %v", err)
	}
	if f.Calls("GetCallerIdentity") != 3 {
		t.Errorf("%d GetCallerIdentity calls, want 3", f.Calls("GetCallerIdentity"))
	}
	f.Throttle("GetCallerIdentity", 100)
	_, err := client(t).Snapshot(context.Background())
	if !errors.Is(err, ErrThrottled) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want one line wrapping ErrThrottled", err)
	}
}

// memStore keeps the enrollment's seed in vault data in memory, as
// vault.EnrollStore does in a vault file.
type memStore struct {
	vault.EnrollStore
	d vault.Data
}

func newMemStore() *memStore {
	s := &memStore{}
	s.Now = time.Now
	s.Change = func(fn func(*vault.Data) error) error {
		before := s.d.Clone()
		if err := fn(&s.d); err != nil {
			s.d = before
			return err
		}
		return nil
	}
	return s
}

func TestEnrollChecksCodesAndRecords(t *testing.T) {
	clock := iamtest.NewClock(time.Date(2026, 11, 25, 6, 0, 12, 0, time.UTC))
	f := iamtest.Start(t, clock)
	f.Scene(t)
	store := newMemStore()
	got, err := Enroll(context.Background(), client(t), store, clock, Enrollment{User: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if good, bad := f.CodePairs(); good != 1 || bad != 0 {
		t.Errorf("front saw %d good and %d bad code pairs, want 1 good", good, bad)
	}
	if clock.Slept() != 18*time.Second {
		t.Errorf("waited %v, want the 18 s to the period boundary", clock.Slept())
	}
	if len(store.d.Seeds) != 1 || store.d.Seeds[0].Secret != f.Secret(got.Serial) || store.d.Seeds[0].Account != "bob@123456789012" {
		t.Fatalf("the vault does not hold IAM's seed for bob@123456789012 (%d seeds)", len(store.d.Seeds))
	}
	out, err := f.Admin(t).ListMFADevices(context.Background(), &iam.ListMFADevicesInput{UserName: awssdk.String("bob")})
	if err != nil || len(out.MFADevices) != 1 || *out.MFADevices[0].SerialNumber != got.Serial {
		t.Fatalf("IAM does not list %s for bob: %v", got.Serial, err)
	}
	var factors []inventory.Factor
	for _, a := range store.d.Accounts {
		if a.Principal == "bob" {
			factors = a.Factors
		}
	}
	if len(factors) != 1 || factors[0].SeedID != got.Seed.ID || factors[0].IAM == nil || factors[0].IAM.Serial != got.Serial {
		t.Errorf("bob's factors %+v, want the seed as the IAM device", factors)
	}
}

func TestRefusedEnrollmentRolledBack(t *testing.T) {
	clock := iamtest.NewClock(time.Now())
	f := iamtest.Start(t, clock)
	f.Scene(t)
	f.RefuseCodes()
	store := newMemStore()
	_, err := Enroll(context.Background(), client(t), store, clock, Enrollment{User: "bob", DeviceName: "bob-phone"})
	var e *EnrollError
	if !errors.Is(err, ErrInvalidCode) || !errors.As(err, &e) || len(e.NotUndone) != 0 {
		t.Fatalf("got %v, want a refused code, everything undone", err)
	}
	if !strings.Contains(err.Error(), "deleted the virtual MFA device") || !strings.Contains(err.Error(), "removed the seed from the vault") {
		t.Errorf("message %q does not say what was undone", err)
	}
	if len(store.d.Seeds) != 0 || len(store.d.Accounts) != 0 {
		t.Errorf("vault keeps %d seeds and %d accounts", len(store.d.Seeds), len(store.d.Accounts))
	}
	out, err := f.Admin(t).ListVirtualMFADevices(context.Background(), &iam.ListVirtualMFADevicesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range out.VirtualMFADevices {
		if strings.HasSuffix(*d.SerialNumber, "/bob-phone") {
			t.Errorf("IAM still has %s", *d.SerialNumber)
		}
	}
}

func TestEnrollNameTaken(t *testing.T) {
	clock := iamtest.NewClock(time.Now())
	f := iamtest.Start(t, clock)
	f.Scene(t)
	store := newMemStore()
	_, err := Enroll(context.Background(), client(t), store, clock, Enrollment{User: "bob", DeviceName: "leftover"})
	if !errors.Is(err, ErrDeviceNameTaken) || !strings.Contains(err.Error(), "nothing was changed") || len(store.d.Seeds) != 0 {
		t.Errorf("got %v, want the name taken and nothing changed", err)
	}
}

func TestNoNetworkOneLine(t *testing.T) {
	iamtest.Start(t, iamtest.NewClock(time.Now()))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	t.Setenv("AWS_ENDPOINT_URL", closed)
	_, err = client(t).Snapshot(context.Background())
	if !errors.Is(err, ErrNetwork) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want one line wrapping ErrNetwork", err)
	}
}

func TestEnrollUserAtDeviceLimit(t *testing.T) {
	clock := iamtest.NewClock(time.Now())
	f := iamtest.Start(t, clock)
	f.Scene(t)
	f.FailEnable("LimitExceeded")
	store := newMemStore()
	_, err := Enroll(context.Background(), client(t), store, clock, Enrollment{User: "alice", DeviceName: "alice-9"})
	if !errors.Is(err, ErrDeviceLimit) || !strings.Contains(err.Error(), "enabling the device: the user already has the most MFA devices IAM allows, 8") || len(store.d.Seeds) != 0 {
		t.Errorf("got %v, want the limit named and the seed gone", err)
	}
	if f.Calls("DeactivateMFADevice") != 0 || f.Calls("DeleteVirtualMFADevice") != 1 {
		t.Errorf("undo calls: %d DeactivateMFADevice, %d DeleteVirtualMFADevice: want the device deleted, nothing to deactivate", f.Calls("DeactivateMFADevice"), f.Calls("DeleteVirtualMFADevice"))
	}
}
