package quietlog

import (
	"bytes"
	"io"
	"sync"
)

// Two messages Fyne logs that say nothing is wrong, and are dropped:
//
//   - "Getting favorite locations ... this computer does not define a
//     VIDEOS folder": Fyne's file dialog asks xdg-user-dir for the Home,
//     Documents, Downloads, Music, Pictures and Videos folders, and logs
//     an error when one is not defined (a fresh home has none; xdg-user-dir
//     then answers the home itself), on every file dialog. The dialog
//     leaves the folder out, as it should.
//   - "Preferences load error: EOF": Fyne saves its preferences file on
//     quit by truncating and rewriting it, and its watcher of the same
//     file can read it in between, empty. The values in memory are the
//     ones being saved.
//
// Anything else, from Fyne or not, goes through.
var known = []struct{ reason, cause []byte }{
	{[]byte("Fyne error:  Getting favorite locations"), []byte("  Cause: this computer does not define a ")},
	{[]byte("Fyne error:  Preferences load error:"), []byte("  Cause: EOF")},
}

// filter passes log lines to w but those of the known messages. Fyne's
// LogError writes a message as up to three lines (reason, cause, place),
// each its own Write; a reason is held back until its cause shows whether
// it is a known one.
type filter struct {
	mu   sync.Mutex
	w    io.Writer
	held []byte // a known reason, waiting for its cause
	drop bool   // within a dropped message: its "At:" line goes too
}

func (f *filter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held != nil {
		held := f.held
		f.held = nil
		if i := knownReason(held); i >= 0 && bytes.Contains(p, known[i].cause) {
			f.drop = true
			return len(p), nil
		}
		if _, err := f.w.Write(held); err != nil {
			return 0, err
		}
	}
	if f.drop && bytes.Contains(p, []byte("  At: ")) {
		f.drop = false
		return len(p), nil
	}
	f.drop = false
	if knownReason(p) >= 0 {
		f.held = bytes.Clone(p)
		return len(p), nil
	}
	return f.w.Write(p)
}

func knownReason(line []byte) int {
	for i, k := range known {
		if bytes.Contains(line, k.reason) {
			return i
		}
	}
	return -1
}
