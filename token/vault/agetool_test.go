package vault

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// The README's way to open a vault with slots without Twofold: cut out
// the passphrase slot and the payload with awk, then Debian's age reads
// the first as a passphrase-protected identity file and decrypts the
// second with it.
const (
	cutPassphraseSlot = `awk '/^-----BEGIN AGE/{n++} n==1; /^-----END AGE/&&n==1{exit}' vault.age > key.age`
	cutPayload        = `awk '/^-----BEGIN AGE/{n++} n==2' vault.age > data.age`
)

func TestAgeToolOpensSlots(t *testing.T) {
	age := testtool.Require(t, "age")
	script := testtool.Require(t, "script")
	_, path := newTestVault(t, "alice@example.com")
	withKeyringWay(t, path)
	dir := filepath.Dir(path)
	cmd := exec.Command("sh", "-ec", cutPassphraseSlot+"\n"+cutPayload)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cutting the file: %v: %s", err, out)
	}
	// age asks the identity file's passphrase on its terminal: script(1)
	// gives it one.
	run := exec.Command(script, "-qec", fmt.Sprintf("%s -d -i key.age -o vault.json data.age", age), "/dev/null")
	run.Dir = dir
	run.Stdin = strings.NewReader(testPassphrase + "\n")
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "vault.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Version int
		Seeds   []struct{ Account, Secret string }
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.Version != SchemaVersion || len(d.Seeds) != 1 || d.Seeds[0].Account != "alice@example.com" || d.Seeds[0].Secret != "JBSWY3DPEHPK3PXP" {
		t.Errorf("age decrypted %+v", d)
	}
}
