package vault

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The device id is random, made once and kept in the user's config
// directory, outside any synced folder (a vault at the default path
// lives in the same directory; one kept in a synced folder does not take
// its device file along). A device whose file cannot be kept gets a new
// id per process: merges still work, only the names in reports change.

var localWriter = sync.OnceValue(func() Writer {
	host, _ := os.Hostname()
	return Writer{Device: deviceID(), Host: host}
})

// LocalWriter is this device as a vault's writer.
func LocalWriter() Writer { return localWriter() }

func deviceID() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return NewID()
	}
	path := filepath.Join(dir, "twofold", "device-id")
	if b, err := os.ReadFile(path); err == nil {
		if id := strings.TrimSpace(string(b)); len(id) == 16 && strings.Trim(id, "0123456789abcdef") == "" {
			return id
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return NewID()
	}
	id := NewID()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return id
	}
	tmp := path + "." + id + ".tmp"
	if err := os.WriteFile(tmp, []byte(id+"\n"), 0o600); err != nil {
		return id
	}
	// Link, not rename: a process that made its id at the same moment
	// keeps the first one written.
	if err := os.Link(tmp, path); err != nil {
		os.Remove(tmp)
		if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) == 16 {
			return strings.TrimSpace(string(b))
		}
		return id
	}
	os.Remove(tmp)
	return id
}
