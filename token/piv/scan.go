package piv

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-piv/piv-go/v2/piv"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// Scanner reads the state of the keys present.
type Scanner struct {
	hw    Hardware
	roots *x509.CertPool
	now   func() time.Time
}

// Option configures a Scanner.
type Option func(*Scanner)

// WithHardware replaces the PC/SC system, for tests.
func WithHardware(h Hardware) Option { return func(s *Scanner) { s.hw = h } }

// WithAttestationRoots trusts these roots for attestation instead of
// Yubico's, for tests against a virtual key's test CA.
func WithAttestationRoots(p *x509.CertPool) Option { return func(s *Scanner) { s.roots = p } }

// WithClock sets the time findings are judged at.
func WithClock(now func() time.Time) Option { return func(s *Scanner) { s.now = now } }

// NewScanner returns a Scanner over PC/SC that trusts Yubico's attestation
// roots.
func NewScanner(opts ...Option) *Scanner {
	s := &Scanner{hw: PCSC{}, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// The four slots a state reports, NIST SP 800-73-4 part 1 table 4.
var mainSlots = []struct {
	slot piv.Slot
	name string
}{
	{piv.SlotAuthentication, "authentication"},
	{piv.SlotSignature, "signature"},
	{piv.SlotKeyManagement, "key_management"},
	{piv.SlotCardAuthentication, "card_authentication"},
}

// List reads every key present, sorted by serial. Keys that could not be
// read are left out and reported in the error (KeyError values joined);
// with no key at all the error is ErrNoReader or ErrNoKey.
func (s *Scanner) List(ctx context.Context) ([]State, error) {
	readers, err := s.hw.Readers()
	if err != nil {
		return nil, err
	}
	return s.read(ctx, readers)
}

func (s *Scanner) read(ctx context.Context, readers []ReaderStatus) ([]State, error) {
	if len(readers) == 0 {
		return nil, ErrNoReader
	}
	var states []State
	var errs []error
	for _, r := range readers {
		if !r.Present {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st, err := s.readKey(r.Name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		states = append(states, st)
	}
	slices.SortFunc(states, func(a, b State) int { return int(a.Serial) - int(b.Serial) })
	if len(states) == 0 && len(errs) == 0 {
		return nil, ErrNoKey
	}
	return states, errors.Join(errs...)
}

// One reads the single key present, or the one with the given serial when
// serial is not 0.
func (s *Scanner) One(ctx context.Context, serial uint32) (State, error) {
	states, err := s.List(ctx)
	if serial != 0 {
		for _, st := range states {
			if st.Serial == serial {
				return st, nil
			}
		}
		if err != nil {
			return State{}, err
		}
		return State{}, &smartcard.NoSuchKeyError{Serial: serial}
	}
	switch {
	case len(states) > 1:
		many := &MultipleKeysError{}
		for _, st := range states {
			many.Serials = append(many.Serials, st.Serial)
		}
		return State{}, many
	case len(states) == 1 && err == nil:
		return states[0], nil
	case err != nil:
		return State{}, err
	}
	return State{}, ErrNoKey
}

// Snapshot is one reading of the keys present.
type Snapshot struct {
	Keys []State
	Err  error
}

// Watch polls the readers every interval and sends a Snapshot at once and
// then whenever a key is plugged in or pulled out. Between changes a poll
// only asks PC/SC for the readers' event counters, without touching the
// keys. The channel closes when ctx ends.
func (s *Scanner) Watch(ctx context.Context, interval time.Duration) <-chan Snapshot {
	ch := make(chan Snapshot, 1)
	go func() {
		defer close(ch)
		var last string
		first := true
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			readers, err := s.hw.Readers()
			fp := fingerprint(readers, err)
			if first || fp != last {
				first = false
				snap := Snapshot{Err: err}
				if err == nil {
					snap.Keys, snap.Err = s.read(ctx, readers)
				}
				// A key pulled out mid-read shows up as a change at the
				// next poll; keep the fingerprint of what was read.
				last = fp
				select {
				case ch <- snap:
				case <-ctx.Done():
					return
				}
			}
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func fingerprint(readers []ReaderStatus, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error %v|", err)
	}
	for _, r := range readers {
		fmt.Fprintf(&b, "%s %t %d %x|", r.Name, r.Present, r.Events, r.ATR)
	}
	return b.String()
}

// readKey opens one reader's key and reads its state. Any failure is
// checked against the reader: a key no longer there becomes ErrRemoved.
func (s *Scanner) readKey(reader string) (State, error) {
	st, err := s.readOpen(reader)
	if err == nil {
		return st, nil
	}
	if !errors.Is(err, ErrRemoved) && !errors.Is(err, ErrNotYubiKey) && s.gone(reader) {
		err = fmt.Errorf("%w (%v)", ErrRemoved, err)
	}
	return State{}, &KeyError{Reader: reader, Serial: st.Serial, Err: err}
}

// gone tells whether the reader lost its key. A reader that stays (a
// card reader, or vpcd) reports the removal at the service's next poll, so
// this asks again for a moment before deciding.
func (s *Scanner) gone(reader string) bool {
	deadline := time.Now().Add(removalGrace)
	for {
		readers, err := s.hw.Readers()
		if err != nil {
			return false
		}
		i := slices.IndexFunc(readers, func(r ReaderStatus) bool { return r.Name == reader })
		if i < 0 || !readers[i].Present {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(removalPoll)
	}
}

// How long a failed read waits for the service to notice a removal, and how
// often it asks meanwhile (pcscd polls readers every 400 ms).
const (
	removalGrace = 1500 * time.Millisecond
	removalPoll  = 50 * time.Millisecond
)

func (s *Scanner) readOpen(reader string) (State, error) {
	dev, err := s.hw.Open(reader)
	if err != nil {
		return State{}, err
	}
	defer dev.Close()

	v := dev.Version()
	st := State{
		Reader:   reader,
		Firmware: fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch),
		Slots:    []Slot{},
	}
	if st.Serial, err = dev.Serial(); err != nil {
		return st, fmt.Errorf("reading serial: %w", err)
	}
	st.FormFactor = "unknown"
	if ff, err := dev.FormFactor(); err == nil && ff != 0 {
		st.FormFactor = ff.String()
	}
	hasMetadata := atLeast(v, 5, 3, 0)
	if err := readCredentials(dev, hasMetadata, &st); err != nil {
		return st, err
	}
	var attestCert *x509.Certificate
	if atLeast(v, 4, 3, 0) {
		// A key without one cannot attest; slots then say "failed".
		attestCert, _ = dev.AttestationCertificate()
	}
	for _, ms := range mainSlots {
		sl, err := s.readSlot(dev, ms.slot, hasMetadata, atLeast(v, 4, 3, 0), attestCert, st.Serial)
		if err != nil {
			return st, fmt.Errorf("reading slot %02x: %w", ms.slot.Key, err)
		}
		sl.Name = ms.name
		st.Slots = append(st.Slots, sl)
	}
	st.Findings = Findings(st, s.now())
	return st, nil
}

func readCredentials(dev Device, hasMetadata bool, st *State) error {
	if hasMetadata {
		pin, err := dev.Metadata(RefPIN)
		if err != nil {
			return fmt.Errorf("reading PIN metadata: %w", err)
		}
		puk, err := dev.Metadata(RefPUK)
		if err != nil {
			return fmt.Errorf("reading PUK metadata: %w", err)
		}
		mgm, err := dev.Metadata(RefManagementKey)
		if err != nil {
			return fmt.Errorf("reading management key metadata: %w", err)
		}
		st.PIN = credential(pin)
		st.PUK = credential(puk)
		st.ManagementKey = ManagementKey{Algorithm: managementAlgorithm(mgm.Algorithm), Default: &mgm.Default}
		return nil
	}
	// Older firmware: the empty VERIFY tells PIN retries without spending
	// one; the PUK has no such query, and is left unknown.
	n, err := dev.PINRetries()
	if err != nil {
		var ae piv.AuthErr
		if !errors.As(err, &ae) {
			return fmt.Errorf("reading PIN retries: %w", err)
		}
		n = ae.Retries
	}
	st.PIN = Credential{RetriesLeft: &n, Blocked: n == 0}
	st.ManagementKey = ManagementKey{Algorithm: "3des"}
	if d, err := dev.DefaultManagementKey(); err == nil {
		st.ManagementKey.Default = &d
	}
	return nil
}

func credential(m Metadata) Credential {
	left, most, def := m.Retries, m.MaxRetries, m.Default
	return Credential{RetriesLeft: &left, MaxRetries: &most, Default: &def, Blocked: left == 0}
}

func managementAlgorithm(alg byte) string {
	switch alg {
	case algAES128:
		return "aes128"
	case algAES192:
		return "aes192"
	case algAES256:
		return "aes256"
	}
	return "3des"
}

func (s *Scanner) readSlot(dev Device, slot piv.Slot, hasMetadata, canAttest bool, attestCert *x509.Certificate, serial uint32) (Slot, error) {
	sl := Slot{Slot: fmt.Sprintf("%02x", slot.Key), Attestation: AttestationNotApplicable}
	if hasMetadata {
		ki, err := dev.KeyInfo(slot)
		switch {
		case err == nil:
			sl.HasKey = true
			sl.Algorithm = algorithmName(ki.Algorithm)
			sl.PINPolicy = pinPolicyName(ki.PINPolicy)
			sl.TouchPolicy = touchPolicyName(ki.TouchPolicy)
			sl.Origin = originName(ki.Origin)
		case !errors.Is(err, piv.ErrNotFound):
			return sl, err
		}
	}
	cert, err := dev.Certificate(slot)
	switch {
	case err == nil:
		sl.Certificate = &Certificate{Subject: cert.Subject.String(), Issuer: cert.Issuer.String(), NotAfter: cert.NotAfter.UTC()}
		if !hasMetadata {
			sl.HasKey = true
			sl.Algorithm = publicKeyAlgorithm(cert)
		}
	case !errors.Is(err, piv.ErrNotFound):
		return sl, err
	}
	if !sl.HasKey || sl.Origin == "imported" {
		return sl, nil
	}
	if !canAttest {
		sl.Attestation = AttestationUnavailable
		return sl, nil
	}
	slotCert, err := dev.Attest(slot)
	switch {
	case errors.Is(err, piv.ErrNotFound):
		// Older firmware cannot tell an imported key apart until asked.
		return sl, nil
	case err != nil:
		return sl, err
	}
	sl.Attestation = s.verify(attestCert, slotCert, serial)
	return sl, nil
}

// verify checks that the slot's attestation chains up to the trusted roots
// and names this key's serial.
func (s *Scanner) verify(attestCert, slotCert *x509.Certificate, serial uint32) string {
	if attestCert == nil {
		return AttestationFailed
	}
	v := piv.Verifier{Roots: s.roots}
	a, err := v.Verify(attestCert, slotCert)
	if err != nil || a.Serial != serial {
		return AttestationFailed
	}
	return AttestationVerified
}

func atLeast(v piv.Version, major, minor, patch int) bool {
	return bytes.Compare([]byte{byte(v.Major), byte(v.Minor), byte(v.Patch)}, []byte{byte(major), byte(minor), byte(patch)}) >= 0
}
