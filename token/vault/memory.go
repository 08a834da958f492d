package vault

import "runtime/debug"

// releaseWorkFactor is the least work factor whose scrypt memory is handed
// back to the operating system at once: 2^14 KiB, 16 MiB.
const releaseWorkFactor = 14

// releaseKDFMemory hands the memory scrypt just used back to the
// operating system. At RecommendedWorkFactor scrypt allocates 128 MiB for
// each unlock and each save; the Go runtime collects it only when the
// heap grows again and returns freed pages gradually, so without this the
// app's resident set stays about 130 MiB higher for as long as it runs
// idle after an unlock. The forced collection of the small heap left
// costs a few milliseconds beside the KDF's quarter of a second.
func releaseKDFMemory(workFactor int) {
	if workFactor >= releaseWorkFactor {
		debug.FreeOSMemory()
	}
}
