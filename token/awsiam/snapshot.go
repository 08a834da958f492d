package awsiam

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// Snapshot implements IAM. GetCallerIdentity must succeed; a refused
// ListUsers, ListVirtualMFADevices or GetAccountSummary leaves that part
// unknown (the snapshot says so) rather than failing the whole.
func (c *Client) Snapshot(ctx context.Context) (inventory.IAMSnapshot, error) {
	var snap inventory.IAMSnapshot
	who, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return snap, Explain(err, "GetCallerIdentity")
	}
	snap.AccountID = awssdk.ToString(who.Account)
	snap.CallerARN = awssdk.ToString(who.Arn)
	snap.CallerIsRoot = strings.HasSuffix(snap.CallerARN, ":root")

	users, err := c.listUsers(ctx)
	switch {
	case errors.Is(err, ErrAccessDenied):
		snap.UsersError = err.Error()
	case err != nil:
		return snap, err
	default:
		snap.UsersListed, snap.Users = true, users
	}
	for _, u := range snap.Users {
		devices, err := c.listMFADevices(ctx, u)
		if err != nil {
			return snap, err
		}
		snap.Devices = append(snap.Devices, devices...)
	}
	if err := c.listVirtual(ctx, &snap); err != nil && !errors.Is(err, ErrAccessDenied) {
		return snap, err
	}
	if snap.CallerIsRoot {
		// Only root sees its own hardware and FIDO devices: ListMFADevices
		// without a user name lists the caller's.
		if err := c.addRootDevices(ctx, &snap); err != nil {
			return snap, err
		}
	}
	sum, err := c.iam.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	switch err := Explain(err, "GetAccountSummary"); {
	case errors.Is(err, ErrAccessDenied):
	case err != nil:
		return snap, err
	default:
		enabled := sum.SummaryMap[string(types.SummaryKeyTypeAccountMFAEnabled)] == 1
		snap.RootMFAEnabled = &enabled
		if n, ok := sum.SummaryMap[string(types.SummaryKeyTypeAccountPasswordPresent)]; ok {
			password := n == 1
			snap.RootPasswordPresent = &password
		}
	}
	return snap, nil
}

func (c *Client) listUsers(ctx context.Context) ([]string, error) {
	var users []string
	p := iam.NewListUsersPaginator(c.iam, &iam.ListUsersInput{MaxItems: c.maxItems()})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, Explain(err, "ListUsers")
		}
		for _, u := range page.Users {
			users = append(users, awssdk.ToString(u.UserName))
		}
	}
	return users, nil
}

func (c *Client) listMFADevices(ctx context.Context, user string) ([]inventory.IAMDevice, error) {
	var out []inventory.IAMDevice
	in := &iam.ListMFADevicesInput{MaxItems: c.maxItems()}
	if user != "" {
		in.UserName = awssdk.String(user)
	}
	p := iam.NewListMFADevicesPaginator(c.iam, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("devices of %s: %w", user, Explain(err, "ListMFADevices"))
		}
		for _, d := range page.MFADevices {
			serial := awssdk.ToString(d.SerialNumber)
			out = append(out, inventory.IAMDevice{Serial: serial, Type: inventory.DeviceType(serial), User: user, Enabled: awssdk.ToTime(d.EnableDate)})
		}
	}
	return out, nil
}

// listVirtual adds root's virtual devices (assigned to
// arn:aws:iam::ACCOUNT:root) and the unassigned ones to snap.
func (c *Client) listVirtual(ctx context.Context, snap *inventory.IAMSnapshot) error {
	rootARN := "arn:aws:iam::" + snap.AccountID + ":root"
	p := iam.NewListVirtualMFADevicesPaginator(c.iam, &iam.ListVirtualMFADevicesInput{MaxItems: c.maxItems()})
	var root, unassigned []inventory.IAMDevice
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return Explain(err, "ListVirtualMFADevices")
		}
		for _, d := range page.VirtualMFADevices {
			dev := inventory.IAMDevice{Serial: awssdk.ToString(d.SerialNumber), Type: inventory.IAMVirtual, Enabled: awssdk.ToTime(d.EnableDate)}
			switch {
			case d.User == nil:
				unassigned = append(unassigned, dev)
			case awssdk.ToString(d.User.Arn) == rootARN:
				dev.User = inventory.RootPrincipal
				root = append(root, dev)
			}
		}
	}
	snap.VirtualListed = true
	snap.Devices = append(snap.Devices, root...)
	snap.Unassigned = unassigned
	return nil
}

// addRootDevices adds root's devices as root itself lists them, those the
// virtual list did not already give.
func (c *Client) addRootDevices(ctx context.Context, snap *inventory.IAMSnapshot) error {
	devices, err := c.listMFADevices(ctx, "")
	if err != nil {
		return err
	}
	for _, d := range devices {
		d.User = inventory.RootPrincipal
		if !slices.ContainsFunc(snap.Devices, func(have inventory.IAMDevice) bool { return have.Serial == d.Serial }) {
			snap.Devices = append(snap.Devices, d)
		}
	}
	return nil
}
