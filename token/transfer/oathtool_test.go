package transfer

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
)

// checkWithOathtool compares the code of s at a fixed time with the one
// oathtool computes from the same secret and parameters.
func checkWithOathtool(t *testing.T, s token.Seed) {
	t.Helper()
	oathtool := testtool.Require(t, "oathtool")
	at := time.Unix(1700000000, 0)
	args := []string{"-b", "-d", strconv.Itoa(s.Digits)}
	if s.Kind == token.HOTP {
		// oathtool computes HOTP with SHA1 only.
		if s.Algorithm != token.SHA1 {
			t.Fatalf("%s: oathtool has no HOTP with %s", s.Label(), s.Algorithm)
		}
		args = append(args, "--hotp", "-c", strconv.FormatUint(s.Counter, 10))
	} else {
		args = append(args, "--totp="+strings.ToLower(string(s.Algorithm)), "-s", strconv.Itoa(s.Period)+"s",
			"-N", "@"+strconv.FormatInt(at.Unix(), 10))
	}
	out, err := exec.Command(oathtool, append(args, s.Secret)...).Output()
	if err != nil {
		t.Fatalf("oathtool failed for %s: %v", s.Label(), err)
	}
	want := strings.TrimSpace(string(out))
	got, err := s.Code(at)
	if err != nil {
		t.Fatalf("code of %s: %v", s.Label(), err)
	}
	if got != want {
		t.Errorf("%s: code %s, oathtool says %s", s.Label(), got, want)
	}
}
