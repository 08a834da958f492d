package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit is the Go heap's soft limit (GOMEMLIMIT, unless the
// environment sets one). A command's live data is small beside scrypt's
// 128 MiB, but a large one (an import of 100,000 links, the list of a
// vault that size) makes garbage as fast, and at the collector's default
// the heap grows to twice what is live before a collection: over 300 MB.
// Near this limit the collector runs sooner instead, keeping any command
// under 300 MB at the cost of some CPU; it is soft, so nothing fails.
const softMemoryLimit = 200 << 20

// limitMemory sets softMemoryLimit unless GOMEMLIMIT is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
