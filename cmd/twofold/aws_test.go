package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// fakeIAM stands in for IAM in command-line tests; the SDK paths are
// tested against moto in token/awsiam.
type fakeIAM struct {
	snap      inventory.IAMSnapshot
	enableErr error
	created   []string
	deleted   []string
}

func (f *fakeIAM) Snapshot(context.Context) (inventory.IAMSnapshot, error) { return f.snap, nil }
func (f *fakeIAM) CreateVirtualMFADevice(_ context.Context, name string) (awsiam.NewDevice, error) {
	f.created = append(f.created, name)
	return awsiam.NewDevice{Serial: "arn:aws:iam::123456789012:mfa/" + name, Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, nil
}
func (f *fakeIAM) EnableMFADevice(context.Context, string, string, string, string) error {
	return f.enableErr
}
func (f *fakeIAM) DeactivateMFADevice(context.Context, string, string) error {
	return awsiam.ErrNoSuchEntity
}
func (f *fakeIAM) DeleteVirtualMFADevice(_ context.Context, serial string) error {
	f.deleted = append(f.deleted, serial)
	return nil
}

// useFakeIAM gives the test's commands f for IAM.
func (tc *testCLI) useFakeIAM(f *fakeIAM) {
	tc.deps.newIAM = func(context.Context, string) (awsiam.IAM, error) { return f, nil }
}

func TestAWSSyncThenStaleCheck(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	tc.useFakeIAM(&fakeIAM{snap: inventory.IAMSnapshot{AccountID: "123456789012", CallerARN: "arn:aws:iam::123456789012:user/admin", UsersListed: true, VirtualListed: true,
		Users:   []string{"alice", "bob"},
		Devices: []inventory.IAMDevice{{Serial: "arn:aws:iam::123456789012:mfa/alice", Type: inventory.IAMVirtual, User: "alice"}}}})
	tc.at(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Unix())
	out := tc.ok("aws", "sync")
	for _, want := range []string{"IAM has 1 MFA device for alice; your inventory had none", "FINDING  bob has no MFA device", "NOT SEEN root's hardware and FIDO devices"} {
		if !strings.Contains(out, want) {
			t.Errorf("aws sync printed %q, want %q", out, want)
		}
	}
	var js awsSyncJSON
	if err := json.Unmarshal([]byte(tc.ok("aws", "sync", "--json")), &js); err != nil || js.AccountID != "123456789012" || len(js.Accounts) != 2 || len(js.Changes) != 0 {
		t.Errorf("second sync JSON: %+v (%v): want 2 accounts and no changes", js, err)
	}
	tc.at(time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC).Unix())
	out, _, _ = tc.run("check")
	if !strings.Contains(out, "The AWS picture of account 123456789012 is 44 days old") {
		t.Errorf("check does not say the AWS picture is old: %s", out)
	}
}

func TestAWSEnrollRefusedLeavesVaultEmpty(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	f := &fakeIAM{enableErr: awsiam.ErrInvalidCode}
	tc.useFakeIAM(f)
	tc.fails("undone: deleted the virtual MFA device arn:aws:iam::123456789012:mfa/bob in IAM, removed the seed from the vault", "aws", "enroll", "--user", "bob")
	if out := tc.ok("list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("vault after a refused enrollment: %s", out)
	}
	if out := tc.ok("account", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("accounts after a refused enrollment: %s", out)
	}
	f.enableErr = nil
	if out := tc.ok("aws", "enroll", "--user", "bob"); !strings.Contains(out, "Enrolled arn:aws:iam::123456789012:mfa/bob for bob") {
		t.Errorf("enroll printed %q", out)
	}
	if out := tc.ok("account", "list"); !strings.Contains(out, "AWS 123456789012 bob") {
		t.Errorf("account list after enrolling: %s", out)
	}
}

func TestAWSNoCredentialsOneLine(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": tc.dir + "/none", "AWS_SHARED_CREDENTIALS_FILE": tc.dir + "/none", "AWS_REGION": "us-east-1", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_WEB_IDENTITY_TOKEN_FILE": ""} {
		t.Setenv(k, v)
	}
	tc.fails("no AWS credentials found", "aws", "sync")
}
