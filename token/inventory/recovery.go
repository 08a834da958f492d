package inventory

import "fmt"

// LostDeviceSteps says, in plain words, how to get back into account a
// when its MFA device is lost, for a "lost your MFA device?" panel. For
// an AWS root user these follow AWS's documented recovery with
// alternative factors (email, then a phone call); the account's recorded
// email and phone are filled in where known.
func LostDeviceSteps(a Account) []string {
	switch {
	case a.IsAWSRoot():
		return awsRootSteps(a)
	case a.Provider == AWS:
		return []string{
			"Sign in with another MFA device registered on this IAM user, if it has one.",
			"Otherwise ask an administrator of the AWS account (someone with IAM permissions, or the root user) to deactivate the lost device on your IAM user.",
			"Sign in, then register a new MFA device at once, and a second one as a spare; record both in Twofold.",
		}
	}
	return []string{
		"Sign in with another factor registered on the account, or with one of its backup codes.",
		"If there is none, use the provider's account recovery, or contact its support.",
		"Once in, remove the lost device from the account and register a new one, and a second one as a spare; record both in Twofold.",
	}
}

func awsRootSteps(a Account) []string {
	email := "the root user's email address"
	if a.Email != "" {
		email = a.Email
	}
	phone := "the phone number on file for the account"
	if a.Phone != "" {
		phone = a.Phone
	}
	return []string{
		fmt.Sprintf("Open the AWS sign-in page, choose Root user and sign in with %s and the root password.", email),
		"When AWS asks for the MFA code, choose Troubleshoot MFA, then Sign in using alternative factors.",
		fmt.Sprintf("Verify the email address: AWS sends a message to %s; open the link in it (or enter the code it holds).", email),
		fmt.Sprintf("Verify the phone number: choose Call me now; AWS calls %s, and you key in on the phone the code the AWS page shows.", phone),
		"Once signed in, open Security credentials, deactivate (remove) the lost MFA device, and register a new one, plus a second one as a spare.",
		"If the email or the phone number on file is wrong or out of reach, you cannot finish these steps yourself: contact AWS Support (the sign-in troubleshooting page links to its form).",
	}
}
