package vault

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/gofrs/flock"
)

// ErrUnchanged is what an edit's fn returns when it changed nothing: the
// edit then saves nothing and returns nil, so the file, and the previous
// version kept in PATH.bak, stay as they were (an import of seeds the
// vault already holds must not push the last real change out of .bak).
var ErrUnchanged = errors.New("nothing to save")

// unlessUnchanged is fn's error, or nil when fn said it changed nothing.
func unlessUnchanged(err error) error {
	if errors.Is(err, ErrUnchanged) {
		return nil
	}
	return err
}

// Edit opens the vault, runs fn on it and saves it, waiting up to
// DefaultLockWait for other writers. See EditWithin.
func Edit(path, passphrase string, fn func(*Vault) error) error {
	return EditWithin(path, passphrase, defaultLockWait, fn)
}

// EditWithin opens the vault, runs fn on it and saves it; if fn returns
// an error nothing is saved (and ErrUnchanged is no error). The slow work, two key derivations (one to
// decrypt the file, one to encrypt the new one), runs without the lock
// (side by side when their memory allows, see openAndPrepare), so
// writers in other processes overlap. Under the
// lock the file is checked to be the one decrypted, and replaced. When
// another writer saved meanwhile, this one waits for the lock, and
// holding it reads the file again, runs fn again on what it holds, and
// saves: its turn cannot be taken twice, so every writer gets through.
// fn may therefore run twice, each time on a fresh Vault; it must change
// only the vault (EditLocked is for changes with effects outside it).
//
// wait bounds each wait for the lock; past it the error is ErrLocked.
func EditWithin(path, passphrase string, wait time.Duration, fn func(*Vault) error) error {
	return EditWithinKey(path, Passphrase(passphrase), wait, fn)
}

// EditWithinKey is EditWithin with any way in (see Key).
func EditWithinKey(path string, key Key, wait time.Duration, fn func(*Vault) error) error {
	path = resolveSymlinks(path)
	raw, err := readVault(path)
	if err != nil {
		return err
	}
	v, s, err := openAndPrepare(path, raw, key)
	if err != nil {
		return err
	}
	if err := fn(v); err != nil {
		return unlessUnchanged(err)
	}
	err = withLock(path, wait, func() error {
		current, err := readVaultFile(path)
		if err != nil {
			return fmt.Errorf("reading vault before saving: %w", err)
		}
		if sha256.Sum256(current) != v.onDisk {
			return ErrConflict
		}
		return v.sealAndWrite(s)
	})
	if !errors.Is(err, ErrConflict) {
		return err
	}
	// Another writer saved first: this writer's turn, holding the lock.
	return withLock(path, wait, func() error {
		v, err := OpenKey(path, key)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return unlessUnchanged(err)
		}
		if v.slots == nil && (s == nil || s.workFactor != v.workFactor) { // the file's cost changed meanwhile
			if s, err = newSealer(v.passphrase, v.workFactor); err != nil {
				return err
			}
		}
		return v.sealAndWrite(s)
	})
}

// EditLocked opens the vault, runs fn on it and saves it, holding the
// lock from before reading until after saving, so fn runs once, on the
// latest file. It is for changes with effects outside the vault (a seed
// written to a hardware key, a device created in IAM) that must not be
// repeated; fn may call Save to keep a step on disk before the next.
// Other writers wait while fn runs.
func EditLocked(path, passphrase string, wait time.Duration, fn func(*Vault) error) error {
	return EditLockedKey(path, Passphrase(passphrase), wait, fn)
}

// EditLockedKey is EditLocked with any way in (see Key).
func EditLockedKey(path string, key Key, wait time.Duration, fn func(*Vault) error) error {
	path = resolveSymlinks(path)
	var lock *flock.Flock
	return withLockHeld(path, wait, &lock, func() error {
		v, err := OpenKey(path, key)
		if err != nil {
			return err
		}
		v.lock = lock
		defer func() { v.lock = nil }()
		if err := fn(v); err != nil {
			return unlessUnchanged(err)
		}
		return v.Save()
	})
}

// maxSideBySideKDF bounds the memory of the two key derivations of an
// edit when they run side by side: scrypt takes 2^logN KiB (r=8), so at
// RecommendedWorkFactor (128 MiB each) they run one after the other,
// keeping a write, an import with its data included, under 300 MB; at
// lower costs they overlap.
const maxSideBySideKDF = 128 << 20

// openAndPrepare decrypts raw and prepares the encryption of the next
// save at the file's work factor: at the same time on another core when
// both derivations fit in maxSideBySideKDF, else one after the other. A
// vault with slots needs no derivation to be saved: its sealer is nil.
func openAndPrepare(path string, raw []byte, key Key) (*Vault, *sealer, error) {
	if hasSlots(raw) {
		v, err := openRaw(path, raw, key)
		return v, nil, err
	}
	passphrase := key.passphrase()
	if passphrase == "" {
		return nil, nil, fmt.Errorf("%w: the vault opens with its passphrase only", ErrNoSuchWay)
	}
	workFactor, err := checkedWorkFactor(raw)
	if err != nil {
		return nil, nil, err // refused before any work; prepare nothing either
	}
	if 2*(int64(1)<<(workFactor+10)) > maxSideBySideKDF {
		v, err := openRaw(path, raw, key)
		if err != nil {
			return nil, nil, err
		}
		s, err := newSealer(passphrase, workFactor)
		if err != nil {
			return nil, nil, err
		}
		return v, s, nil
	}
	type prepared struct {
		s   *sealer
		err error
	}
	ready := make(chan prepared, 1)
	go func() {
		s, err := newSealer(passphrase, workFactor)
		ready <- prepared{s, err}
	}()
	v, err := openRaw(path, raw, key)
	p := <-ready
	if err != nil {
		return nil, nil, err
	}
	if p.err != nil {
		return nil, nil, p.err
	}
	return v, p.s, nil
}

// Save encrypts the vault's data and replaces the file atomically. The
// key derivation runs before the lock is taken. If another process saved
// the file since this Vault read or wrote it, nothing is written and the
// error is ErrConflict.
func (v *Vault) Save() error {
	if v.wiped {
		return ErrWiped
	}
	var s *sealer
	if v.slots == nil { // a vault with slots needs no derivation
		var err error
		if s, err = newSealer(v.passphrase, v.workFactor); err != nil {
			return err
		}
	}
	if v.lock != nil { // inside EditLocked: the lock is held already
		return v.saveUnchanged(s)
	}
	wait := v.lockWait
	if wait == 0 {
		wait = defaultLockWait
	}
	return withLock(v.path, wait, func() error { return v.saveUnchanged(s) })
}

// SetLockWait sets how long Save waits for another process's lock
// (DefaultLockWait when not set).
func (v *Vault) SetLockWait(d time.Duration) { v.lockWait = d }

// saveUnchanged writes the vault with s if the file is still the one
// this Vault last read or wrote; the lock must be held.
func (v *Vault) saveUnchanged(s *sealer) error {
	current, err := readVaultFile(v.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading vault before saving: %w", err)
	}
	if err == nil && sha256.Sum256(current) != v.onDisk {
		return ErrConflict
	}
	return v.sealAndWrite(s)
}

// sealAndWrite encrypts the data with s and replaces the file; the lock
// must be held.
func (v *Vault) sealAndWrite(s *sealer) error {
	if v.slots != nil { // the slots as they are now, fn's changes included
		var err error
		if s, err = newSlotSealer(v.slots, v.identity); err != nil {
			return err
		}
	}
	v.Data.Version = SchemaVersion
	revision, ancestors := v.Data.Revision, v.Data.Ancestors
	v.Data.stamp(v.saved, clock(), LocalWriter())
	ciphertext, err := s.seal(v.Data)
	if err == nil {
		err = v.writeFile(ciphertext)
	}
	if err != nil {
		v.Data.Revision, v.Data.Ancestors = revision, ancestors
		return err
	}
	v.remember()
	return nil
}

// withLock runs fn holding the exclusive lock of the vault at path,
// waiting up to wait for another process to release it.
func withLock(path string, wait time.Duration, fn func() error) error {
	var lock *flock.Flock
	return withLockHeld(path, wait, &lock, fn)
}

// withLockHeld is withLock that also hands fn the lock (through held).
func withLockHeld(path string, wait time.Duration, held **flock.Flock, fn func() error) error {
	lock, err := newLock(path)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ok, err := lock.TryLockContext(ctx, 20*time.Millisecond)
	if !ok {
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("locking vault: %w", err)
		}
		return &LockedError{Waited: wait}
	}
	defer lock.Unlock()
	*held = lock
	return fn()
}

// LockedError is returned when another process held the vault's lock for
// longer than the caller would wait. errors.Is(err, ErrLocked) holds.
type LockedError struct {
	Waited time.Duration
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%v (waited %v)", ErrLocked, e.Waited)
}

func (e *LockedError) Is(target error) bool { return target == ErrLocked }
