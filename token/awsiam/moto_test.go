package awsiam

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
)

// rootStandIn is a moto user whose devices the front reports as root's,
// since moto has no way to give root a virtual device.
const rootStandIn = "root-stand-in"

// front is a small IAM front before moto: it checks EnableMFADevice's
// codes against the seed as IAM does (moto accepts any), injects
// throttling and AccessDenied, and shows rootStandIn's devices as root's.
type front struct {
	t     *testing.T
	clock *fakeClock
	proxy *httputil.ReverseProxy
	moto  string

	mu        sync.Mutex
	seeds     map[string]string // serial -> base32 secret, read off CreateVirtualMFADevice
	throttle  map[string]int    // action -> how many more times to throttle it
	deny      map[string]bool   // action -> AccessDenied
	refuse    bool              // EnableMFADevice always refused
	enableErr string            // EnableMFADevice fails with this code
	calls     map[string]int
	badCodes  int
	goodCodes int
}

// startMoto runs moto_server on a free port and returns its URL.
func startMoto(t *testing.T) string {
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
	for i := 0; ; i++ {
		resp, err := http.Get(u + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return u
		}
		if i > 200 {
			t.Fatalf("moto_server did not start: %v\n%s", err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// newFront starts moto and the front, and points the SDK at the front
// with dummy credentials.
func newFront(t *testing.T, clock *fakeClock) *front {
	target, _ := url.Parse(startMoto(t))
	f := &front{t: t, clock: clock, seeds: map[string]string{}, throttle: map[string]int{}, deny: map[string]bool{}, calls: map[string]int{}}
	f.moto = target.String()
	f.proxy = httputil.NewSingleHostReverseProxy(target)
	f.proxy.ModifyResponse = f.rewrite
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_PROFILE", "")
	return f
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	f.mu.Lock()
	f.calls[action]++
	throttle := f.throttle[action] > 0
	if throttle {
		f.throttle[action]--
	}
	deny, refuse, enableErr := f.deny[action], f.refuse, f.enableErr
	f.mu.Unlock()
	switch {
	case throttle:
		iamError(w, 400, "Throttling", "Rate exceeded")
		return
	case deny:
		iamError(w, 403, "AccessDenied", "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: iam:"+action)
		return
	case action == "EnableMFADevice" && enableErr != "":
		iamError(w, 409, enableErr, "Cannot exceed quota for MFA devices per user.")
		return
	case action == "EnableMFADevice" && (refuse || !f.codesValid(form)):
		iamError(w, 400, "InvalidAuthenticationCode", "Authentication code for device is not valid.")
		return
	}
	f.proxy.ServeHTTP(w, r)
}

// codesValid checks the two codes as IAM does: two consecutive codes, the
// second of the current period or the one before.
func (f *front) codesValid(form url.Values) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	secret, ok := f.seeds[form.Get("SerialNumber")]
	if !ok {
		return false
	}
	s := token.Seed{Kind: token.TOTP, Secret: secret, Algorithm: token.SHA1, Digits: 6, Period: 30}
	now := f.clock.Now()
	for back := 0; back <= 1; back++ {
		at := now.Add(-time.Duration(back) * 30 * time.Second)
		c1, _ := s.Code(at.Add(-30 * time.Second))
		c2, _ := s.Code(at)
		if form.Get("AuthenticationCode1") == c1 && form.Get("AuthenticationCode2") == c2 {
			f.goodCodes++
			return true
		}
	}
	f.badCodes++
	return false
}

var (
	serialTag = regexp.MustCompile(`<SerialNumber>([^<]+)</SerialNumber>`)
	seedTag   = regexp.MustCompile(`<Base32StringSeed>([^<]+)</Base32StringSeed>`)
	standIn   = regexp.MustCompile(`arn:aws:iam::(\d{12}):user/` + rootStandIn)
	standUser = regexp.MustCompile(`<member>\s*<Path>[^<]*</Path>\s*<UserName>` + rootStandIn + `</UserName>(?s:.*?)</member>`)
)

// rewrite reads the seed off CreateVirtualMFADevice answers, and makes
// rootStandIn root: its devices root's, itself not a user.
func (f *front) rewrite(resp *http.Response) error {
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if m := seedTag.FindSubmatch(body); m != nil {
		raw, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			f.t.Errorf("Base32StringSeed is not base64: %v", err)
		}
		serial := serialTag.FindSubmatch(body)
		f.mu.Lock()
		f.seeds[string(serial[1])] = strings.TrimSpace(string(raw))
		f.mu.Unlock()
	}
	body = standIn.ReplaceAll(body, []byte("arn:aws:iam::$1:root"))
	body = standUser.ReplaceAll(body, nil)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", fmt.Sprint(len(body)))
	return nil
}

func iamError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>front</RequestId></ErrorResponse>`, code, msg)
}

// fakeClock's Sleep moves it forward at once.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept += d
	return nil
}
