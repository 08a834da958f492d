package iamtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

// RootStandIn is a moto user whose devices the front reports as root's,
// since moto has no way to give root a virtual device.
const RootStandIn = "root-stand-in"

// Front is the front before moto. Its setters change how it answers
// from the next request on.
type Front struct {
	// URL is the front's address, which AWS_ENDPOINT_URL names; Moto is
	// moto's own, for setting a scene without the front's checks.
	URL, Moto string

	t     testing.TB
	clock *Clock
	proxy *httputil.ReverseProxy

	mu        sync.Mutex
	seeds     map[string]string // serial -> base32 secret, read off CreateVirtualMFADevice
	throttle  map[string]int    // action -> how many more times to throttle it
	deny      map[string]bool   // action -> AccessDenied
	refuse    bool              // EnableMFADevice always refused
	enableErr string            // EnableMFADevice fails with this code
	calls     map[string]int
	truncated map[string]int // action -> pages answered with IsTruncated
	goodCodes int
	badCodes  int

	accounts // the per-account rules of an organization (org.go)
}

// Start runs moto and the front until the test ends, and points the SDK
// at the front through AWS_ENDPOINT_URL with dummy credentials and no
// shared config files (t.Setenv, so not for parallel tests). The front
// checks codes against clock's time.
func Start(t testing.TB, clock *Clock) *Front {
	t.Helper()
	target, err := url.Parse(startMoto(t))
	if err != nil {
		t.Fatal(err)
	}
	f := &Front{Moto: target.String(), t: t, clock: clock, seeds: map[string]string{}, throttle: map[string]int{},
		deny: map[string]bool{}, calls: map[string]int{}, truncated: map[string]int{}, accounts: newAccounts()}
	f.proxy = httputil.NewSingleHostReverseProxy(target)
	f.proxy.ModifyResponse = f.rewrite
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": srv.URL, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": dir + "/none", "AWS_SHARED_CREDENTIALS_FILE": dir + "/none",
	} {
		t.Setenv(k, v)
	}
	return f
}

// Throttle answers the next n calls of action with Throttling.
func (f *Front) Throttle(action string, n int) { f.set(func() { f.throttle[action] = n }) }

// Deny answers every call of action with AccessDenied.
func (f *Front) Deny(action string) { f.set(func() { f.deny[action] = true }) }

// RefuseCodes makes EnableMFADevice refuse every pair of codes.
func (f *Front) RefuseCodes() { f.set(func() { f.refuse = true }) }

// AcceptCodes makes EnableMFADevice check codes as IAM does again.
func (f *Front) AcceptCodes() { f.set(func() { f.refuse = false }) }

// FailEnable makes EnableMFADevice fail with the error code given
// ("LimitExceeded", ...).
func (f *Front) FailEnable(code string) { f.set(func() { f.enableErr = code }) }

// Calls is how many times action was called through the front.
func (f *Front) Calls(action string) int { return get(f, func() int { return f.calls[action] }) }

// Truncated is how many pages of action the front answered with
// IsTruncated set: more than zero once a listing really was paged.
func (f *Front) Truncated(action string) int {
	return get(f, func() int { return f.truncated[action] })
}

// CodePairs counts the EnableMFADevice code pairs that IAM would accept
// and refuse.
func (f *Front) CodePairs() (good, bad int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.goodCodes, f.badCodes
}

// Secret is the base32 seed secret IAM made for the device serial.
func (f *Front) Secret(serial string) string { return get(f, func() string { return f.seeds[serial] }) }

func (f *Front) set(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
}

func get[T any](f *Front, read func() T) T {
	f.mu.Lock()
	defer f.mu.Unlock()
	return read()
}

// ServeHTTP answers what the front handles itself and passes the rest
// to moto.
func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	action := form.Get("Action")
	jsonAPI := r.Header.Get("X-Amz-Target") != ""
	if jsonAPI {
		// Organizations speaks JSON: "AWSOrganizationsV20161128.ListAccounts".
		target := r.Header.Get("X-Amz-Target")
		action = target[strings.LastIndexByte(target, '.')+1:]
	}
	account := f.accountOf(r)
	if f.stopped() {
		hangUp(w)
		return
	}
	f.mu.Lock()
	f.calls[action]++
	throttle := f.throttle[action] > 0
	if throttle {
		f.throttle[action]--
	}
	if n := f.throttleIn[account+"/"+action]; n > 0 {
		throttle = true
		f.throttleIn[account+"/"+action] = n - 1
	}
	deny, refuse, enableErr := f.deny[action] || f.denyIn[account+"/"+action], f.refuse, f.enableErr
	f.mu.Unlock()
	if jsonAPI {
		f.serveOrganizations(w, r, body, action, account, throttle, deny)
		return
	}
	switch {
	case throttle:
		iamError(w, 400, "Throttling", "Rate exceeded")
		return
	case deny:
		iamError(w, 403, "AccessDenied", "User: arn:aws:iam::"+account+":user/moto is not authorized to perform: iam:"+action)
		return
	case action == "AssumeRole" && f.roleRefused(form.Get("RoleArn")):
		iamError(w, 403, "AccessDenied", "User: arn:aws:iam::"+account+":user/moto is not authorized to perform: sts:AssumeRole on resource: "+form.Get("RoleArn"))
		return
	case action == "ListOrganizationsFeatures":
		f.listFeatures(w)
		return
	case action == "EnableMFADevice" && enableErr != "":
		iamError(w, 409, enableErr, "Cannot exceed quota for MFA devices per user.")
		return
	case action == "EnableMFADevice" && (refuse || !f.codesValid(form)):
		iamError(w, 400, "InvalidAuthenticationCode", "Authentication code for device is not valid.")
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, call{action: action, account: account, role: form.Get("RoleArn")}))
	if p, ok := takePage(form); ok {
		// moto would answer everything at once: ask it for all, page here.
		body = []byte(form.Encode())
		r = r.WithContext(context.WithValue(r.Context(), pageKey{}, p))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", fmt.Sprint(len(body)))
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.proxy.ServeHTTP(w, r)
}

// codesValid checks the two codes as IAM does: two consecutive codes, the
// second of the current period or the one before.
func (f *Front) codesValid(form url.Values) bool {
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
	standIn   = regexp.MustCompile(`arn:aws:iam::(\d{12}):user/` + RootStandIn)
	standUser = regexp.MustCompile(`<member>\s*<Path>[^<]*</Path>\s*<UserName>` + RootStandIn + `</UserName>(?s:.*?)</member>`)
)

// rewrite reads the seed off CreateVirtualMFADevice answers, makes
// RootStandIn root (its devices root's, itself not a user), and cuts the
// page asked for out of a list moto answered whole.
func (f *Front) rewrite(resp *http.Response) error {
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
	f.learn(resp.Request.Context(), body)
	body = f.summary(resp.Request.Context(), body)
	body = standIn.ReplaceAll(body, []byte("arn:aws:iam::$1:root"))
	body = standUser.ReplaceAll(body, nil)
	if p, ok := resp.Request.Context().Value(pageKey{}).(page); ok && resp.StatusCode == http.StatusOK {
		var more bool
		body, more = p.cut(body)
		if more {
			f.mu.Lock()
			f.truncated[p.action]++
			f.mu.Unlock()
		}
	}
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
