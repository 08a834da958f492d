package inventory

import (
	"strings"
	"time"
)

// The types of MFA device IAM knows (IAMDevice.Type, IAMRecord.Type).
const (
	IAMVirtual  = "virtual"  // a virtual MFA device: a TOTP seed
	IAMHardware = "hardware" // a hardware TOTP token
	IAMFIDO     = "fido"     // a FIDO security key or passkey
)

// IAMDevice is one MFA device as IAM lists it.
type IAMDevice struct {
	// Serial is the device's serial number: an ARN for virtual and FIDO
	// devices (arn:aws:iam::ACCOUNT:mfa/NAME, ...:u2f/...), the token's
	// printed serial for a hardware token.
	Serial string `json:"serial"`
	Type   string `json:"type"`
	// User is the IAM user the device is assigned to, "root" for the
	// root user, "" for a virtual device assigned to nobody.
	User    string    `json:"user,omitempty"`
	Enabled time.Time `json:"enabled,omitzero"`
}

// DeviceType tells the type of an MFA device from its serial number.
func DeviceType(serial string) string {
	switch {
	case strings.HasPrefix(serial, "arn:") && strings.Contains(serial, ":mfa/"):
		return IAMVirtual
	case strings.HasPrefix(serial, "arn:") && strings.Contains(serial, ":u2f/"):
		return IAMFIDO
	}
	return IAMHardware
}

// DeviceName is the last part of a device's serial: the name given to a
// virtual device ("arn:aws:iam::123456789012:mfa/alice" -> "alice").
func DeviceName(serial string) string {
	return serial[strings.LastIndexByte(serial, '/')+1:]
}

// AccountOfARN returns the account id of an ARN such as
// arn:aws:iam::ACCOUNT:mfa/NAME, "" when it is not one.
func AccountOfARN(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) >= 5 {
		return parts[4]
	}
	return ""
}

// IAMSnapshot is what IAM showed of one AWS account at one moment.
type IAMSnapshot struct {
	AccountID string `json:"account_id"`
	// CallerARN is who asked; CallerIsRoot when that is the root user,
	// the only caller that sees root's hardware and FIDO devices.
	CallerARN    string `json:"caller_arn"`
	CallerIsRoot bool   `json:"caller_is_root"`
	// UsersListed is false when ListUsers was refused (UsersError says
	// why); Users and their devices are then unknown.
	UsersListed bool     `json:"users_listed"`
	UsersError  string   `json:"users_error,omitempty"`
	Users       []string `json:"users"`
	// Devices are the devices assigned to users and root.
	Devices []IAMDevice `json:"devices"`
	// Unassigned are virtual devices created but assigned to nobody.
	Unassigned []IAMDevice `json:"unassigned"`
	// VirtualListed is false when ListVirtualMFADevices was refused, so
	// root's virtual devices and the unassigned ones are unknown.
	VirtualListed bool `json:"virtual_listed"`
	// RootMFAEnabled is GetAccountSummary's AccountMFAEnabled; nil when
	// the summary was refused.
	RootMFAEnabled *bool `json:"root_mfa_enabled,omitempty"`
	// RootPasswordPresent is GetAccountSummary's AccountPasswordPresent;
	// nil when the summary was refused.
	RootPasswordPresent *bool `json:"root_password_present,omitempty"`

	// What an organization sync adds of a member account: its name and
	// email in Organizations, and whether the organization manages root
	// credentials centrally (iam:ListOrganizationsFeatures).
	AccountName            string `json:"account_name,omitempty"`
	AccountEmail           string `json:"account_email,omitempty"`
	RootCredentialsManaged bool   `json:"root_credentials_managed,omitempty"`
}

// Member reports whether the snapshot is of an organization's member
// account, read through an organization sync.
func (s IAMSnapshot) Member() bool { return s.AccountEmail != "" || s.AccountName != "" }

// NoRootCredentials reports whether the account's root user has no
// credentials at all: the organization manages root access centrally,
// and root has neither a password nor an MFA device. Root cannot sign
// in then, which is safe.
func (s IAMSnapshot) NoRootCredentials() bool {
	return s.RootCredentialsManaged && s.RootPasswordPresent != nil && !*s.RootPasswordPresent &&
		s.RootMFAEnabled != nil && !*s.RootMFAEnabled && len(s.userDevices(RootPrincipal)) == 0
}

// IAMRecord is what the last sync learnt of a factor from IAM.
type IAMRecord struct {
	Serial  string    `json:"serial"`
	Type    string    `json:"type"`
	Enabled time.Time `json:"enabled,omitzero"`
	// Seen is when IAM last listed the device; Gone when a sync first
	// found it missing (zero while IAM still has it).
	Seen time.Time `json:"seen,omitzero"`
	Gone time.Time `json:"gone,omitzero"`
}

// Gone reports whether IAM no longer lists the device behind f: a sync
// found it missing. A gone factor is kept as a record but protects
// nothing, so the check does not count it.
func (f Factor) Gone() bool { return f.IAM != nil && !f.IAM.Gone.IsZero() }

// Unknown reports whether AWS does not know f: a sync found that AWS
// lists no MFA device for the root user f was recorded on (the seed may
// belong to another account, or its device was never enabled), and the
// user has not recorded since (or in that second) that f works. An
// unknown factor protects nothing as far as Twofold can tell, so the
// check does not count it.
func (f Factor) Unknown() bool { return !f.AWSUnknown.IsZero() && f.Verified.Before(f.AWSUnknown) }

// LiveFactors returns the factors of a that are neither gone nor
// unknown to AWS.
func (a Account) LiveFactors() []Factor {
	var out []Factor
	for _, f := range a.Factors {
		if !f.Gone() && !f.Unknown() {
			out = append(out, f)
		}
	}
	return out
}

// userDevices returns the devices of user (or root), as IAM lists them.
func (s IAMSnapshot) userDevices(user string) []IAMDevice {
	var out []IAMDevice
	for _, d := range s.Devices {
		if d.User == user {
			out = append(out, d)
		}
	}
	return out
}

// sees reports whether the snapshot shows every device of the kind t
// that principal has, so a missing one can be called gone.
func (s IAMSnapshot) sees(principal, t string) bool {
	if principal == RootPrincipal {
		return s.CallerIsRoot || (t == IAMVirtual && s.VirtualListed)
	}
	return s.UsersListed
}
