package ui

import (
	"crypto/subtle"
	"errors"
	"slices"
	"sync"

	"github.com/twofoldmfa/twofold/internal/secretfile"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
	"github.com/twofoldmfa/twofold/token/transfer"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errNotCurrent is a passphrase change's problem when the current
// passphrase typed is not the vault's.
var errNotCurrent = errors.New("not the current passphrase")

// errSamePassphrase is a passphrase change's problem when the new one is
// the one it replaces.
var errSamePassphrase = errors.New("new passphrase is the current one")

// vaultSession is the unlocked vault. It alone holds the *vault.Vault, the
// passphrase that opens its file again, and the holds of work in flight
// that keeps a locked vault from being wiped; the screens change the
// vault through it (Edit) and hear of every change through Subscribe.
//
// Edit, Reload and the rest are called on the UI goroutine; they run the
// slow part (the KDF of a save) in a goroutine and call back on the UI
// goroutine. ChangePassphrase and Backup block and are called off it.
type vaultSession struct {
	path string
	// work counts the goroutines in flight, so that tests can wait; do
	// runs their results on the UI goroutine (Options.Do).
	work *sync.WaitGroup
	do   func(func())

	// mu guards vault, passphrase and held, which save goroutines use.
	mu         sync.Mutex
	vault      *vault.Vault
	passphrase string
	held       map[*vault.Vault]*vaultHold

	// UI goroutine only: the copy of the data the screens show (seeds
	// nil while locked) and who hears of changes.
	shown     view
	listeners []*listener
}

// listener is one subscriber of a vaultSession.
type listener struct{ fn func(view) }

func newSession(path string, work *sync.WaitGroup, do func(func())) *vaultSession {
	return &vaultSession{path: path, work: work, do: do}
}

// start makes v, unlocked with passphrase, the session's vault and tells
// the listeners. UI goroutine.
func (s *vaultSession) start(v *vault.Vault, passphrase string) {
	s.mu.Lock()
	s.vault, s.passphrase = v, passphrase
	after := viewOf(&v.Data)
	s.mu.Unlock()
	s.publish(after)
}

// unlocked reports whether a vault is open. UI goroutine.
func (s *vaultSession) unlocked() bool { return s.shown.seeds != nil }

// Subscribe has fn hear every change of the data, on the UI goroutine,
// with the new copy; cancel stops it.
func (s *vaultSession) Subscribe(fn func(view)) (cancel func()) {
	l := &listener{fn: fn}
	s.listeners = append(s.listeners, l)
	return func() {
		s.listeners = slices.DeleteFunc(s.listeners, func(x *listener) bool { return x == l })
	}
}

// publish makes after the data shown and tells the listeners, in the
// order they subscribed. A listener may cancel itself or another.
func (s *vaultSession) publish(after view) {
	s.shown = after
	for _, l := range slices.Clone(s.listeners) {
		if slices.Contains(s.listeners, l) {
			l.fn(after)
		}
	}
}

// Edit applies fn to the vault's data and saves, in a goroutine; then,
// on the UI goroutine, the listeners hear of the data (changed, or put
// back as it was) and done gets the error. When fn or the save fails the
// data is exactly as before (vault.SaveChange). A change fn reports as
// vault.ErrUnchanged is not saved and is no error. While locked, done
// gets errLockedMeanwhile.
func (s *vaultSession) Edit(fn func(d *vault.Data) error, done func(error)) {
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		after, err := s.apply(fn)
		s.do(func() { s.finish(after, err, done) })
	}()
}

// apply is Edit's work, off the UI goroutine.
func (s *vaultSession) apply(fn func(d *vault.Data) error) (view, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.vault
	if v == nil {
		return view{}, errLockedMeanwhile
	}
	err := v.SaveChange(fn)
	if errors.Is(err, vault.ErrUnchanged) {
		// Nothing changed: nothing is saved, and PATH.bak keeps the
		// last real change.
		err = nil
	}
	return viewOf(&v.Data), err
}

// finish hands an edit's result out on the UI goroutine.
func (s *vaultSession) finish(after view, err error, done func(error)) {
	if errors.Is(err, errLockedMeanwhile) || !s.unlocked() {
		done(errLockedMeanwhile)
		return
	}
	s.publish(after)
	done(err)
}

// Reload opens the vault file again with the passphrase it was unlocked
// with (another process saved it), in a goroutine; the listeners hear of
// the data read and done gets the error. On an error the vault in memory
// is the one before.
func (s *vaultSession) Reload(done func(error)) {
	s.mu.Lock()
	pass := s.passphrase
	s.mu.Unlock()
	if pass == "" {
		done(errLockedMeanwhile)
		return
	}
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		v, err := vault.Open(s.path, pass)
		var after view
		var old *vault.Vault
		if err == nil {
			s.mu.Lock()
			if s.vault == nil {
				err = errLockedMeanwhile
				v.Wipe()
			} else {
				old, s.vault = s.vault, v
				after = viewOf(&v.Data)
			}
			s.mu.Unlock()
		}
		s.do(func() {
			s.finish(after, err, done)
			if old != nil {
				// The screens show the new copy now: the old one's
				// secrets can go.
				s.mu.Lock()
				s.release(old)
				s.mu.Unlock()
			}
		})
	}()
}

// Lock drops the vault, zeroing its passphrase and secrets (vault.Wipe:
// the shown copies of the seeds share those bytes) unless work holds it,
// and empties the data shown. The listeners are not told: the window
// that locks empties its screens itself. UI goroutine.
func (s *vaultSession) Lock() {
	s.mu.Lock()
	if v := s.vault; v != nil {
		s.release(v)
	}
	s.vault, s.passphrase = nil, ""
	s.mu.Unlock()
	s.shown = view{}
}

// release wipes v, which is no longer the session's, now or (held) when
// its last hold goes; mu is held.
func (s *vaultSession) release(v *vault.Vault) {
	if h := s.held[v]; h != nil {
		h.wipe = true // by the last release
		return
	}
	v.Wipe()
}

// ChangePassphrase re-encrypts the vault under next once current is
// shown to be its passphrase (vault.ChangePassphrase, which replaces the
// .bak copy too). It blocks: call it off the UI goroutine.
func (s *vaultSession) ChangePassphrase(current, next string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vault == nil {
		return errLockedMeanwhile
	}
	if subtle.ConstantTimeCompare([]byte(current), []byte(s.passphrase)) != 1 {
		return errNotCurrent
	}
	if next == current {
		return errSamePassphrase
	}
	if err := s.vault.ChangePassphrase(next); err != nil {
		return err
	}
	s.passphrase = next
	return nil
}

// Backup writes the vault's data to path, encrypted under pass
// (transfer.EncodeBackup), and returns how many seeds it holds. It
// blocks: call it off the UI goroutine.
func (s *vaultSession) Backup(path, pass string) (seeds int, err error) {
	s.mu.Lock()
	if s.vault == nil {
		s.mu.Unlock()
		return 0, errLockedMeanwhile
	}
	b, err := transfer.EncodeBackup(s.vault.Data, pass)
	seeds = len(s.vault.Data.Seeds)
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return seeds, secretfile.Write(path, b, true, s.path)
}

// vaultHold counts the work that keeps a vault from being wiped.
type vaultHold struct {
	n    int
	wipe bool // locked meanwhile: wipe once the last hold is released
}

// heldVault is the vault unlocked when work with effects outside it
// began (an AWS enrollment): its changes are saved to that vault even
// after the app locked, so that a rollback can still take a seed out.
type heldVault struct {
	s *vaultSession
	v *vault.Vault
}

// Hold returns a change that saves to the vault unlocked now (the
// vault.EnrollStore Change; see heldVault.Change), or false while
// locked, and a release to call when done with it. Until then a lock
// does not wipe that vault; the last release does.
func (s *vaultSession) Hold() (change func(fn func(d *vault.Data) error) error, release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.vault
	if v == nil {
		return nil, func() {}, false
	}
	if s.held == nil {
		s.held = map[*vault.Vault]*vaultHold{}
	}
	h := s.held[v]
	if h == nil {
		h = &vaultHold{}
		s.held[v] = h
	}
	h.n++
	var once sync.Once
	return (&heldVault{s: s, v: v}).Change, func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if h.n--; h.n > 0 {
				return
			}
			delete(s.held, v)
			if h.wipe {
				v.Wipe()
			}
		})
	}, true
}

// Change applies fn to the held vault's data and saves it, leaving the
// data as it was when either fails (the vault.EnrollStore Change); while
// it is still the session's vault the listeners hear of it. It blocks:
// call it off the UI goroutine.
func (h *heldVault) Change(fn func(d *vault.Data) error) error {
	s := h.s
	s.mu.Lock()
	err := h.v.SaveChange(fn)
	current := s.vault == h.v
	var after view
	if current {
		after = viewOf(&h.v.Data)
	}
	s.mu.Unlock()
	if current {
		s.do(func() {
			if s.unlocked() {
				s.publish(after)
			}
		})
	}
	return err
}

// view is a copy of the vault's data for the screens, sharing no memory
// with the vault, which save goroutines change.
type view struct {
	seeds    []token.Seed
	accounts []inventory.Account
	keys     []inventory.KeyRecord
	// codes tallies the recovery codes kept, by account ID; never a code.
	codes map[string]inventory.CodeTally
}

// viewOf copies what the screens show of d; seeds is never nil.
func viewOf(d *vault.Data) view {
	c := d.Clone()
	v := view{seeds: c.Seeds, accounts: c.Accounts, keys: c.Keys, codes: d.RecoveryCodeTallies()}
	if v.seeds == nil {
		v.seeds = []token.Seed{}
	}
	return v
}

// seedByID returns the shown copy of the seed with id.
func (v view) seedByID(id string) (token.Seed, bool) {
	for _, s := range v.seeds {
		if s.ID == id {
			return s, true
		}
	}
	return token.Seed{}, false
}

// accountByID returns the shown copy of the account with id.
func (v view) accountByID(id string) (inventory.Account, bool) {
	for _, a := range v.accounts {
		if a.ID == id {
			return a, true
		}
	}
	return inventory.Account{}, false
}
