package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Conflict copies: when two devices change the vault while apart, the
// file sync tool keeps one version at PATH and the other beside it under
// a name of its own. Twofold finds these copies, merges the ones that
// open with the vault's passphrase, and removes each only once the merged
// vault is written (a crash in between leaves the copy, and merging it
// again then adds nothing). What is not a copy of the vault itself is
// never touched: PATH.bak and its own conflict copies (Syncthing names
// them NAME.EXT.sync-conflict-….bak: they are earlier versions), the
// lock, and temporary files (.NAME.*.tmp, Syncthing's .syncthing.*.tmp).

// SyncTool names the tool whose naming a conflict copy follows.
type SyncTool string

// The sync tools whose conflict copies are recognised.
const (
	Syncthing SyncTool = "syncthing" // NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT
	Dropbox   SyncTool = "dropbox"   // NAME (… conflicted copy …).EXT, Nextcloud's too
	OneDrive  SyncTool = "onedrive"  // NAME-HOSTNAME.EXT
)

// ConflictCopy is a file beside the vault that a sync tool wrote as a
// conflicting version of it.
type ConflictCopy struct {
	Path string
	Tool SyncTool
}

// ConflictCopies lists the conflict copies of the vault at path, in name
// order. OneDrive's NAME-HOSTNAME.EXT could be any file a person named
// so ("vault-old.age"): only this machine's host name counts, since
// OneDrive names the copy it makes after the machine that makes it.
func ConflictCopies(path string) ([]ConflictCopy, error) {
	dir, base := filepath.Split(resolveSymlinks(path))
	ext := filepath.Ext(base)
	stem := regexp.QuoteMeta(strings.TrimSuffix(base, ext))
	qext := regexp.QuoteMeta(ext)
	syncthing := regexp.MustCompile(`^` + stem + `\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}` + qext + `$`)
	dropbox := regexp.MustCompile(`^` + stem + ` \([^()/]*conflicted copy[^()/]*\)` + qext + `$`)
	host, _ := os.Hostname()
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("looking for conflict copies: %w", err)
	}
	var out []ConflictCopy
	for _, e := range entries {
		name := e.Name()
		var tool SyncTool
		switch {
		case syncthing.MatchString(name):
			tool = Syncthing
		case dropbox.MatchString(name):
			tool = Dropbox
		case host != "" && strings.EqualFold(name, strings.TrimSuffix(base, ext)+"-"+host+ext):
			tool = OneDrive
		default:
			continue
		}
		out = append(out, ConflictCopy{Path: filepath.Join(dir, name), Tool: tool})
	}
	return out, nil
}

// CopyMerge is one conflict copy merged into the vault.
type CopyMerge struct {
	Copy   ConflictCopy
	Report MergeReport
	// Removed is false when the copy could not be removed after the
	// merged vault was written (RemoveErr says why).
	Removed   bool
	RemoveErr error
}

// CopyRefused is a conflict copy left alone: it did not open with the
// vault's passphrase, is damaged, or is from a newer Twofold (Err).
type CopyRefused struct {
	Copy ConflictCopy
	Err  error
}

// CopiesMerged is what MergeConflictCopies did.
type CopiesMerged struct {
	Merged  []CopyMerge
	Refused []CopyRefused
	// Saved is whether the vault was written (false when the copies
	// added nothing).
	Saved bool
}

// MergeConflictCopies merges every conflict copy of the vault at path
// that opens with key (the vault's passphrase or another way in: a copy
// of the vault has its ways in), saves the merged vault once, then removes
// the merged copies. It holds the vault's lock throughout, waiting up to
// wait for it. With no copies it does nothing and costs one directory
// read. A copy that does not open is left in place and listed in
// Refused; an error is returned only when the vault itself cannot be
// read or saved, and then no copy is removed.
func MergeConflictCopies(path string, key Key, wait time.Duration) (CopiesMerged, error) {
	var res CopiesMerged
	path = resolveSymlinks(path)
	copies, err := ConflictCopies(path)
	if err != nil || len(copies) == 0 {
		return res, err
	}
	var lock *flock.Flock
	err = withLockHeld(path, wait, &lock, func() error {
		v, err := OpenKey(path, key)
		if err != nil {
			return err
		}
		defer v.Wipe()
		v.lock = lock
		changed := false
		for _, c := range copies {
			other, err := OpenKey(c.Path, key)
			if err != nil {
				res.Refused = append(res.Refused, CopyRefused{c, err})
				continue
			}
			rep := v.MergeFrom(other)
			changed = changed || rep.ChangesOurs()
			res.Merged = append(res.Merged, CopyMerge{Copy: c, Report: rep})
		}
		if changed {
			if err := v.Save(); err != nil {
				return fmt.Errorf("saving the merged vault: %w", err)
			}
			res.Saved = true
		}
		return nil
	})
	if err != nil {
		return CopiesMerged{Refused: res.Refused}, err
	}
	// The merged vault is on disk (or the copies added nothing): the
	// copies can go.
	for i := range res.Merged {
		m := &res.Merged[i]
		if err := os.Remove(m.Copy.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			m.RemoveErr = err
			continue
		}
		m.Removed = true
	}
	if len(res.Merged) > 0 {
		_ = syncDir(filepath.Dir(path))
	}
	return res, nil
}

// MergeFile merges the vault file at copyPath, opened with copyKey, into
// the vault at path and saves it once (when it changes), holding the
// vault's lock throughout. The copy itself is left as it is.
func MergeFile(path string, key Key, copyPath string, copyKey Key, wait time.Duration) (MergeReport, error) {
	path = resolveSymlinks(path)
	if filepath.Clean(resolveSymlinks(copyPath)) == filepath.Clean(path) {
		return MergeReport{}, ErrSameFile
	}
	var rep MergeReport
	var lock *flock.Flock
	err := withLockHeld(path, wait, &lock, func() error {
		v, err := OpenKey(path, key)
		if err != nil {
			return err
		}
		defer v.Wipe()
		v.lock = lock
		raw, err := readVaultFile(copyPath)
		if err != nil {
			return &CopyError{Err: fmt.Errorf("reading: %w", err)}
		}
		other, err := openRaw(copyPath, raw, copyKey)
		if err != nil {
			return &CopyError{Err: err}
		}
		rep = v.MergeFrom(other)
		if !rep.ChangesOurs() {
			return nil
		}
		return v.Save()
	})
	return rep, err
}

// ErrSameFile is returned when a vault is asked to merge itself.
var ErrSameFile = errors.New("the copy is the vault itself")

// CopyError is an error of the copy being merged, not of the vault:
// errors.Is sees through it (ErrWrongPassphrase, ErrCorrupt, ...).
type CopyError struct{ Err error }

func (e *CopyError) Error() string { return "the copy: " + e.Err.Error() }
func (e *CopyError) Unwrap() error { return e.Err }

// MergeFrom merges other, another copy of the vault, into v's data (see
// MergeWith; v's PATH.bak is the base when it is the version both
// descend from). v takes over other's secret buffers, for its own Wipe;
// other is left empty and cannot be saved.
func (v *Vault) MergeFrom(other *Vault) MergeReport {
	var candidates []Data
	if !v.Data.Holds(&other.Data) && !other.Data.Holds(&v.Data) {
		if common := CommonRevision(&v.Data, &other.Data); common != "" {
			if bak, err := Open(v.path+".bak", v.passphrase); err == nil {
				defer bak.Wipe() // the merge keeps none of the base's values
				if bak.Data.Revision == common {
					candidates = append(candidates, bak.Data)
				}
			}
		}
	}
	// Changes not saved yet get their times now; what comes from other
	// keeps its own (remember: the next save must not stamp it again).
	v.Data.stampRecords(v.saved, clock())
	merged, rep := MergeWith(v.Data, other.Data, candidates...)
	v.Data = merged
	v.remember()
	v.owned = append(v.owned, other.owned...)
	other.owned, other.Data, other.passphrase, other.wiped = nil, Data{}, "", true
	return rep
}
