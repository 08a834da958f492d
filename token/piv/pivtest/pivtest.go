// Package pivtest fakes the hardware keys that token/piv reads, for the
// tests of both front ends: Keys stands where a *piv.Scanner does (List
// for the command line, Watch for the app) and reports the states it is
// given, so a test can plug keys in and pull them out. token/piv's own
// tests run the real reading against virtual keys (internal/vyubikey) on
// pcscd.
package pivtest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/twofoldmfa/twofold/token/piv"
)

// Keys is a set of plugged-in keys. The zero value has none.
type Keys struct {
	mu       sync.Mutex
	snap     piv.Snapshot
	watchers []chan piv.Snapshot
}

// New returns Keys with the given keys plugged in.
func New(states ...piv.State) *Keys {
	k := &Keys{}
	k.snap.Keys = sortBySerial(states)
	return k
}

// Set replaces the keys plugged in (and the error reading them gives),
// and tells every watcher.
func (k *Keys) Set(states []piv.State, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.snap = piv.Snapshot{Keys: sortBySerial(states), Err: err}
	for _, w := range k.watchers {
		select {
		case <-w: // drop a snapshot not read yet: only the latest counts
		default:
		}
		w <- k.snap
	}
}

// List is piv.Scanner.List: the keys plugged in, with no key at all
// piv.ErrNoKey unless an error was set.
func (k *Keys) List(ctx context.Context) ([]piv.State, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.snap.Err == nil && len(k.snap.Keys) == 0 {
		return nil, piv.ErrNoKey
	}
	return slices.Clone(k.snap.Keys), k.snap.Err
}

// Watch is piv.Scanner.Watch: a snapshot at once, then one for each Set.
// The channel closes when ctx ends.
func (k *Keys) Watch(ctx context.Context, _ time.Duration) <-chan piv.Snapshot {
	k.mu.Lock()
	in := make(chan piv.Snapshot, 1)
	in <- k.snap
	k.watchers = append(k.watchers, in)
	k.mu.Unlock()
	out := make(chan piv.Snapshot)
	go func() {
		defer close(out)
		defer k.unwatch(in)
		for {
			select {
			case s := <-in:
				select {
				case out <- s:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func (k *Keys) unwatch(in chan piv.Snapshot) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.watchers = slices.DeleteFunc(k.watchers, func(w chan piv.Snapshot) bool { return w == in })
}

func sortBySerial(states []piv.State) []piv.State {
	out := slices.Clone(states)
	slices.SortFunc(out, func(a, b piv.State) int { return int(a.Serial) - int(b.Serial) })
	return out
}

// Fresh is the state of a factory-fresh YubiKey 5 (firmware 5.4.3, PIN,
// PUK and management key at their defaults, empty slots) as token/piv
// reads one, with the findings token/piv gives it at now.
func Fresh(serial uint32, now time.Time) piv.State {
	three, yes := 3, true
	cred := func() piv.Credential {
		left, most, def := three, three, yes
		return piv.Credential{RetriesLeft: &left, MaxRetries: &most, Default: &def}
	}
	def := yes
	st := piv.State{
		Serial:        serial,
		Reader:        "Yubico YubiKey OTP+FIDO+CCID",
		Firmware:      "5.4.3",
		FormFactor:    "USB-A Keychain",
		PIN:           cred(),
		PUK:           cred(),
		ManagementKey: piv.ManagementKey{Algorithm: "3des", Default: &def},
	}
	for _, s := range [][2]string{{"9a", "authentication"}, {"9c", "signature"}, {"9d", "key_management"}, {"9e", "card_authentication"}} {
		st.Slots = append(st.Slots, piv.Slot{Slot: s[0], Name: s[1], Attestation: piv.AttestationNotApplicable})
	}
	st.Findings = piv.Findings(st, now)
	return st
}
