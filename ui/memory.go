package ui

import "runtime/debug"

// releaseBuildMemory hands back to the operating system the memory that
// building the codes screen used and dropped. An unlock returns the KDF's
// memory at once (token/vault), but the list's first layout and paint,
// which come after it, leave about 20 MiB of the heap free and still
// resident; the runtime would keep it for as long as the window idles.
// It runs off the main thread: one collection of a heap of about 40 MiB
// and the pages handed back, once per unlock.
func releaseBuildMemory() {
	go debug.FreeOSMemory()
}
