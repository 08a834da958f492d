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

// The kinds of failure the command line tells apart; test with errors.Is.
var (
	ErrNoCredentials   = errors.New("no AWS credentials found: set a profile (--profile, AWS_PROFILE), run 'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	ErrSSOExpired      = errors.New("the AWS SSO session has expired or is missing: run 'aws sso login' (with --profile for your profile) and try again")
	ErrAccessDenied    = errors.New("access denied")
	ErrThrottled       = errors.New("AWS kept refusing with throttling after the SDK's retries: wait a minute and try again")
	ErrNetwork         = errors.New("AWS cannot be reached: check the network connection (and AWS_ENDPOINT_URL, if set)")
	ErrInvalidCode     = errors.New("IAM refused the two codes (InvalidAuthenticationCode): the clock of this computer may be off; check it and enroll again")
	ErrDeviceNameTaken = errors.New("a virtual MFA device of that name already exists (EntityAlreadyExists): choose another --device-name, or delete the old device in IAM")
	ErrDeviceLimit     = errors.New("the user already has the most MFA devices IAM allows, 8 (LimitExceeded): remove one first")
	ErrNoSuchEntity    = errors.New("IAM has no such entity (NoSuchEntity)")
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
			return fmt.Errorf("%s: the AWS credentials have expired: refresh them ('aws sso login' for SSO) and try again", action)
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
