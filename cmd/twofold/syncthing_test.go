package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/internal/testtool"
)

// Two real Syncthing instances on 127.0.0.1, each with its own home and
// keys, sharing one folder; discovery, relays, NAT traversal and usage
// reporting off, connected through static addresses. Pausing the other
// device through the REST API keeps them apart while both edit the vault.

type syncthingNode struct {
	t      *testing.T
	bin    string
	home   string
	folder string
	id     string
	apiKey string
	gui    string
	listen string
}

// freeAddr is a port on 127.0.0.1 nothing listens on just now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func newSyncthingNode(t *testing.T, bin, dir, name string) *syncthingNode {
	t.Helper()
	n := &syncthingNode{t: t, bin: bin, home: filepath.Join(dir, name+"-home"), folder: filepath.Join(dir, name),
		gui: freeAddr(t), listen: freeAddr(t)}
	if out, err := exec.Command(bin, "generate", "--home="+n.home, "--no-default-folder").CombinedOutput(); err != nil {
		t.Fatalf("syncthing generate: %v: %s", err, out)
	}
	out, err := exec.Command(bin, "--home="+n.home, "--device-id").Output()
	if err != nil {
		t.Fatal(err)
	}
	n.id = strings.TrimSpace(string(out))
	cfgPath := filepath.Join(n.home, "config.xml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	n.apiKey = regexp.MustCompile(`<apikey>([^<]+)</apikey>`).FindStringSubmatch(string(cfg))[1]
	c := string(cfg)
	for from, to := range map[string]string{
		"<listenAddress>default</listenAddress>":              "<listenAddress>tcp://" + n.listen + "</listenAddress>",
		"<globalAnnounceEnabled>true</globalAnnounceEnabled>": "<globalAnnounceEnabled>false</globalAnnounceEnabled>",
		"<localAnnounceEnabled>true</localAnnounceEnabled>":   "<localAnnounceEnabled>false</localAnnounceEnabled>",
		"<relaysEnabled>true</relaysEnabled>":                 "<relaysEnabled>false</relaysEnabled>",
		"<natEnabled>true</natEnabled>":                       "<natEnabled>false</natEnabled>",
		"<startBrowser>true</startBrowser>":                   "<startBrowser>false</startBrowser>",
		"<urAccepted>0</urAccepted>":                          "<urAccepted>-1</urAccepted>",
		"<crashReportingEnabled>true</crashReportingEnabled>": "<crashReportingEnabled>false</crashReportingEnabled>",
		"<autoUpgradeIntervalH>12</autoUpgradeIntervalH>":     "<autoUpgradeIntervalH>0</autoUpgradeIntervalH>",
	} {
		if !strings.Contains(c, from) {
			t.Fatalf("syncthing's generated config has no %s", from)
		}
		c = strings.Replace(c, from, to, 1)
	}
	if err := os.WriteFile(cfgPath, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(n.folder, 0o700); err != nil {
		t.Fatal(err)
	}
	// The lines the README asks for.
	if err := os.WriteFile(filepath.Join(n.folder, ".stignore"), []byte("vault.age.lock\n.vault.age.*.tmp\n.vault.age.bak.tmp\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--home="+n.home, "--no-browser", "--no-restart", "--no-upgrade",
		"--gui-address=http://"+n.gui, "--logfile="+filepath.Join(dir, name+".log"))
	cmd.Env = append(os.Environ(), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	n.waitFor("its REST API", func() bool { return n.call("GET", "/rest/system/ping", nil) == nil })
	return n
}

// call makes a REST API request; body is sent as JSON.
func (n *syncthingNode) call(method, path string, body any) error {
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, "http://"+n.gui+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", n.apiKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return nil
}

func (n *syncthingNode) must(method, path string, body any) {
	n.t.Helper()
	if err := n.call(method, path, body); err != nil {
		n.t.Fatal(err)
	}
}

// waitFor polls cond until it holds, failing after a minute.
func (n *syncthingNode) waitFor(what string, cond func() bool) {
	n.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			n.t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// share connects n to other and shares the folder with it.
func (n *syncthingNode) share(other *syncthingNode) {
	n.must("POST", "/rest/config/devices", map[string]any{"deviceID": other.id, "name": filepath.Base(other.folder),
		"addresses": []string{"tcp://" + other.listen}})
	n.must("POST", "/rest/config/folders", map[string]any{"id": "twofold", "label": "Twofold", "path": n.folder,
		"type": "sendreceive", "rescanIntervalS": 3600, "fsWatcherEnabled": true, "fsWatcherDelayS": 1, "maxConflicts": 10,
		"devices": []map[string]string{{"deviceID": n.id}, {"deviceID": other.id}}})
}

func (n *syncthingNode) scan() { n.must("POST", "/rest/db/scan?folder=twofold", nil) }

func conflictCopiesIn(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "vault.sync-conflict-*.age"))
	return m
}

func TestTwoSyncthingsMergeWhatTheyForked(t *testing.T) {
	bin := testtool.Require(t, "syncthing")
	dir := t.TempDir()
	a, b := newSyncthingNode(t, bin, dir, "laptop"), newSyncthingNode(t, bin, dir, "desktop")
	a.share(b)
	b.share(a)

	laptop, desktop := newTestCLI(t), newTestCLI(t)
	laptop.vault, desktop.vault = filepath.Join(a.folder, "vault.age"), filepath.Join(b.folder, "vault.age")
	laptop.ok("init")
	laptop.ok("add", seedURI("shared", "JBSWY3DPEHPK3PXA"))
	laptop.ok("add", seedURI("keep", "JBSWY3DPEHPK3PXB"))
	laptop.ok("add", seedURI("doomed", "JBSWY3DPEHPK3PXC"))
	a.scan()
	same := func() bool {
		x, err1 := os.ReadFile(laptop.vault)
		y, err2 := os.ReadFile(desktop.vault)
		return err1 == nil && err2 == nil && bytes.Equal(x, y)
	}
	a.waitFor("the vault to reach the desktop", same)

	// Apart: each pauses the other.
	a.must("POST", "/rest/system/pause?device="+b.id, nil)
	b.must("POST", "/rest/system/pause?device="+a.id, nil)
	laptop.ok("add", seedURI("laptop-new", "JBSWY3DPEHPK3PXD"))
	laptop.ok("rename", "keep", "--issuer", "Kept Inc")
	laptop.ok("rename", "shared", "--issuer", "Laptop")
	time.Sleep(1100 * time.Millisecond) // the desktop renames later: times have whole seconds
	desktop.ok("add", seedURI("desktop-new", "JBSWY3DPEHPK3PXE"))
	desktop.ok("rm", "doomed", "--yes")
	desktop.ok("rename", "shared", "--issuer", "Desktop")

	// They meet: Syncthing keeps one version and makes a conflict copy of the other.
	a.must("POST", "/rest/system/resume?device="+b.id, nil)
	b.must("POST", "/rest/system/resume?device="+a.id, nil)
	a.scan()
	b.scan()
	a.waitFor("a conflict copy on both sides", func() bool {
		return len(conflictCopiesIn(a.folder)) > 0 && len(conflictCopiesIn(b.folder)) > 0 && same()
	})

	// Twofold runs on each side.
	_, errOut, code := laptop.run("list")
	if code != 0 || !strings.Contains(errOut, "merged Syncthing's conflict copy") {
		t.Fatalf("laptop: exit %d: %s", code, errOut)
	}
	a.scan()
	a.waitFor("the merged vault on both sides, no conflict copy left", func() bool {
		return same() && len(conflictCopiesIn(a.folder)) == 0 && len(conflictCopiesIn(b.folder)) == 0
	})
	onDesktop := desktop.ok("list", "--json")
	onLaptop := laptop.ok("list", "--json")
	if onDesktop != onLaptop {
		t.Errorf("the two sides differ:\n%s\n%s", onLaptop, onDesktop)
	}
	for _, want := range []string{"laptop-new", "desktop-new", "Kept Inc", `"issuer": "Desktop"`} {
		if !strings.Contains(onDesktop, want) {
			t.Errorf("the merged vault lacks %s:\n%s", want, onDesktop)
		}
	}
	if strings.Contains(onDesktop, "doomed") || strings.Contains(onDesktop, `"Laptop"`) {
		t.Errorf("a deleted seed or the earlier rename is back:\n%s", onDesktop)
	}
}
