// Package awsiam asks AWS IAM which MFA devices an account has (or every
// account of an organization, through Organizations and sts:AssumeRole:
// organization.go) and enrolls new virtual MFA devices, through the AWS SDK for Go v2 with its
// standard configuration chain: profiles, SSO, environment variables and
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS. The SDK
// does the credentials, request signing and retries.
//
// It is a package of its own so that token/aws, which only recognises
// AWS seeds, stays free of the SDK and its dependencies: the inventory,
// the vault and the app's pure parts import token/aws and need no
// network code. What the command line uses is the IAM interface, so
// tests can put a fake or a local IAM (moto) behind it.
//
// Security: the seed secret of a new device passes through Enroll to the
// vault and to the code calculation only; no error or message holds it.
package awsiam

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// IAM is what Twofold asks of AWS. *Client is the real one.
type IAM interface {
	// Snapshot reads the caller, the users, their MFA devices, root's
	// and unassigned virtual devices and whether root has MFA.
	Snapshot(ctx context.Context) (inventory.IAMSnapshot, error)
	// CreateVirtualMFADevice makes a virtual device named name and
	// returns its serial and base32 seed secret.
	CreateVirtualMFADevice(ctx context.Context, name string) (NewDevice, error)
	EnableMFADevice(ctx context.Context, user, serial, code1, code2 string) error
	DeactivateMFADevice(ctx context.Context, user, serial string) error
	DeleteVirtualMFADevice(ctx context.Context, serial string) error
}

// NewDevice is a virtual MFA device just created, not yet enabled.
type NewDevice struct {
	Serial string
	// Secret is the base32 seed secret; never print it.
	Secret string
}

// Client talks to IAM and STS through the SDK.
type Client struct {
	cfg awssdk.Config
	iam *iam.Client
	sts *sts.Client
	// PageSize, when above zero, is the MaxItems of each list call
	// (IAM's default is 100).
	PageSize int32
}

// New loads the SDK's configuration for profile ("" for the default
// chain) and checks that there are credentials, so that their absence
// is one clear error (ErrNoCredentials, ErrSSOExpired) before any call.
func New(ctx context.Context, profile string) (*Client, error) {
	var opts []func(*config.LoadOptions) error
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", Explain(err, "loading configuration"))
	}
	if cfg.Region == "" {
		// IAM is global; the SDK still wants a region to sign with.
		cfg.Region = "us-east-1"
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		err = credentialsError(err)
		if errors.Is(err, ErrNoCredentials) && fromSSO(cfg.Credentials) {
			// The SDK words an expired SSO token as a plain error.
			return nil, ErrSSOExpired
		}
		return nil, err
	}
	return &Client{cfg: cfg, iam: iam.NewFromConfig(cfg), sts: sts.NewFromConfig(cfg)}, nil
}

// fromSSO reports whether the credentials come from an SSO session.
func fromSSO(p awssdk.CredentialsProvider) bool {
	src, ok := p.(awssdk.CredentialProviderSource)
	if !ok {
		return false
	}
	return slices.ContainsFunc(src.ProviderSources(), func(s awssdk.CredentialSource) bool {
		switch s {
		case awssdk.CredentialSourceSSO, awssdk.CredentialSourceProfileSSO, awssdk.CredentialSourceSSOLegacy, awssdk.CredentialSourceProfileSSOLegacy:
			return true
		}
		return false
	})
}

func (c *Client) maxItems() *int32 {
	if c.PageSize > 0 {
		return awssdk.Int32(c.PageSize)
	}
	return nil
}

// CreateVirtualMFADevice implements IAM.
func (c *Client) CreateVirtualMFADevice(ctx context.Context, name string) (NewDevice, error) {
	out, err := c.iam.CreateVirtualMFADevice(ctx, &iam.CreateVirtualMFADeviceInput{VirtualMFADeviceName: awssdk.String(name)})
	if err != nil {
		return NewDevice{}, Explain(err, "CreateVirtualMFADevice")
	}
	d := out.VirtualMFADevice
	if d == nil || d.SerialNumber == nil || len(d.Base32StringSeed) == 0 {
		return NewDevice{}, errors.New("IAM created the device but sent no serial or seed")
	}
	return NewDevice{Serial: *d.SerialNumber, Secret: strings.TrimSpace(string(d.Base32StringSeed))}, nil
}

// EnableMFADevice implements IAM.
func (c *Client) EnableMFADevice(ctx context.Context, user, serial, code1, code2 string) error {
	_, err := c.iam.EnableMFADevice(ctx, &iam.EnableMFADeviceInput{
		UserName: awssdk.String(user), SerialNumber: awssdk.String(serial),
		AuthenticationCode1: awssdk.String(code1), AuthenticationCode2: awssdk.String(code2),
	})
	return Explain(err, "EnableMFADevice")
}

// DeactivateMFADevice implements IAM.
func (c *Client) DeactivateMFADevice(ctx context.Context, user, serial string) error {
	_, err := c.iam.DeactivateMFADevice(ctx, &iam.DeactivateMFADeviceInput{UserName: awssdk.String(user), SerialNumber: awssdk.String(serial)})
	return Explain(err, "DeactivateMFADevice")
}

// DeleteVirtualMFADevice implements IAM.
func (c *Client) DeleteVirtualMFADevice(ctx context.Context, serial string) error {
	_, err := c.iam.DeleteVirtualMFADevice(ctx, &iam.DeleteVirtualMFADeviceInput{SerialNumber: awssdk.String(serial)})
	return Explain(err, "DeleteVirtualMFADevice")
}
