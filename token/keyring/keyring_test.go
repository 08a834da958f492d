package keyring

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// The real Secret Service: gnome-keyring-daemon in its own D-Bus session.
func TestGnomeKeyring(t *testing.T) {
	if !testtool.InKeyringSession(t) {
		return
	}
	var k OS
	secret := bytes.Repeat([]byte{0xA5}, 32)
	if _, err := k.Get("vault-test"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a missing entry: %v", err)
	}
	if err := k.Set("vault-test", secret); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get("vault-test")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Get = %x, %v", got, err)
	}
	// What another program reads from the keyring: the key's base64.
	out, err := exec.Command("secret-tool", "lookup", "service", Service, "username", "vault-test").Output()
	if err != nil || strings.TrimSpace(string(out)) != "paWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaU=" {
		t.Errorf("secret-tool lookup: %q, %v", out, err)
	}
	if err := k.Delete("vault-test"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete("vault-test"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v", err)
	}

	// A locked keyring: the Secret Service would ask for its password
	// with a prompt nobody answers here.
	if err := k.Set("vault-test", secret); err != nil {
		t.Fatal(err)
	}
	lock := exec.Command("gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
		"--object-path", "/org/freedesktop/secrets", "--method", "org.freedesktop.Secret.Service.Lock",
		"['/org/freedesktop/secrets/collection/login']")
	if out, err := lock.CombinedOutput(); err != nil {
		t.Fatalf("locking the keyring: %v: %s", err, out)
	}
	defer func(d time.Duration) { Timeout = d }(Timeout)
	Timeout = 3 * time.Second
	if _, err := k.Get("vault-test"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Get from a locked keyring: %v", err)
	}
}

// No D-Bus session at all: the keyring is unavailable, in one error.
func TestNoKeyringService(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	_, err := OS{}.Get("vault-test")
	if !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Get without D-Bus: %v", err)
	}
	if err := (OS{}).Set("vault-test", []byte("x")); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Set without D-Bus: %v", err)
	}
}
