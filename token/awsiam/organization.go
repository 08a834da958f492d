package awsiam

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/twofoldmfa/twofold/token/inventory"
)

// DefaultRole is the role an organization sync assumes in each member
// account: the one Organizations creates in the accounts it creates.
const DefaultRole = "OrganizationAccountAccessRole"

// DefaultParallel is how many member accounts an organization sync reads
// at once; the SDK's retryer absorbs AWS's throttling beyond that.
const DefaultParallel = 8

// Organization reads every account of an AWS organization. *Client is
// the real one.
type Organization interface {
	ReadOrganization(ctx context.Context, opts OrgOptions) (OrgRead, error)
}

// OrgOptions says how to read an organization.
type OrgOptions struct {
	// Role is the role to assume in each member account; DefaultRole
	// when empty.
	Role string
	// Parallel bounds the accounts read at once; DefaultParallel when
	// zero or less.
	Parallel int
	// Progress, when not nil, hears of each account as its reading ends
	// (account N of M), one call at a time, from any goroutine.
	Progress func(Progress)
}

// Progress is one account read (or not) during an organization sync.
type Progress struct {
	Done, Total int
	Account     Member
	// Err is why the account was not read; nil when it was, or when it
	// was skipped as not active.
	Err error
}

// Member is an account of the organization as Organizations lists it.
type Member struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// State is Organizations' state of the account: "ACTIVE",
	// "SUSPENDED", "PENDING_CLOSURE", ...
	State string `json:"state"`
}

// Active reports whether the account can be read.
func (m Member) Active() bool { return m.State == string(orgtypes.AccountStateActive) }

// MemberRead is what an organization sync read of one account.
type MemberRead struct {
	Account Member
	// Snapshot is the account's IAM, when it was read.
	Snapshot inventory.IAMSnapshot
	// Skipped is set for an account that is not active: not read.
	Skipped bool
	// Err is why an active account could not be read: a *RoleError, an
	// ErrAccessDenied, ErrThrottled...
	Err error
}

// Read reports whether the account's IAM was read.
func (m MemberRead) Read() bool { return !m.Skipped && m.Err == nil }

// OrgRead is what an organization sync read.
type OrgRead struct {
	// Caller is the account whose credentials did the reading (the
	// management account or a delegated administrator), read with them.
	Caller string
	// RootCredentialsManaged is set when the organization manages root
	// credentials centrally (ListOrganizationsFeatures lists
	// RootCredentialsManagement); FeaturesKnown when that call answered.
	RootCredentialsManaged bool
	FeaturesKnown          bool
	// Accounts are the organization's accounts, in Organizations' order.
	Accounts []MemberRead
}

// Complete reports whether every active account was read.
func (o OrgRead) Complete() bool {
	return !slices.ContainsFunc(o.Accounts, func(m MemberRead) bool { return !m.Skipped && m.Err != nil })
}

// Snapshots are the snapshots of the accounts read.
func (o OrgRead) Snapshots() []inventory.IAMSnapshot {
	var out []inventory.IAMSnapshot
	for _, m := range o.Accounts {
		if m.Read() {
			out = append(out, m.Snapshot)
		}
	}
	return out
}

// RoleError is a member account whose role could not be assumed.
type RoleError struct {
	Account string
	Role    string // the role's ARN
	Err     error  // Explain's error for the AssumeRole call
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("assuming %s: %v", e.Role, e.Err)
}

// Is makes errors.Is(err, ErrRoleRefused) true when AWS refused the role.
func (e *RoleError) Is(target error) bool {
	return target == ErrRoleRefused && errors.Is(e.Err, ErrAccessDenied)
}

func (e *RoleError) Unwrap() error { return e.Err }

// ReadOrganization implements Organization: it lists the organization's
// accounts (organizations:ListAccounts), asks IAM whether root access is
// managed centrally, and takes a Snapshot of each active account, the
// caller's own with the caller's credentials and each other one through
// sts:AssumeRole into opts.Role there, at most opts.Parallel at once. An
// account that cannot be read says why in its MemberRead and the others
// go on; AWS out of reach, or ctx ended, fails the whole read.
func (c *Client) ReadOrganization(ctx context.Context, opts OrgOptions) (OrgRead, error) {
	var out OrgRead
	who, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return out, Explain(err, "GetCallerIdentity")
	}
	out.Caller = awssdk.ToString(who.Account)
	members, err := c.listAccounts(ctx)
	if err != nil {
		return out, err
	}
	if f, err := c.iam.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{}); err == nil {
		out.FeaturesKnown = true
		out.RootCredentialsManaged = slices.Contains(f.EnabledFeatures, iamtypes.FeatureTypeRootCredentialsManagement)
	} else if err := Explain(err, "ListOrganizationsFeatures"); errors.Is(err, ErrNetwork) || errors.Is(err, context.Canceled) {
		return out, err
	}
	out.Accounts = make([]MemberRead, len(members))
	role := opts.Role
	if role == "" {
		role = DefaultRole
	}
	parallel := opts.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
		sem  = make(chan struct{}, parallel)
	)
	for i, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := MemberRead{Account: m, Skipped: !m.Active()}
			if !r.Skipped {
				r.Snapshot, r.Err = c.readMember(ctx, m, role, out.Caller)
				r.Snapshot.RootCredentialsManaged = out.RootCredentialsManaged
			}
			mu.Lock()
			defer mu.Unlock()
			out.Accounts[i] = r
			done++
			if opts.Progress != nil {
				opts.Progress(Progress{Done: done, Total: len(members), Account: m, Err: r.Err})
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("reading the organization: %w", err)
	}
	for _, r := range out.Accounts {
		if errors.Is(r.Err, ErrNetwork) {
			return out, fmt.Errorf("account %s: %w", r.Account.ID, r.Err)
		}
	}
	return out, nil
}

func (c *Client) listAccounts(ctx context.Context) ([]Member, error) {
	org := organizations.NewFromConfig(c.cfg)
	var in organizations.ListAccountsInput
	if c.PageSize > 0 {
		in.MaxResults = awssdk.Int32(c.PageSize)
	}
	var out []Member
	p := organizations.NewListAccountsPaginator(org, &in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err := Explain(err, "ListAccounts"); errors.Is(err, ErrAccessDenied) {
			return nil, fmt.Errorf("%w (%w)", ErrNoOrganizationAccess, err)
		} else if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			state := string(a.State)
			if state == "" {
				state = string(a.Status)
			}
			out = append(out, Member{ID: awssdk.ToString(a.Id), Name: awssdk.ToString(a.Name), Email: awssdk.ToString(a.Email), State: state})
		}
	}
	return out, nil
}

// readMember takes a snapshot of account m: with the caller's own
// credentials when m is the caller's account, else as role there.
func (c *Client) readMember(ctx context.Context, m Member, role, caller string) (inventory.IAMSnapshot, error) {
	api := c
	if m.ID != caller {
		arn := "arn:aws:iam::" + m.ID + ":role/" + role
		cfg := c.cfg.Copy()
		cfg.Credentials = awssdk.NewCredentialsCache(stscreds.NewAssumeRoleProvider(c.sts, arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "twofold-sync"
		}))
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return inventory.IAMSnapshot{}, &RoleError{Account: m.ID, Role: arn, Err: Explain(err, "AssumeRole")}
		}
		api = &Client{cfg: cfg, iam: iam.NewFromConfig(cfg), sts: sts.NewFromConfig(cfg), PageSize: c.PageSize}
	}
	snap, err := api.Snapshot(ctx)
	snap.AccountName, snap.AccountEmail = m.Name, m.Email
	if err == nil && snap.AccountID != m.ID {
		err = fmt.Errorf("account %s answered as account %s", m.ID, snap.AccountID)
	}
	return snap, err
}
