package awsiam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// Clock is the time Enroll reads and waits on; tests pass one that does
// not really sleep.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends (returning its error).
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep implements Clock.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Store is where Enroll keeps the new seed: each method saves at once,
// so the seed is safe in the vault before IAM starts to require it.
type Store interface {
	// AddSeed stores s and returns it as stored, with its id.
	AddSeed(s token.Seed) (token.Seed, error)
	// RecordDevice records the enabled device as a factor of the seed's
	// account in the inventory.
	RecordDevice(seedID string, dev inventory.IAMDevice) error
	// RemoveSeed takes the seed out again.
	RemoveSeed(seedID string) error
}

// Enrollment is what to enroll: a virtual MFA device for an IAM user.
type Enrollment struct {
	User string
	// DeviceName names the device in IAM; the user's name when empty.
	DeviceName string
}

// Enrolled is a device enrolled and its seed stored, as data that each
// front end words.
type Enrolled struct {
	User      string
	Serial    string
	AccountID string
	Seed      token.Seed // as stored, with its id
	Enabled   time.Time
}

// EnrollError says which step of Enroll failed and what was undone.
type EnrollError struct {
	Step      string // "creating the device", "storing the seed", ...
	Err       error
	Undone    []string
	NotUndone []string // what could not be undone and is left behind
}

func (e *EnrollError) Error() string {
	msg := fmt.Sprintf("%s: %v", e.Step, e.Err)
	switch {
	case len(e.Undone) == 0 && len(e.NotUndone) == 0:
		msg += "; nothing was changed"
	case len(e.Undone) > 0:
		msg += "; undone: " + strings.Join(e.Undone, ", ")
	}
	if len(e.NotUndone) > 0 {
		msg += "; NOT undone, do it by hand: " + strings.Join(e.NotUndone, ", ")
	}
	return msg
}

func (e *EnrollError) Unwrap() error { return e.Err }

// Enroll creates a virtual MFA device, stores its seed in the vault at
// once, waits for the next period boundary and enables the device with
// the two consecutive codes that end there (codes AWS accepts, rather
// than a code of the future), and records the factor. When a step fails
// the earlier ones are undone (device deactivated and deleted, seed taken
// out of the vault) and the *EnrollError says what happened.
func Enroll(ctx context.Context, api IAM, store Store, clock Clock, req Enrollment) (Enrolled, error) {
	name := req.DeviceName
	if name == "" {
		name = req.User
	}
	dev, err := api.CreateVirtualMFADevice(ctx, name)
	if err != nil {
		return Enrolled{}, &EnrollError{Step: "creating the device", Err: err}
	}
	account := inventory.AccountOfARN(dev.Serial)
	secret, err := token.NormalizeSecret(dev.Secret)
	var seed token.Seed
	undo := rollback{ctx: ctx, api: api, store: store, serial: dev.Serial, user: req.User}
	if err == nil {
		seed = token.Seed{Kind: token.TOTP, Issuer: aws.Issuer, Account: req.User + "@" + account, Secret: secret, Algorithm: token.SHA1, Digits: 6, Period: 30}
		seed, err = store.AddSeed(seed)
	}
	if err != nil {
		return Enrolled{}, undo.fail("storing the seed in the vault", err)
	}
	undo.seedID = seed.ID
	if err := clock.Sleep(ctx, seed.Remaining(clock.Now())); err != nil {
		return Enrolled{}, undo.fail("waiting for the next code", err)
	}
	at := clock.Now()
	first, err1 := seed.Code(at.Add(-time.Duration(seed.Period) * time.Second))
	second, err2 := seed.Code(at)
	if err := errors.Join(err1, err2); err != nil {
		return Enrolled{}, undo.fail("computing the codes", err)
	}
	if err := api.EnableMFADevice(ctx, req.User, dev.Serial, first, second); err != nil {
		// A lost answer may hide a success: deactivating is harmless.
		undo.enabled = !errors.Is(err, ErrInvalidCode) && !errors.Is(err, ErrDeviceLimit)
		return Enrolled{}, undo.fail("enabling the device", err)
	}
	undo.enabled = true
	enabled := at.UTC().Truncate(time.Second)
	if err := store.RecordDevice(seed.ID, inventory.IAMDevice{Serial: dev.Serial, Type: inventory.IAMVirtual, User: req.User, Enabled: enabled}); err != nil {
		return Enrolled{}, undo.fail("recording the factor", err)
	}
	return Enrolled{User: req.User, Serial: dev.Serial, AccountID: account, Seed: seed, Enabled: enabled}, nil
}

// rollback undoes the steps of an enrollment that went through.
type rollback struct {
	ctx     context.Context
	api     IAM
	store   Store
	serial  string
	user    string
	seedID  string
	enabled bool
}

func (r rollback) fail(step string, err error) *EnrollError {
	e := &EnrollError{Step: step, Err: err}
	// Undo even when ctx was cancelled: the undo must run.
	ctx := context.WithoutCancel(r.ctx)
	if r.enabled {
		err := r.api.DeactivateMFADevice(ctx, r.user, r.serial)
		switch {
		case err == nil:
			e.Undone = append(e.Undone, "deactivated the device for "+r.user)
		case errors.Is(err, ErrNoSuchEntity):
			// It was never enabled.
		default:
			e.NotUndone = append(e.NotUndone, fmt.Sprintf("deactivate %s for %s (%v)", r.serial, r.user, err))
		}
	}
	if err := r.api.DeleteVirtualMFADevice(ctx, r.serial); err != nil {
		e.NotUndone = append(e.NotUndone, fmt.Sprintf("delete the virtual MFA device %s (%v)", r.serial, err))
	} else {
		e.Undone = append(e.Undone, "deleted the virtual MFA device "+r.serial+" in IAM")
	}
	if r.seedID != "" {
		if err := r.store.RemoveSeed(r.seedID); err != nil {
			e.NotUndone = append(e.NotUndone, fmt.Sprintf("remove the seed %s from the vault (%v)", r.seedID, err))
		} else {
			e.Undone = append(e.Undone, "removed the seed from the vault")
		}
	}
	return e
}
