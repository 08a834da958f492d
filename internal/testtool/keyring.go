package testtool

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// keyringSessionEnv marks the run of a test inside InKeyringSession's
// D-Bus session.
const keyringSessionEnv = "TWOFOLD_IN_KEYRING_SESSION"

// InKeyringSession runs the calling (top-level) test again in a new
// process inside its own D-Bus session, with a real gnome-keyring-daemon
// serving the Secret Service (dbus-run-session, gnome-keyring-daemon
// --unlock --components=secrets), its login keyring made and unlocked
// with a password on standard input (given an empty one, the daemon
// asks through a prompt instead), in a temporary HOME. It returns true in that process, where the test
// does its work; in the calling process it fails the test when the inner
// run did not pass, and returns false.
func InKeyringSession(t *testing.T) bool {
	t.Helper()
	if os.Getenv(keyringSessionEnv) == "1" {
		return true
	}
	dbus := Require(t, "dbus-run-session")
	daemon := Require(t, "gnome-keyring-daemon")
	Require(t, "secret-tool")
	script := `printf 'twofold-test' | "$1" --unlock --components=secrets >/dev/null || exit 1; shift; exec "$@"`
	cmd := exec.Command(dbus, "--", "sh", "-c", script, "sh", daemon,
		os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), keyringSessionEnv+"=1", "HOME="+home, "XDG_DATA_HOME="+home+"/share")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("in a D-Bus session with gnome-keyring: %v\n%s", err, out)
	}
	return false
}
