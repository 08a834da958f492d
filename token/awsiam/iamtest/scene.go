package iamtest

import (
	"context"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// Admin is an IAM client that talks to moto directly, past the front,
// to set a scene or look at the result.
func (f *Front) Admin(t testing.TB) *iam.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = awssdk.String(f.Moto) })
}

// SceneUsers are the IAM users Scene makes, besides RootStandIn.
var SceneUsers = []string{"alice", "bob", "carol", "dave", "erin"}

// Scene makes the account the tests look at: five users (more than a
// page of 2), alice with three devices (more than a page), carol, dave
// and erin with one, bob none; a root device, root-account-mfa-device;
// and an unassigned leftover, "leftover".
func (f *Front) Scene(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	a := f.Admin(t)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Root has a device here, so GetAccountSummary says it has MFA.
	f.RootMFA(ManagementAccount, true)
	for _, u := range append(SceneUsers, RootStandIn) {
		must(a.CreateUser(ctx, &iam.CreateUserInput{UserName: awssdk.String(u)}))
	}
	assign := map[string]string{"alice-1": "alice", "alice-2": "alice", "alice-3": "alice", "carol": "carol", "dave": "dave", "erin": "erin", "root-account-mfa-device": RootStandIn, "leftover": ""}
	for name, user := range assign {
		out, err := a.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: awssdk.String(name)})
		must(out, err)
		if user != "" {
			must(a.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{UserName: awssdk.String(user), SerialNumber: out.VirtualMFADevice.SerialNumber,
				AuthenticationCode1: awssdk.String("123456"), AuthenticationCode2: awssdk.String("234567")}))
		}
	}
}
