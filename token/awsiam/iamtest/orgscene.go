package iamtest

import (
	"context"
	"fmt"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// OrgAccount is a member account Organization makes: its name, its IAM
// users with how many virtual MFA devices each has, and whether it is
// closed (SUSPENDED).
type OrgAccount struct {
	Name   string
	Users  map[string]int
	Closed bool
}

// Organization makes an organization in moto with the caller's account
// (ManagementAccount) as its management account, and the member accounts
// given, each with its role OrganizationAccountAccessRole and its users;
// it returns each account's id by name. The front says root has MFA in
// none of them until RootMFA says otherwise.
func (f *Front) Organization(t testing.TB, members ...OrgAccount) map[string]string {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	org := organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = awssdk.String(f.Moto) })
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	stsc := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = awssdk.String(f.Moto) })
	ids := map[string]string{}
	for _, m := range members {
		out, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: awssdk.String(m.Name), Email: awssdk.String(m.Name + "@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		id := awssdk.ToString(out.CreateAccountStatus.AccountId)
		if id == "" {
			t.Fatalf("moto made no account id for %s: %+v", m.Name, out.CreateAccountStatus)
		}
		ids[m.Name] = id
		a := f.memberAdmin(t, stsc, id)
		for user, devices := range m.Users {
			if _, err := a.CreateUser(ctx, &iam.CreateUserInput{UserName: awssdk.String(user)}); err != nil {
				t.Fatal(err)
			}
			for i := range devices {
				d, err := a.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: awssdk.String(fmt.Sprintf("%s-%d", user, i+1))})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := a.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{UserName: awssdk.String(user), SerialNumber: d.VirtualMFADevice.SerialNumber,
					AuthenticationCode1: awssdk.String("123456"), AuthenticationCode2: awssdk.String("234567")}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if m.Closed {
			if _, err := org.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: awssdk.String(id)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

// memberAdmin is an IAM client acting in member account id, past the
// front, through moto's AssumeRole.
func (f *Front) memberAdmin(t testing.TB, stsc *sts.Client, id string) *iam.Client {
	t.Helper()
	ctx := context.Background()
	out, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: awssdk.String("arn:aws:iam::" + id + ":role/OrganizationAccountAccessRole"), RoleSessionName: awssdk.String("scene")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	return iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: awssdk.String(f.Moto),
		Credentials: credentials.NewStaticCredentialsProvider(awssdk.ToString(c.AccessKeyId), awssdk.ToString(c.SecretAccessKey), awssdk.ToString(c.SessionToken))})
}

// UseMember points the SDK at the front with credentials of member
// account id (its role, assumed through the front, so the front knows
// whose they are), as someone signed in to a member account has.
func (f *Front) UseMember(t testing.TB, id string) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stsc := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = awssdk.String(f.URL) })
	out, err := stsc.AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: awssdk.String("arn:aws:iam::" + id + ":role/OrganizationAccountAccessRole"), RoleSessionName: awssdk.String("member")})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", awssdk.ToString(out.Credentials.AccessKeyId))
	t.Setenv("AWS_SECRET_ACCESS_KEY", awssdk.ToString(out.Credentials.SecretAccessKey))
	t.Setenv("AWS_SESSION_TOKEN", awssdk.ToString(out.Credentials.SessionToken))
}
