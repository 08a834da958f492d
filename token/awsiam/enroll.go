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

// The steps of an enrollment (EnrollError.Step).
const (
	StepCreate = "create_device" // creating the device in IAM
	StepStore  = "store_seed"    // storing the seed in the vault
	StepWait   = "wait_for_code" // waiting for the next code
	StepCodes  = "compute_codes" // computing the two codes
	StepEnable = "enable_device" // enabling the device with them
	StepRecord = "record_factor" // recording the factor in the inventory
)

// The kinds of Undo.
const (
	UndoDeactivate = "deactivate_device"    // deactivate Serial for User in IAM
	UndoDelete     = "delete_device"        // delete the virtual device Serial in IAM
	UndoRemoveSeed = "remove_seed_in_vault" // take the seed SeedID out of the vault
)

// Undo is one step of undoing an enrollment: done, or (with Err) left
// for the user to do by hand.
type Undo struct {
	Kind   string
	Serial string
	User   string
	SeedID string
	Err    error
}

// EnrollError says which step of Enroll failed and what was undone, as
// data; Error words it in English.
type EnrollError struct {
	Step      string // StepCreate, StepStore, ...
	Err       error
	Undone    []Undo
	NotUndone []Undo // what could not be undone and is left behind
}

var stepWords = map[string]string{
	StepCreate: "creating the device", StepStore: "storing the seed in the vault", StepWait: "waiting for the next code",
	StepCodes: "computing the codes", StepEnable: "enabling the device", StepRecord: "recording the factor",
}

func (u Undo) words() string {
	switch u.Kind {
	case UndoDeactivate:
		return "deactivated the device for " + u.User
	case UndoDelete:
		return "deleted the virtual MFA device " + u.Serial + " in IAM"
	case UndoRemoveSeed:
		return "removed the seed from the vault"
	}
	return u.Kind
}

func (u Undo) todo() string {
	switch u.Kind {
	case UndoDeactivate:
		return fmt.Sprintf("deactivate %s for %s (%v)", u.Serial, u.User, u.Err)
	case UndoDelete:
		return fmt.Sprintf("delete the virtual MFA device %s (%v)", u.Serial, u.Err)
	case UndoRemoveSeed:
		return fmt.Sprintf("remove the seed %s from the vault (%v)", u.SeedID, u.Err)
	}
	return u.Kind
}

func (e *EnrollError) Error() string {
	msg := fmt.Sprintf("%s: %v", stepWords[e.Step], e.Err)
	var undone, todo []string
	for _, u := range e.Undone {
		undone = append(undone, u.words())
	}
	for _, u := range e.NotUndone {
		todo = append(todo, u.todo())
	}
	switch {
	case len(undone) == 0 && len(todo) == 0:
		msg += "; nothing was changed"
	case len(undone) > 0:
		msg += "; undone: " + strings.Join(undone, ", ")
	}
	if len(todo) > 0 {
		msg += "; NOT undone, do it by hand: " + strings.Join(todo, ", ")
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
		return Enrolled{}, &EnrollError{Step: StepCreate, Err: err}
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
		return Enrolled{}, undo.fail(StepStore, err)
	}
	undo.seedID = seed.ID
	if err := clock.Sleep(ctx, seed.Remaining(clock.Now())); err != nil {
		return Enrolled{}, undo.fail(StepWait, err)
	}
	at := clock.Now()
	first, err1 := seed.Code(at.Add(-time.Duration(seed.Period) * time.Second))
	second, err2 := seed.Code(at)
	if err := errors.Join(err1, err2); err != nil {
		return Enrolled{}, undo.fail(StepCodes, err)
	}
	if err := api.EnableMFADevice(ctx, req.User, dev.Serial, first, second); err != nil {
		// A lost answer may hide a success: deactivating is harmless.
		undo.enabled = !errors.Is(err, ErrInvalidCode) && !errors.Is(err, ErrDeviceLimit)
		return Enrolled{}, undo.fail(StepEnable, err)
	}
	undo.enabled = true
	enabled := at.UTC().Truncate(time.Second)
	if err := store.RecordDevice(seed.ID, inventory.IAMDevice{Serial: dev.Serial, Type: inventory.IAMVirtual, User: req.User, Enabled: enabled}); err != nil {
		return Enrolled{}, undo.fail(StepRecord, err)
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
		u := Undo{Kind: UndoDeactivate, Serial: r.serial, User: r.user}
		switch u.Err = r.api.DeactivateMFADevice(ctx, r.user, r.serial); {
		case u.Err == nil:
			e.Undone = append(e.Undone, u)
		case errors.Is(u.Err, ErrNoSuchEntity):
			// It was never enabled.
		default:
			e.NotUndone = append(e.NotUndone, u)
		}
	}
	u := Undo{Kind: UndoDelete, Serial: r.serial}
	if u.Err = r.api.DeleteVirtualMFADevice(ctx, r.serial); u.Err != nil {
		e.NotUndone = append(e.NotUndone, u)
	} else {
		e.Undone = append(e.Undone, u)
	}
	if r.seedID != "" {
		u := Undo{Kind: UndoRemoveSeed, SeedID: r.seedID}
		if u.Err = r.store.RemoveSeed(r.seedID); u.Err != nil {
			e.NotUndone = append(e.NotUndone, u)
		} else {
			e.Undone = append(e.Undone, u)
		}
	}
	return e
}
