package main

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/qr"
)

// The secret-hygiene harness: it runs a real twofold binary in a scratch
// home of its own, and records every place a known secret shows where it
// should not: standard output and error, the command line and
// environment of the running process (read from /proc while it runs),
// and any file under the scratch home, temporary and vault directories
// other than the inputs the person gave and the exports they asked for.
// Image files are read for QR codes too, so a QR image left behind is
// found. Leaks are described by where they were and which secret, never
// with the secret itself.

// secret is one known secret and the forms it could take in a leak.
type secret struct {
	name  string
	forms map[string][]byte // form name -> bytes to look for
}

// seedSecret describes a seed secret given as raw bytes: base32 (with and
// without padding, either case), hex, base64 (standard, URL-safe, and
// URL-escaped as in otpauth-migration links) and the raw bytes.
func seedSecret(name string, raw []byte) secret {
	b32 := base32.StdEncoding.EncodeToString(raw)
	std := base64.StdEncoding.EncodeToString(raw)
	return secret{name: name, forms: map[string][]byte{
		"base32":             []byte(strings.TrimRight(b32, "=")),
		"lowercase base32":   []byte(strings.ToLower(strings.TrimRight(b32, "="))),
		"hex":                []byte(hex.EncodeToString(raw)),
		"uppercase hex":      []byte(strings.ToUpper(hex.EncodeToString(raw))),
		"base64":             []byte(strings.TrimRight(std, "=")),
		"URL-safe base64":    []byte(base64.RawURLEncoding.EncodeToString(raw)),
		"URL-escaped base64": []byte(url.QueryEscape(std)),
		"raw bytes":          raw,
	}}
}

// textSecret describes a secret that is text, such as a passphrase.
func textSecret(name, text string) secret {
	return secret{name: name, forms: map[string][]byte{"text": []byte(text)}}
}

// find names the forms of the secret that data holds, also once spaces
// and dashes are taken out (a secret shown in groups of four).
func (s secret) find(data []byte) []string {
	flat := []byte(strings.NewReplacer(" ", "", "-", "", "\n", "").Replace(string(data)))
	var found []string
	for form, b := range s.forms {
		if bytes.Contains(data, b) || bytes.Contains(flat, b) {
			found = append(found, form)
		}
	}
	sort.Strings(found)
	return found
}

// hygiene runs commands and collects leaks.
type hygiene struct {
	t       *testing.T
	bin     string
	root    string // the scratch directory: home, tmp and work below it
	home    string
	tmp     string
	work    string // the vault and the inputs
	vault   string
	pass    string   // the current passphrase file
	env     []string // the commands' environment
	secrets []secret
	allowed map[string]string // path -> why it may hold a secret
	leaks   []string
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildTwofold builds the binary once per test process, with the test
// build's weak KDF so that each command opens the vault quickly.
func buildTwofold(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "twofold-hygiene-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "twofold")
		out, err := exec.Command("go", "build", "-tags", "twofold_fastkdf", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func newHygiene(t *testing.T) *hygiene {
	t.Helper()
	root := t.TempDir()
	h := &hygiene{t: t, bin: buildTwofold(t), root: root, allowed: map[string]string{},
		home: filepath.Join(root, "home"), tmp: filepath.Join(root, "tmp"), work: filepath.Join(root, "work")}
	for _, d := range []string{h.home, h.tmp, h.work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	h.vault = filepath.Join(h.work, "vault.age")
	h.env = []string{
		"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "HOME=" + h.home, "TMPDIR=" + h.tmp,
		"XDG_CONFIG_HOME=" + filepath.Join(h.home, ".config"), "XDG_CACHE_HOME=" + filepath.Join(h.home, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(h.home, ".local/share"), "XDG_STATE_HOME=" + filepath.Join(h.home, ".local/state"),
	}
	for _, kv := range os.Environ() { // a local IAM, when the test started one
		if strings.HasPrefix(kv, "AWS_") {
			h.env = append(h.env, kv)
		}
	}
	return h
}

// input writes a file the person gives to a command (a passphrase file,
// an export to import); it may hold secrets.
func (h *hygiene) input(name string, content []byte) string {
	h.t.Helper()
	p := filepath.Join(h.work, name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		h.t.Fatal(err)
	}
	h.allowed[p] = "an input"
	return p
}

// export records a file or directory the person asked a command to write
// secrets to.
func (h *hygiene) export(path string) string {
	h.allowed[path] = "an export asked for"
	return path
}

// hygieneRun is one run of a program under the harness.
type hygieneRun struct {
	args    []string
	stdin   string
	exe     string // default: twofold with --vault and --passphrase-file
	shows   bool   // stdout shows a secret by design (qr, export uris)
	wantErr bool   // the command must fail
}

// run runs a twofold command that must succeed and returns its stdout.
func (h *hygiene) run(args ...string) string {
	h.t.Helper()
	return h.do(hygieneRun{args: args})
}

// fail runs a twofold command that must fail.
func (h *hygiene) fail(args ...string) string {
	h.t.Helper()
	return h.do(hygieneRun{args: args, wantErr: true})
}

// do runs c, checks its exit status, watches its process while it runs,
// then looks for secrets in its output and in the files it may have left.
func (h *hygiene) do(c hygieneRun) string {
	h.t.Helper()
	argv := c.args
	if c.exe == "" {
		c.exe = h.bin
		argv = append([]string{"--vault", h.vault, "--passphrase-file", h.pass}, c.args...)
	}
	name := h.describe(c.exe, c.args)
	cmd := exec.Command(c.exe, argv...)
	cmd.Dir, cmd.Env = h.work, h.env
	cmd.Stdin = strings.NewReader(c.stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("%s: %v", name, err)
	}
	seen := watchProcess(cmd.Process.Pid)
	err := cmd.Wait()
	proc := seen()
	var exit *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exit):
		h.t.Fatalf("%s: %v", name, err)
	case err == nil && c.wantErr:
		h.t.Errorf("%s succeeded; want a failure", name)
	case err != nil && !c.wantErr:
		h.t.Errorf("%s: %v (stderr withheld: it may hold a secret)", name, err)
	}
	h.look(name+": command line", []byte(strings.Join(cmd.Args, "\x00")))
	h.look(name+": /proc command line and environment", proc)
	if !c.shows {
		h.look(name+": stdout", stdout.Bytes())
	}
	h.look(name+": stderr", stderr.Bytes())
	h.scanFiles(name)
	return stdout.String()
}

// describe names a command for a leak report, with every known secret
// form in its arguments blotted out.
func (h *hygiene) describe(exe string, args []string) string {
	s := filepath.Base(exe) + " " + strings.Join(args, " ")
	for _, sec := range h.secrets {
		for _, b := range sec.forms {
			if len(b) >= 6 {
				s = strings.ReplaceAll(s, string(b), "<"+sec.name+">")
			}
		}
	}
	return s
}

// look records a leak for each secret that data holds.
func (h *hygiene) look(where string, data []byte) {
	for _, s := range h.secrets {
		if forms := s.find(data); len(forms) > 0 {
			h.leaks = append(h.leaks, fmt.Sprintf("%s holds the %s (%s)", where, s.name, strings.Join(forms, ", ")))
		}
	}
}

// scanFiles looks through every file under the scratch directory that is
// not allowed to hold a secret, and through the QR codes of its images.
func (h *hygiene) scanFiles(after string) {
	h.t.Helper()
	err := filepath.WalkDir(h.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if _, ok := h.allowed[path]; ok {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(h.root, path)
		where := fmt.Sprintf("file %s after %s", rel, after)
		h.look(where, data)
		if texts, err := qr.DecodeAll(bytes.NewReader(data)); err == nil {
			h.look(where+" (its QR codes)", []byte(strings.Join(texts, "\n")))
		}
		return nil
	})
	if err != nil {
		h.t.Fatalf("scanning files after %s: %v", after, err)
	}
}

// report fails the test once for each leak found.
func (h *hygiene) report() {
	h.t.Helper()
	for _, l := range dedupe(h.leaks) {
		h.t.Error(l)
	}
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// watchProcess reads the command line and environment of process pid,
// and of the processes it starts, from /proc until the returned function
// is called (once the process has been waited for); that function
// returns all that was read.
func watchProcess(pid int) func() []byte {
	done, finished := make(chan struct{}), make(chan struct{})
	seen := map[string]bool{}
	tree := map[string]bool{fmt.Sprint(pid): true}
	go func() {
		defer close(finished)
		for {
			addChildren(tree)
			for p := range tree {
				for _, f := range []string{"cmdline", "environ"} {
					if b, err := os.ReadFile(filepath.Join("/proc", p, f)); err == nil {
						seen[string(b)] = true
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() []byte {
		close(done)
		<-finished
		var all bytes.Buffer
		for s := range seen {
			all.WriteString(s)
			all.WriteByte(0)
		}
		return all.Bytes()
	}
}

// addChildren adds to tree every process whose parent is in it.
func addChildren(tree map[string]bool) {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, stat := range stats {
		b, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(fields) > 1 && tree[fields[1]] {
			tree[filepath.Base(filepath.Dir(stat))] = true
		}
	}
}
