package vault

import (
	"path/filepath"
	"runtime"
	"testing"
)

// TestKDFMemoryReturned opens a vault written at work factor 16, whose
// scrypt uses 64 MiB, and checks that the memory the process keeps from
// the operating system afterwards is well below that: the KDF's buffer
// went back at once rather than whenever the runtime would collect and
// return it.
func TestKDFMemoryReturned(t *testing.T) {
	const workFactor, kdfMiB = 16, 64
	path := filepath.Join(t.TempDir(), "vault.age")
	v, err := Create(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	v.workFactor = workFactor
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	kept := (m.HeapSys - m.HeapReleased) >> 20
	t.Logf("heap kept from the OS after the unlock: %d MiB (scrypt used %d MiB)", kept, kdfMiB)
	if kept >= kdfMiB/2 {
		t.Errorf("after an unlock at 2^%d the heap keeps %d MiB from the OS; scrypt's %d MiB were not returned", workFactor, kept, kdfMiB)
	}
}
