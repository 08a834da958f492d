// Package kdf bounds the cost of key derivations whose parameters are read
// from a file: a vault, an encrypted backup, another app's export.
//
// # Security properties
//
// A file chooses its own work factors, so a crafted file can ask a
// memory-hard KDF for gigabytes or a PBKDF2 for hours before a single byte
// is authenticated. Every reader asks this package before it derives, and
// a file whose parameters are above what the app that writes the format
// would use (with headroom for stronger settings and faster machines) is
// refused with ErrTooCostly and no work done. The bounds are in one place
// so that every format holds the same ceiling:
//
//   - memory: at most MaxScryptMemory (256 MiB) for scrypt (128·N·r
//     bytes) and MaxMemory (1 GiB) for Argon2 (m KiB);
//   - work: at most MaxScryptWork (N·r·p, 2^21: N=2^18 with r=8, p=1,
//     about a second), MaxArgon2Work passes over the memory (t·m), and
//     MaxPBKDF2Iterations.
//
// The scrypt formats read here are written at far less: Twofold's vault
// and backup at N=2^17 (128 MiB), Aegis at N=2^15 (32 MiB). Their ceiling
// is one step above Twofold's own cost (2^18, age's default, so a file
// made with the age tool opens too), which keeps a whole import, KDF
// included, under 300 MB. Argon2 keeps 1 GiB because libsodium's
// "sensitive" setting, which Ente writes, asks for exactly that.
//
// The errors quote the parameters, which are not secret.
package kdf

import (
	"errors"
	"fmt"
)

// ErrTooCostly is wrapped by every refusal, for errors.Is.
var ErrTooCostly = errors.New("the file asks for a key derivation costlier than Twofold allows")

// Bounds shared by every format.
const (
	// MaxMemory is the most memory one Argon2 derivation may take:
	// 1 GiB, libsodium's "sensitive" limit, the most Ente writes.
	MaxMemory = 1 << 30
	// MaxScryptMemory is the most memory one scrypt derivation may take:
	// N=2^18, r=8, one step above the 2^17 Twofold writes.
	MaxScryptMemory = 256 << 20
	// MaxScryptWork bounds N·r·p: N=2^18, r=8, p=1.
	MaxScryptWork = 1 << 21
	// MaxArgon2Work bounds t·m (in KiB): four passes over 1 GiB, or
	// libsodium's sensitive setting (t=4, 1 GiB).
	MaxArgon2Work = 4 << 20
	// MaxArgon2Threads bounds Argon2's lanes (p); apps write 1 to 4.
	MaxArgon2Threads = 16
	// MaxPBKDF2Iterations bounds PBKDF2 of any hash: Bitwarden allows
	// at most 2,000,000 for SHA-256; andOTP writes about 150,000.
	MaxPBKDF2Iterations = 2_000_000
)

// Scrypt checks scrypt's N (not log2), r and p.
func Scrypt(n, r, p int) error {
	if n < 2 || n&(n-1) != 0 || r < 1 || p < 1 {
		return fmt.Errorf("%w: scrypt N=%d r=%d p=%d is not a valid setting", ErrTooCostly, n, r, p)
	}
	// Each factor is bounded first so that the products cannot overflow.
	if n > MaxScryptMemory/128 || r > MaxScryptMemory/128 || int64(n)*int64(r)*128 > MaxScryptMemory {
		return fmt.Errorf("%w: scrypt N=%d r=%d needs %d MiB (at most %d)", ErrTooCostly, n, r,
			int64(n)*int64(r)*128>>20, MaxScryptMemory>>20)
	}
	if p > MaxScryptWork || int64(n)*int64(r)*int64(p) > MaxScryptWork {
		return fmt.Errorf("%w: scrypt N=%d r=%d p=%d (N·r·p at most 2^21)", ErrTooCostly, n, r, p)
	}
	return nil
}

// ScryptLog checks scrypt with N = 2^logN, as age's header writes it.
func ScryptLog(logN, r, p int) error {
	if logN < 1 || logN > 62 {
		return fmt.Errorf("%w: scrypt work factor 2^%d", ErrTooCostly, logN)
	}
	return Scrypt(1<<logN, r, p)
}

// Argon2 checks Argon2 (i, d or id) with memory in KiB, time passes and
// threads.
func Argon2(memoryKiB, passes uint64, threads uint64) error {
	if memoryKiB < 8 || passes < 1 || threads < 1 {
		return fmt.Errorf("%w: Argon2 m=%d KiB t=%d p=%d is not a valid setting", ErrTooCostly, memoryKiB, passes, threads)
	}
	if memoryKiB > MaxMemory>>10 {
		return fmt.Errorf("%w: Argon2 needs %d MiB (at most %d)", ErrTooCostly, memoryKiB>>10, MaxMemory>>20)
	}
	if passes > MaxArgon2Work || memoryKiB*passes > MaxArgon2Work {
		return fmt.Errorf("%w: Argon2 m=%d KiB t=%d (t·m at most 4 GiB)", ErrTooCostly, memoryKiB, passes)
	}
	if threads > MaxArgon2Threads {
		return fmt.Errorf("%w: Argon2 with %d threads (at most %d)", ErrTooCostly, threads, MaxArgon2Threads)
	}
	return nil
}

// PBKDF2 checks an iteration count.
func PBKDF2(iterations int64) error {
	if iterations < 1 {
		return fmt.Errorf("%w: PBKDF2 with %d iterations is not a valid setting", ErrTooCostly, iterations)
	}
	if iterations > MaxPBKDF2Iterations {
		return fmt.Errorf("%w: PBKDF2 with %d iterations (at most %d)", ErrTooCostly, iterations, MaxPBKDF2Iterations)
	}
	return nil
}
