package kdf

import (
	"errors"
	"testing"
)

func TestBounds(t *testing.T) {
	cases := []struct {
		name string
		err  error
		ok   bool
	}{
		{"aegis default", Scrypt(1<<15, 8, 1), true},
		{"twofold's own cost", ScryptLog(17, 8, 1), true},
		{"age default, the ceiling", ScryptLog(18, 8, 1), true},
		{"above the ceiling", ScryptLog(19, 8, 1), false},
		{"old vault ceiling, 1 GiB", ScryptLog(20, 8, 1), false},
		{"n=2^22 r=8 (4 GiB)", Scrypt(1<<22, 8, 1), false},
		{"n=2^12 r=8 p=1024", Scrypt(1<<12, 8, 1024), false},
		{"n=2^10 r=2^40 (overflow)", Scrypt(1<<10, 1<<40, 1), false},
		{"huge p (overflow)", Scrypt(1<<10, 8, 1<<62), false},
		{"backup 2^22", ScryptLog(22, 8, 1), false},
		{"n=2^22 r=1024", Scrypt(1<<22, 1024, 1), false},
		{"n=2^12 r=1024 p=1024", Scrypt(1<<12, 1024, 1024), false},
		{"N not a power of two", Scrypt(1000, 8, 1), false},
		{"zero r", Scrypt(1<<10, 0, 1), false},
		{"huge logN", ScryptLog(63, 8, 1), false},
		{"authenticator pro", Argon2(64<<10, 3, 4), true},
		{"libsodium sensitive", Argon2(1<<20, 4, 1), true},
		{"argon2 2 GiB", Argon2(2<<20, 1, 1), false},
		{"argon2 many passes", Argon2(256<<10, 100, 1), false},
		{"argon2 many threads", Argon2(64<<10, 1, 255), false},
		{"argon2 zero passes", Argon2(64<<10, 0, 1), false},
		{"bitwarden default", PBKDF2(600_000), true},
		{"pbkdf2 ceiling", PBKDF2(MaxPBKDF2Iterations), true},
		{"pbkdf2 too many", PBKDF2(MaxPBKDF2Iterations + 1), false},
		{"pbkdf2 zero", PBKDF2(0), false},
	}
	for _, c := range cases {
		if c.ok && c.err != nil {
			t.Errorf("%s: refused: %v", c.name, c.err)
		}
		if !c.ok && !errors.Is(c.err, ErrTooCostly) {
			t.Errorf("%s: got %v, want ErrTooCostly", c.name, c.err)
		}
	}
}
