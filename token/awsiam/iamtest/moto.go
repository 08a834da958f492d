// Package iamtest runs a local IAM for tests: moto_server behind a small
// front of Twofold's own. moto implements the IAM and STS calls Twofold
// makes, but accepts any enrollment codes, never throttles or denies, and
// answers ListUsers and ListMFADevices in one page whatever MaxItems
// says; the front checks the codes as IAM does, injects throttling and
// AccessDenied on request, and splits those lists into pages with
// Marker and IsTruncated, so the SDK's real retry, error and paging paths
// run. For an organization (org.go, orgscene.go) it tells accounts apart
// by the access key of each call, as moto does, and answers per account
// what moto cannot: refused roles, AccountMFAEnabled, ListOrganizations-
// Features, Organizations only for the management account. Everything
// listens on 127.0.0.1 only.
package iamtest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// startMoto runs moto_server on a free port until the test ends and
// returns its URL.
func startMoto(t testing.TB) string {
	t.Helper()
	bin := testtool.Require(t, "moto_server")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	u := fmt.Sprintf("http://127.0.0.1:%d", port)
	// moto_server is a Python program: on a loaded machine it can take
	// many seconds to start.
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(u + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return u
		}
		if time.Now().After(deadline) {
			// Stop it first: its output is written by exec's copier
			// until the process has gone.
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("moto_server did not start: %v\n%s", err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
