package awsiam

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The kinds of failure the front ends tell apart; test with errors.Is.
// Each front end says what to do about them in its own words (the
// command line names its flags and the AWS CLI's commands, the app its
// buttons).
var (
	ErrNoCredentials   = errors.New("no AWS credentials found")
	ErrSSOExpired      = errors.New("the AWS SSO session has expired or is missing")
	ErrExpired         = errors.New("the AWS credentials have expired")
	ErrAccessDenied    = errors.New("access denied")
	ErrThrottled       = errors.New("AWS kept refusing with throttling after the SDK's retries")
	ErrNetwork         = errors.New("AWS cannot be reached")
	ErrInvalidCode     = errors.New("IAM refused the two codes (InvalidAuthenticationCode): the clock of this computer may be off")
	ErrDeviceNameTaken = errors.New("a virtual MFA device of that name already exists (EntityAlreadyExists)")
	ErrDeviceLimit     = errors.New("the user already has the most MFA devices IAM allows, 8 (LimitExceeded)")
	ErrNoSuchEntity    = errors.New("IAM has no such entity (NoSuchEntity)")
	// ErrNoOrganization: the account is in no organization
	// (AWSOrganizationsNotInUseException).
	ErrNoOrganization = errors.New("the account is not in an AWS organization")
	// ErrNoOrganizationAccess: organizations:ListAccounts was refused,
	// as it is to a member account's credentials.
	ErrNoOrganizationAccess = errors.New("these credentials cannot list the organization's accounts")
	// ErrRoleRefused: sts:AssumeRole into a member account's role was
	// refused (see RoleError).
	ErrRoleRefused = errors.New("the role cannot be assumed")
)

// actionPermission maps an API action to the IAM permission it needs.
var actionPermission = map[string]string{
	"GetCallerIdentity":      "sts:GetCallerIdentity",
	"ListUsers":              "iam:ListUsers",
	"ListMFADevices":         "iam:ListMFADevices",
	"ListVirtualMFADevices":  "iam:ListVirtualMFADevices",
	"GetAccountSummary":      "iam:GetAccountSummary",
	"CreateVirtualMFADevice": "iam:CreateVirtualMFADevice",
	"EnableMFADevice":        "iam:EnableMFADevice",
	"DeactivateMFADevice":    "iam:DeactivateMFADevice",
	"DeleteVirtualMFADevice": "iam:DeleteVirtualMFADevice",
	"ListAccounts":           "organizations:ListAccounts",
	"AssumeRole":             "sts:AssumeRole",
}

// Explain turns an SDK error from action into one of the errors above,
// wrapped with the action's name, keeping AWS's own message where it
// adds something. It returns nil for nil.
func Explain(err error, action string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) {
		// The caller gave up: not a network problem.
		return fmt.Errorf("%s: %w", action, context.Canceled)
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
			return fmt.Errorf("%w: %s needs the permission %s", ErrAccessDenied, action, actionPermission[action])
		case "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException":
			return fmt.Errorf("%s: %w", action, ErrThrottled)
		case "InvalidAuthenticationCode":
			return ErrInvalidCode
		case "EntityAlreadyExists":
			return ErrDeviceNameTaken
		case "LimitExceeded":
			return ErrDeviceLimit
		case "NoSuchEntity":
			return fmt.Errorf("%s: %w: %s", action, ErrNoSuchEntity, clean(api.ErrorMessage()))
		case "ExpiredToken", "ExpiredTokenException":
			return fmt.Errorf("%s: %w", action, ErrExpired)
		case "AWSOrganizationsNotInUseException":
			return fmt.Errorf("%s: %w", action, ErrNoOrganization)
		case "InvalidClientTokenId", "SignatureDoesNotMatch":
			return fmt.Errorf("%s: AWS does not accept these credentials (%s): check the access key", action, api.ErrorCode())
		}
		return fmt.Errorf("%s: %s: %s", action, api.ErrorCode(), clean(api.ErrorMessage()))
	}
	var sso *ssocreds.InvalidTokenError
	if errors.As(err, &sso) {
		return ErrSSOExpired
	}
	var send *smithyhttp.RequestSendError
	var netErr net.Error
	if errors.As(err, &send) || errors.As(err, &netErr) {
		return fmt.Errorf("%s: %w", action, ErrNetwork)
	}
	return fmt.Errorf("%s: %w", action, err)
}

// credentialsError returns ErrSSOExpired or ErrNoCredentials for a failure
// to get credentials from the SDK's chain, else err itself.
func credentialsError(err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("getting AWS credentials: %w", context.Canceled)
	}
	var sso *ssocreds.InvalidTokenError
	if errors.As(err, &sso) {
		return ErrSSOExpired
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "UnauthorizedException", "ExpiredTokenException", "InvalidGrantException":
			return ErrSSOExpired
		}
	}
	var send *smithyhttp.RequestSendError
	if errors.As(err, &send) {
		return ErrNetwork
	}
	return fmt.Errorf("%w (%s)", ErrNoCredentials, firstLine(err.Error()))
}

var whitespace = regexp.MustCompile(`\s+`)

// clean makes AWS's message one short line.
func clean(s string) string {
	s = whitespace.ReplaceAllString(s, " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

func firstLine(s string) string { return clean(s) }
