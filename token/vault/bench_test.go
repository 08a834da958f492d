package vault

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"golang.org/x/crypto/scrypt"
)

// benchVault writes a vault of n seeds at the given work factor.
func benchVault(b *testing.B, n, workFactor int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.age")
	v, err := Create(path, testPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if _, err := v.Data.AddSeed(testSeed(fmt.Sprintf("user%04d@example.com", i)), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	v.workFactor = workFactor
	if err := v.Save(); err != nil {
		b.Fatal(err)
	}
	return path
}

// unlockAndList is the work between typing the passphrase and seeing
// codes: read, derive, decrypt, parse, and every seed's current code.
func unlockAndList(b *testing.B, path string, now time.Time) {
	v, err := Open(path, testPassphrase)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range v.Data.Seeds {
		if _, err := s.Code(now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnlockAndList measures unlocking a vault of 1,000 and of
// 10,000 seeds and computing all their codes, split into the KDF and
// everything else:
//
//	go test -run '^$' -bench UnlockAndList -benchtime 5x ./token/vault/
//
// kdf: scrypt alone at RecommendedWorkFactor.
// seeds=N/other: the whole unlock of a vault written at the minimum work
// factor, less a scrypt at that factor measured in the same iteration;
// this is our own work.
// seeds=N/total: the whole unlock at RecommendedWorkFactor.
// scripts/bench.sh reads these names.
func BenchmarkUnlockAndList(b *testing.B) {
	now := time.Now()
	salt := make([]byte, 16)
	b.Run("kdf", func(b *testing.B) {
		for b.Loop() {
			if _, err := scrypt.Key([]byte(testPassphrase), salt, 1<<RecommendedWorkFactor, 8, 1, 32); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("seeds=%d/other", n), func(b *testing.B) {
			path := benchVault(b, n, minWorkFactor)
			var other time.Duration
			for b.Loop() {
				start := time.Now()
				scrypt.Key([]byte(testPassphrase), salt, 1<<minWorkFactor, 8, 1, 32)
				kdf := time.Since(start)
				start = time.Now()
				unlockAndList(b, path, now)
				other += time.Since(start) - kdf
			}
			b.ReportMetric(float64(other.Microseconds())/float64(b.N)/1000, "other-ms/op")
		})
		b.Run(fmt.Sprintf("seeds=%d/total", n), func(b *testing.B) {
			path := benchVault(b, n, RecommendedWorkFactor)
			for b.Loop() {
				unlockAndList(b, path, now)
			}
		})
	}
}

// BenchmarkCodes1000 is what the codes screen does once a period: the
// current code of 1,000 seeds (no KDF, no file).
func BenchmarkCodes1000(b *testing.B) {
	seeds := make([]token.Seed, 1000)
	for i := range seeds {
		seeds[i] = testSeed(fmt.Sprintf("user%04d@example.com", i))
	}
	now := time.Now()
	for b.Loop() {
		for _, s := range seeds {
			if _, err := s.Code(now); err != nil {
				b.Fatal(err)
			}
		}
	}
}
