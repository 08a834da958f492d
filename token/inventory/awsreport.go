package inventory

// IAMSyncReport says what ApplyIAM changed and found, as data: each
// front end words it (the command line in English, the app in its
// language).
type IAMSyncReport struct {
	// Changes are the differences between IAM and the inventory as it
	// was, and what ApplyIAM did about them.
	Changes []IAMChange `json:"changes"`
	// Findings are what is wrong in IAM itself (a user with no device).
	Findings []IAMFinding `json:"findings"`
	// Unseen is what IAM could not show to this caller.
	Unseen []IAMUnseen `json:"unseen"`
	// AccountsCreated counts the inventory accounts made for IAM users.
	AccountsCreated int `json:"accounts_created"`
	// NoRootCredentials is set when the organization manages root access
	// centrally and this account has no root credentials at all: root
	// cannot sign in, so its lack of MFA is safe, not a finding.
	NoRootCredentials bool `json:"no_root_credentials,omitempty"`
}

// The kinds of IAMChange.
const (
	// ChangeAccountAdded: IAM has Principal; the inventory account
	// Account was added for it.
	ChangeAccountAdded = "account_added"
	// ChangeDevicesFound: IAM has Devices MFA devices for Principal; the
	// inventory had Had of them.
	ChangeDevicesFound = "devices_found"
	// ChangeDeviceGone: IAM no longer has the device Device (of type
	// DeviceType) of Principal; its factor is marked gone.
	ChangeDeviceGone = "device_gone"
	// ChangeFactorUnknown: IAM lists no MFA device for root, so the
	// factor FactorID (Factor words it) is no longer counted.
	ChangeFactorUnknown = "factor_unknown"
	// ChangeFactorKnown: IAM says root has MFA again, so the factor
	// FactorID counts again.
	ChangeFactorKnown = "factor_known"
)

// IAMChange is one difference between IAM and the inventory. Only the
// fields its Kind needs are set.
type IAMChange struct {
	Kind       string `json:"kind"`
	Principal  string `json:"principal"`
	Account    string `json:"account,omitempty"` // the inventory account's name
	Devices    int    `json:"devices,omitempty"`
	Had        int    `json:"had,omitempty"`
	Device     string `json:"device,omitempty"` // the device's name in IAM
	DeviceType string `json:"device_type,omitempty"`
	FactorID   string `json:"factor_id,omitempty"`
	Factor     string `json:"factor,omitempty"` // the factor, as DescribeWith names it
}

// The codes of IAMFinding.
const (
	// IAMRootNoMFA: GetAccountSummary says root has no MFA device.
	IAMRootNoMFA = "root_no_mfa"
	// IAMUserNoMFA: the user Principal has no MFA device.
	IAMUserNoMFA = "user_no_mfa"
	// IAMDeviceUnassigned: the virtual device Device is assigned to
	// nobody, a leftover of an enrollment that did not finish.
	IAMDeviceUnassigned = "device_unassigned"
	// IAMFactorUnknown: AWS does not know the factor FactorID that the
	// inventory records for root (see CodeAWSUnknownFactor).
	IAMFactorUnknown = "factor_unknown"
)

// IAMFinding is one thing wrong in IAM. Only the fields its Code needs
// are set.
type IAMFinding struct {
	Code      string `json:"code"`
	Principal string `json:"principal,omitempty"`
	Device    string `json:"device,omitempty"`
	FactorID  string `json:"factor_id,omitempty"`
	Factor    string `json:"factor,omitempty"`
}

// The codes of IAMUnseen.
const (
	// UnseenRootKeys: root's hardware and FIDO devices, which IAM shows
	// only to root credentials.
	UnseenRootKeys = "root_keys"
	// UnseenRootDevice: IAM says root has MFA, and it is not a virtual
	// device this caller can see.
	UnseenRootDevice = "root_device"
	// UnseenUsers: the users and their devices (Permission refused).
	UnseenUsers = "users"
	// UnseenVirtual: root's virtual devices and the unassigned ones.
	UnseenVirtual = "virtual_devices"
	// UnseenRootMFA: whether root has MFA at all.
	UnseenRootMFA = "root_mfa"
)

// IAMUnseen is one part of IAM the caller could not see; Permission is
// the IAM permission that was refused, when one was.
type IAMUnseen struct {
	Code       string `json:"code"`
	Permission string `json:"permission,omitempty"`
}

func unseen(s IAMSnapshot) []IAMUnseen {
	var out []IAMUnseen
	if !s.CallerIsRoot {
		out = append(out, IAMUnseen{Code: UnseenRootKeys})
	}
	if s.RootMFAEnabled != nil && *s.RootMFAEnabled && len(s.userDevices(RootPrincipal)) == 0 {
		out = append(out, IAMUnseen{Code: UnseenRootDevice})
	}
	if !s.UsersListed {
		out = append(out, IAMUnseen{Code: UnseenUsers, Permission: "iam:ListUsers"})
	}
	if !s.VirtualListed {
		out = append(out, IAMUnseen{Code: UnseenVirtual, Permission: "iam:ListVirtualMFADevices"})
	}
	if s.RootMFAEnabled == nil {
		out = append(out, IAMUnseen{Code: UnseenRootMFA, Permission: "iam:GetAccountSummary"})
	}
	return out
}
