package piv

// Tests on the real stack: piv-go and this package through libpcsclite to
// a private pcscd, whose vpcd driver talks to virtual YubiKeys run here.
// scripts/test-hardware.sh starts the rig and runs them; without the rig
// they skip, saying so.

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
)

func presentCount() int {
	readers, err := PCSC{}.Readers()
	if err != nil {
		return -1
	}
	n := 0
	for _, r := range readers {
		if r.Present {
			n++
		}
	}
	return n
}

// plugIn connects virtual keys to the rig and waits until pcscd sees
// them; cleanup pulls them out again.
func plugIn(t *testing.T, cfgs ...vyubikey.Config) []*vyubikey.Socket {
	t.Helper()
	return vyubikey.PlugIn(t, presentCount, cfgs...)
}

var (
	rigPort = vyubikey.RigPort
	waitFor = vyubikey.WaitFor
)

func scannerFor(socks []*vyubikey.Socket, opts ...Option) *Scanner {
	return NewScanner(append([]Option{WithAttestationRoots(socks[0].Card().CA().Pool())}, opts...)...)
}

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func slotByName(st State, slot string) Slot {
	for _, s := range st.Slots {
		if s.Slot == slot {
			return s
		}
	}
	return Slot{}
}

func TestRigDefaultCredentials(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550001, Version: "5.4.3",
		Slots: []vyubikey.SlotConfig{{Slot: "9a", Subject: "alice@example.com"}}})
	card := socks[0].Card()
	st, err := scannerFor(socks).One(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Serial != 5550001 || st.Firmware != "5.4.3" || st.FormFactor != "USB-A Keychain" {
		t.Errorf("identity = %d %s %s", st.Serial, st.Firmware, st.FormFactor)
	}
	if !*st.PIN.Default || !*st.PUK.Default || !*st.ManagementKey.Default || st.ManagementKey.Algorithm != "3des" {
		t.Errorf("defaults not seen: %+v %+v %+v", st.PIN, st.PUK, st.ManagementKey)
	}
	if *st.PIN.RetriesLeft != 3 || *st.PIN.MaxRetries != 3 {
		t.Errorf("PIN retries = %d/%d", *st.PIN.RetriesLeft, *st.PIN.MaxRetries)
	}
	for _, want := range []string{"default_pin", "default_puk", "default_management_key"} {
		if !slices.Contains(codes(st.Findings), want) {
			t.Errorf("findings %v lack %s", codes(st.Findings), want)
		}
	}
	a := slotByName(st, "9a")
	if !a.HasKey || a.Algorithm != "eccp256" || a.Origin != "generated" || a.PINPolicy != "once" ||
		a.Certificate == nil || a.Certificate.Subject != "CN=alice@example.com" || a.Attestation != AttestationVerified {
		t.Errorf("slot 9a = %+v", a)
	}
	if c := slotByName(st, "9c"); c.HasKey || c.Certificate != nil || c.Attestation != AttestationNotApplicable {
		t.Errorf("slot 9c = %+v", c)
	}
	// Reading spent nothing and tried nothing.
	stats := card.Stats()
	if stats.PINAttempts != 0 || stats.MgmtAuths != 0 || card.PINRetries() != 3 || card.PUKRetries() != 3 {
		t.Errorf("reading touched credentials: %+v, PIN retries %d, PUK retries %d", stats, card.PINRetries(), card.PUKRetries())
	}
	if stats.MetadataReads == 0 {
		t.Error("metadata not used on firmware 5.4.3")
	}
}

func TestRigChangedCredentials(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550002, Version: "5.7.1",
		PIN: "271828", PUK: "31415926", PINRetries: 2,
		ManagementKey:          "00112233445566778899aabbccddeeff0011223344556677",
		ManagementKeyAlgorithm: "aes192"})
	st, err := scannerFor(socks).One(context.Background(), 5550002)
	if err != nil {
		t.Fatal(err)
	}
	if *st.PIN.Default || *st.PUK.Default || *st.ManagementKey.Default || st.ManagementKey.Algorithm != "aes192" {
		t.Errorf("credentials = %+v %+v %+v", st.PIN, st.PUK, st.ManagementKey)
	}
	if *st.PIN.RetriesLeft != 2 {
		t.Errorf("PIN retries = %d, want 2", *st.PIN.RetriesLeft)
	}
	if len(st.Findings) != 0 {
		t.Errorf("findings = %v, want none", codes(st.Findings))
	}
	if got := socks[0].Card().PINRetries(); got != 2 {
		t.Errorf("card PIN retries = %d after reading, want 2", got)
	}
}

func TestRigOldFirmwareSpendsNothing(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550003, Version: "4.3.7", PINRetries: 2,
		Slots: []vyubikey.SlotConfig{{Slot: "9c"}}})
	card := socks[0].Card()
	st, err := scannerFor(socks).One(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if *st.PIN.RetriesLeft != 2 || st.PIN.Default != nil || st.PUK.RetriesLeft != nil {
		t.Errorf("PIN %+v PUK %+v", st.PIN, st.PUK)
	}
	if st.ManagementKey.Default == nil || !*st.ManagementKey.Default {
		t.Errorf("default management key not found on old firmware: %+v", st.ManagementKey)
	}
	if c := slotByName(st, "9c"); !c.HasKey || c.Algorithm != "eccp256" || c.Attestation != AttestationVerified {
		t.Errorf("slot 9c = %+v", c)
	}
	stats := card.Stats()
	if stats.PINAttempts != 0 || stats.RetryQueries == 0 || card.PINRetries() != 2 {
		t.Errorf("stats %+v, PIN retries %d", stats, card.PINRetries())
	}
}

func TestRigPINBlocked(t *testing.T) {
	socks := plugIn(t,
		vyubikey.Config{Serial: 5550004, PINBlocked: true, PIN: "999999"},
		vyubikey.Config{Serial: 5550005, PINRetries: 1, PIN: "999999"})
	states, err := scannerFor(socks).List(context.Background())
	if err != nil || len(states) != 2 {
		t.Fatalf("List = %d states, %v", len(states), err)
	}
	if !states[0].PIN.Blocked || !slices.Contains(codes(states[0].Findings), "pin_blocked") || states[0].Findings[0].Severity != SeverityCritical {
		t.Errorf("blocked key: %+v %v", states[0].PIN, codes(states[0].Findings))
	}
	if !slices.Contains(codes(states[1].Findings), "pin_last_retry") {
		t.Errorf("last retry key: %v", codes(states[1].Findings))
	}
	if socks[1].Card().PINRetries() != 1 {
		t.Error("reading spent the last PIN retry")
	}
}

func TestRigCertificateExpiry(t *testing.T) {
	now := time.Now()
	socks := plugIn(t, vyubikey.Config{Serial: 5550006, Slots: []vyubikey.SlotConfig{
		{Slot: "9c", Subject: "old", NotAfter: now.Add(-48 * time.Hour)},
		{Slot: "9d", Subject: "soon", NotAfter: now.Add(10 * 24 * time.Hour)},
		{Slot: "9e", Subject: "fine", NotAfter: now.Add(300 * 24 * time.Hour)},
	}})
	st, err := scannerFor(socks).One(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var expired, expiring int
	for _, f := range st.Findings {
		switch f.Code {
		case "certificate_expired":
			expired++
		case "certificate_expiring":
			expiring++
		}
	}
	if expired != 1 || expiring != 1 {
		t.Errorf("findings = %v", codes(st.Findings))
	}
}

func TestRigAttestation(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550007, Slots: []vyubikey.SlotConfig{
		{Slot: "9a"}, {Slot: "9d", Origin: "imported"},
	}})
	other, err := vyubikey.NewCA("Not the card's CA")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	good, err := scannerFor(socks).One(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if a := slotByName(good, "9a").Attestation; a != AttestationVerified {
		t.Errorf("trusted CA: attestation %s", a)
	}
	if a := slotByName(good, "9d").Attestation; a != AttestationNotApplicable {
		t.Errorf("imported key: attestation %s", a)
	}
	for name, s := range map[string]*Scanner{
		"other CA":     NewScanner(WithAttestationRoots(other.Pool())),
		"Yubico roots": NewScanner(),
	} {
		bad, err := s.One(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a := slotByName(bad, "9a").Attestation; a != AttestationFailed || !slices.Contains(codes(bad.Findings), "attestation_failed") {
			t.Errorf("%s: attestation %s, findings %v", name, a, codes(bad.Findings))
		}
	}
}

func TestRigTwoKeys(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550009}, vyubikey.Config{Serial: 5550008})
	s := scannerFor(socks)
	ctx := context.Background()
	states, err := s.List(ctx)
	if err != nil || len(states) != 2 || states[0].Serial != 5550008 || states[1].Serial != 5550009 {
		t.Fatalf("List = %+v, %v", states, err)
	}
	if _, err := s.One(ctx, 0); !errors.Is(err, ErrMultipleKeys) {
		t.Errorf("One = %v, want ErrMultipleKeys", err)
	}
	if st, err := s.One(ctx, 5550009); err != nil || st.Serial != 5550009 {
		t.Errorf("One(5550009) = %d, %v", st.Serial, err)
	}
}

func TestRigRemovedMidRead(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550010, Slots: []vyubikey.SlotConfig{{Slot: "9a"}}})
	socks[0].RemoveAfter(12)
	_, err := scannerFor(socks).One(context.Background(), 0)
	if !errors.Is(err, ErrRemoved) {
		t.Errorf("One = %v, want ErrRemoved", err)
	}
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Reader == "" {
		t.Errorf("error %v names no reader", err)
	}
}

func TestRigNotYubiKey(t *testing.T) {
	socks := plugIn(t, vyubikey.Config{Serial: 5550011, NotYubiKey: true})
	_, err := scannerFor(socks).One(context.Background(), 0)
	if !errors.Is(err, ErrNotYubiKey) {
		t.Errorf("One = %v, want ErrNotYubiKey", err)
	}
}

func TestRigNoKey(t *testing.T) {
	rigPort(t)
	waitFor(t, "empty readers", func() bool { return presentCount() == 0 })
	if _, err := NewScanner().List(context.Background()); !errors.Is(err, ErrNoKey) {
		t.Errorf("List = %v, want ErrNoKey", err)
	}
}

func TestRigWatch(t *testing.T) {
	port := rigPort(t)
	waitFor(t, "empty readers", func() bool { return presentCount() == 0 })
	card, err := vyubikey.New(vyubikey.Config{Serial: 5550012})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	snaps := NewScanner().Watch(ctx, 50*time.Millisecond)
	next := func() Snapshot {
		t.Helper()
		select {
		case s := <-snaps:
			return s
		case <-ctx.Done():
			t.Fatal("no snapshot")
		}
		return Snapshot{}
	}
	if s := next(); !errors.Is(s.Err, ErrNoKey) {
		t.Fatalf("first snapshot: %+v", s)
	}
	sock, err := vyubikey.Dial(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), card)
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	if s := next(); s.Err != nil || len(s.Keys) != 1 || s.Keys[0].Serial != 5550012 {
		t.Fatalf("after plugging in: %+v", s)
	}
	apdus := card.Stats().APDUs
	sock.Remove()
	if s := next(); !errors.Is(s.Err, ErrNoKey) {
		t.Fatalf("after pulling out: %+v", s)
	}
	if card.Stats().APDUs != apdus {
		t.Error("watching touched the key while nothing changed")
	}
}

// TestNoService runs a copy of the test binary against a socket where no
// pcscd listens: libpcsclite reads PCSCLITE_CSOCK_NAME once per process.
func TestNoService(t *testing.T) {
	if os.Getenv("TWOFOLD_TEST_NO_SERVICE") == "1" {
		if _, err := NewScanner().List(context.Background()); !errors.Is(err, ErrNoService) {
			t.Fatalf("List = %v, want ErrNoService", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoService$")
	cmd.Env = append(os.Environ(), "TWOFOLD_TEST_NO_SERVICE=1", "PCSCLITE_CSOCK_NAME="+t.TempDir()+"/none.comm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
