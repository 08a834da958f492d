package iamtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// ManagementAccount is the account moto's default credentials act in,
// which Organization makes the organization's management account.
const ManagementAccount = "123456789012"

// accounts are the front's rules of an organization: which account each
// request acts in (read off the access key that signed it, as moto
// does), and what the front answers for one account that moto cannot.
type accounts struct {
	keys       map[string]string // access key id -> account, learnt from AssumeRole
	denyIn     map[string]bool   // "ACCOUNT/Action" -> AccessDenied
	throttleIn map[string]int    // "ACCOUNT/Action" -> how many more to throttle
	refused    map[string]bool   // account whose role AssumeRole refuses
	rootMFA    map[string]bool   // account -> GetAccountSummary's AccountMFAEnabled
	password   map[string]bool   // account -> AccountPasswordPresent
	features   []string          // ListOrganizationsFeatures' EnabledFeatures
	stopAfter  int               // requests answered before the front hangs up on all; -1 never
}

func newAccounts() accounts {
	return accounts{keys: map[string]string{}, denyIn: map[string]bool{}, throttleIn: map[string]int{},
		refused: map[string]bool{}, rootMFA: map[string]bool{}, password: map[string]bool{}, stopAfter: -1}
}

// call is what the front noted of a request, for rewriting its answer.
type call struct{ action, account, role string }

type callKey struct{}

// RefuseRole makes sts:AssumeRole into any role of account fail with
// AccessDenied, as AWS does when the role is missing or trusts nobody.
func (f *Front) RefuseRole(account string) { f.set(func() { f.refused[account] = true }) }

// AllowRole lets sts:AssumeRole into account's roles through again.
func (f *Front) AllowRole(account string) { f.set(func() { delete(f.refused, account) }) }

// DenyIn answers action with AccessDenied when it acts in account.
func (f *Front) DenyIn(account, action string) { f.set(func() { f.denyIn[account+"/"+action] = true }) }

// ThrottleIn answers the next n calls of action in account with
// Throttling.
func (f *Front) ThrottleIn(account, action string, n int) {
	f.set(func() { f.throttleIn[account+"/"+action] = n })
}

// RootMFA makes GetAccountSummary in account say whether root has MFA
// (moto always says 0).
func (f *Front) RootMFA(account string, on bool) { f.set(func() { f.rootMFA[account] = on }) }

// RootPassword makes GetAccountSummary in account say whether root has a
// password (AccountPasswordPresent).
func (f *Front) RootPassword(account string, present bool) {
	f.set(func() { f.password[account] = present })
}

// Features sets what ListOrganizationsFeatures lists (moto lacks the call):
// "RootCredentialsManagement", "RootSessions".
func (f *Front) Features(names ...string) { f.set(func() { f.features = names }) }

// StopAfter answers n more requests, then hangs up on every request, as a
// stopped endpoint does.
func (f *Front) StopAfter(n int) { f.set(func() { f.stopAfter = n }) }

var credential = regexp.MustCompile(`Credential=([^/]+)/`)

// accountOf is the account a request acts in.
func (f *Front) accountOf(r *http.Request) string {
	m := credential.FindStringSubmatch(r.Header.Get("Authorization"))
	f.mu.Lock()
	defer f.mu.Unlock()
	if m != nil {
		if a, ok := f.keys[m[1]]; ok {
			return a
		}
	}
	return ManagementAccount
}

// stopped counts a request and reports whether the front has stopped.
func (f *Front) stopped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.stopAfter == 0:
		return true
	case f.stopAfter > 0:
		f.stopAfter--
	}
	return false
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	if h, ok := w.(http.Hijacker); ok {
		if conn, _, err := h.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}

func (f *Front) roleRefused(roleARN string) bool {
	parts := strings.Split(roleARN, ":")
	return len(parts) > 4 && get(f, func() bool { return f.refused[parts[4]] })
}

// serveOrganizations answers an Organizations call (JSON protocol): as
// AWS does, only the management account may list the organization.
func (f *Front) serveOrganizations(w http.ResponseWriter, r *http.Request, body []byte, action, account string, throttle, deny bool) {
	switch {
	case throttle:
		jsonError(w, "TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress.")
		return
	case deny || account != ManagementAccount:
		jsonError(w, "AccessDeniedException", "You don't have permissions to access this resource.")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.proxy.ServeHTTP(w, r)
}

func jsonError(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(400)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
}

func (f *Front) listFeatures(w http.ResponseWriter) {
	var members strings.Builder
	for _, name := range get(f, func() []string { return f.features }) {
		members.WriteString("<member>" + name + "</member>")
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<ListOrganizationsFeaturesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListOrganizationsFeaturesResult><OrganizationId>o-front</OrganizationId><EnabledFeatures>%s</EnabledFeatures></ListOrganizationsFeaturesResult><ResponseMetadata><RequestId>front</RequestId></ResponseMetadata></ListOrganizationsFeaturesResponse>`, members.String())
}

var accessKey = regexp.MustCompile(`<AccessKeyId>([^<]+)</AccessKeyId>`)

// learn notes the account of the credentials an AssumeRole answer gives.
func (f *Front) learn(ctx context.Context, body []byte) {
	c, ok := ctx.Value(callKey{}).(call)
	if !ok || c.action != "AssumeRole" {
		return
	}
	parts := strings.Split(c.role, ":")
	if m := accessKey.FindSubmatch(body); m != nil && len(parts) > 4 {
		f.set(func() { f.keys[string(m[1])] = parts[4] })
	}
}

// summary rewrites GetAccountSummary's AccountMFAEnabled and
// AccountPasswordPresent where the test set them for the account.
func (f *Front) summary(ctx context.Context, body []byte) []byte {
	c, ok := ctx.Value(callKey{}).(call)
	if !ok || c.action != "GetAccountSummary" {
		return body
	}
	f.mu.Lock()
	mfa, setMFA := f.rootMFA[c.account]
	pw, setPW := f.password[c.account]
	f.mu.Unlock()
	if setMFA {
		body = setSummary(body, "AccountMFAEnabled", mfa)
	}
	if setPW {
		body = setSummary(body, "AccountPasswordPresent", pw)
	}
	return body
}

func setSummary(body []byte, key string, on bool) []byte {
	v := "0"
	if on {
		v = "1"
	}
	entry := regexp.MustCompile(`<key>` + key + `</key>\s*<value>\d+</value>`)
	if entry.Match(body) {
		return entry.ReplaceAll(body, []byte("<key>"+key+"</key><value>"+v+"</value>"))
	}
	return bytes.Replace(body, []byte("<SummaryMap>"), []byte("<SummaryMap><entry><key>"+key+"</key><value>"+v+"</value></entry>"), 1)
}

// AllCalls is how many calls of any action the front answered.
func (f *Front) AllCalls() int {
	return get(f, func() int {
		n := 0
		for _, c := range f.calls {
			n += c
		}
		return n
	})
}
