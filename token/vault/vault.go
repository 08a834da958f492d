// Package vault is Twofold's encrypted store on disk: the seeds, the
// accounts and their factors, the hardware keys a person owns, and
// settings, in one file.
//
// # Security properties
//
// The file is an age file (filippo.io/age, format age-encryption.org/v1)
// encrypted to a passphrase. age derives the key with scrypt, a
// memory-hard KDF, from a fresh random salt on every save; the work
// factor (log2 N) travels in the file's header, and a file whose work
// factor is above MaxWorkFactor is refused before any work is done, so a
// crafted file cannot make Twofold spend minutes or gigabytes. The
// payload is authenticated: a flipped bit anywhere after the header is
// reported as ErrCorrupt, never decrypted to garbage. A wrong passphrase
// is reported as ErrWrongPassphrase. (A damaged scrypt stanza in the
// header is indistinguishable from a wrong passphrase, by design of the
// cipher.)
//
// The file itself is checked before it is read: it must be a regular file
// of at most MaxFileSize (64 MiB); a directory, FIFO, device or larger
// file is refused with ErrNotVaultFile without reading it or waiting on it.
//
// Inside is versioned JSON (SchemaVersion). Nothing is ever written in the
// clear: the temporary file of a save already holds ciphertext.
//
// # Durability
//
// A save writes a temporary file in the same directory with mode 0600,
// fsyncs it, keeps the current file as PATH.bak (a hard link under a
// temporary name renamed over PATH.bak, so there is no moment without a
// vault nor without a backup), renames the temporary file over PATH and
// fsyncs the directory. A crash at any point leaves either the old or the
// new vault at PATH. Saves happen under an exclusive lock on PATH.lock,
// so two processes never interleave writes; a process that cannot get
// the lock within LockWait gets ErrLocked. A process that saves over a
// vault changed by another process since it opened it gets ErrConflict
// instead of silently discarding the other process's change.
//
// A vault path that is a symbolic link (a vault kept in a synced folder,
// say) is resolved once when the vault is opened; saves replace the
// target, never the link, and the backup and lock file sit beside the
// target.
package vault

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// SchemaVersion is the version of the plaintext inside the vault file.
// Files with a higher version are refused rather than half-read.
const SchemaVersion = 1

// Work factors (log2 of scrypt's N, with r=8, p=1: memory is 2^logN KiB).
const (
	// RecommendedWorkFactor is N=2^17 (128 MiB, r=8, p=1), the minimum
	// OWASP's password storage guidance gives for scrypt. It costs about
	// a quarter of a second on a server core (BenchmarkUnlockAndList):
	// unlocking feels prompt, while every offline guess against a stolen
	// vault costs the same 128 MiB and time, which is what makes GPUs and
	// ASICs expensive to throw at it. (age's own default, 2^18, takes
	// twice as long for one more bit of guessing cost.)
	RecommendedWorkFactor = 17
	// MaxWorkFactor bounds what a vault file may ask for when read
	// (1 GiB, a few seconds): more is treated as a hostile file.
	MaxWorkFactor = 20
	// minWorkFactor is the least Create accepts; only tests go this low.
	minWorkFactor = 10
)

// newVaultWorkFactor is the cost of vaults made by Create and of
// passphrase changes. Builds with the twofold_fastkdf tag lower it so
// test suites stay fast; release builds never set that tag.
var newVaultWorkFactor = RecommendedWorkFactor

// LockWait is how long a save waits for another process's lock: long
// enough for a queue of writers, each holding the lock for one key
// derivation (about a quarter of a second), to pass.
var LockWait = 30 * time.Second

// Errors a caller can tell apart with errors.Is.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrCorrupt         = errors.New("vault file is corrupt")
	ErrNotFound        = errors.New("no vault file")
	ErrExists          = errors.New("a vault file already exists")
	ErrLocked          = errors.New("vault is locked by another process")
	ErrConflict        = errors.New("vault was changed by another process since it was opened")
	ErrNewerVersion    = errors.New("vault was written by a newer version of Twofold")
	ErrWorkFactor      = errors.New("vault asks for an unreasonable key-derivation cost")
	ErrEmptyPassphrase = errors.New("passphrase is empty")
)

// Data is everything a vault holds.
type Data struct {
	Version  int                   `json:"version"`
	Seeds    []token.Seed          `json:"seeds"`
	Accounts []inventory.Account   `json:"accounts"`
	Keys     []inventory.KeyRecord `json:"keys"`
	Settings map[string]string     `json:"settings,omitempty"`
}

// Vault is an unlocked vault: its data in memory and what is needed to
// save it again.
type Vault struct {
	path       string
	passphrase string
	workFactor int
	// onDisk is the SHA-256 of the file as this Vault last read or wrote
	// it, to detect another process's save.
	onDisk [sha256.Size]byte
	// lock is held while Edit runs; nil otherwise.
	lock *flock.Flock
	// rekeyBackup makes the next write replace PATH.bak with the new
	// file instead of the old one (a passphrase change).
	rekeyBackup bool

	Data Data
}

// DefaultPath is where the vault lives unless the user says otherwise.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(dir, "twofold", "vault.age"), nil
}

// Path is the vault's file.
func (v *Vault) Path() string { return v.path }

// WorkFactor is the scrypt work factor the vault is saved with.
func (v *Vault) WorkFactor() int { return v.workFactor }

// Create makes a new, empty vault at path, protected by passphrase. It
// fails with ErrExists rather than overwrite anything.
func Create(path, passphrase string) (*Vault, error) {
	if passphrase == "" {
		return nil, ErrEmptyPassphrase
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating vault directory: %w", err)
	}
	v := &Vault{
		path:       path,
		passphrase: passphrase,
		workFactor: newVaultWorkFactor,
		Data:       Data{Version: SchemaVersion},
	}
	err := v.withLock(func() error {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%w at %s", ErrExists, path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("checking for an existing vault: %w", err)
		}
		return v.write()
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Open reads and decrypts the vault at path. It never writes to disk.
// A path that is a symbolic link is resolved once, here: saves go to the
// target (with its .bak and .lock beside it), and the link stays a link.
func Open(path, passphrase string) (*Vault, error) {
	path = resolveSymlinks(path)
	raw, err := readVaultFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s (create one with 'twofold init')", ErrNotFound, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading vault: %w", err)
	}
	data, workFactor, err := decrypt(raw, passphrase)
	if err != nil {
		return nil, err
	}
	return &Vault{
		path:       path,
		passphrase: passphrase,
		workFactor: workFactor,
		onDisk:     sha256.Sum256(raw),
		Data:       data,
	}, nil
}

// Edit opens the vault, runs fn on it and saves it, holding the lock the
// whole time so that no other process can save in between. If fn returns
// an error nothing is saved.
func Edit(path, passphrase string, fn func(*Vault) error) error {
	path = resolveSymlinks(path)
	probe := &Vault{path: path}
	return probe.withLock(func() error {
		v, err := Open(path, passphrase)
		if err != nil {
			return err
		}
		v.lock = probe.lock
		defer func() { v.lock = nil }()
		if err := fn(v); err != nil {
			return err
		}
		return v.Save()
	})
}

// Save encrypts the vault's data and replaces the file atomically.
func (v *Vault) Save() error {
	if v.lock != nil {
		return v.saveLocked()
	}
	return v.withLock(v.saveLocked)
}

func (v *Vault) saveLocked() error {
	current, err := readVaultFile(v.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading vault before saving: %w", err)
	}
	if err == nil && sha256.Sum256(current) != v.onDisk {
		return ErrConflict
	}
	return v.write()
}

// ChangePassphrase re-encrypts the vault under a new passphrase, at the
// recommended cost, and saves it. The backup PATH.bak is replaced by the
// new file too, before PATH is: no file left behind opens with the old
// passphrase. (Killed between the two renames, PATH.bak opens with the new
// passphrase and PATH with the old; both hold the same data.)
func (v *Vault) ChangePassphrase(passphrase string) error {
	if passphrase == "" {
		return ErrEmptyPassphrase
	}
	old, oldFactor := v.passphrase, v.workFactor
	v.passphrase = passphrase
	v.workFactor = max(v.workFactor, newVaultWorkFactor)
	v.rekeyBackup = true
	defer func() { v.rekeyBackup = false }()
	if err := v.Save(); err != nil {
		v.passphrase, v.workFactor = old, oldFactor
		return err
	}
	return nil
}

func (v *Vault) withLock(fn func() error) error {
	lock := flock.New(v.path+".lock", flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), LockWait)
	defer cancel()
	ok, err := lock.TryLockContext(ctx, 20*time.Millisecond)
	if !ok {
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("locking vault: %w", err)
		}
		return ErrLocked
	}
	defer lock.Unlock()
	v.lock = lock
	defer func() { v.lock = nil }()
	return fn()
}

// resolveSymlinks returns path with its symbolic links resolved, or path
// itself when that fails (a missing file is reported by the caller).
func resolveSymlinks(path string) string {
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		return resolved
	}
	return path
}

// write encrypts and atomically replaces the file; the lock must be held.
func (v *Vault) write() error {
	v.Data.Version = SchemaVersion
	ciphertext, err := encrypt(v.Data, v.passphrase, v.workFactor)
	if err != nil {
		return err
	}
	dir := filepath.Dir(v.path)
	pattern := "." + filepath.Base(v.path) + ".*.tmp"
	removeStale(filepath.Join(dir, pattern))
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return fmt.Errorf("creating temporary file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := writeSynced(tmp, ciphertext); err != nil {
		return fmt.Errorf("writing temporary file: %w", err)
	}
	backupOf := v.path
	if v.rekeyBackup {
		backupOf = tmp.Name()
	}
	if err := keepBackup(backupOf, v.path+".bak"); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), v.path); err != nil {
		return fmt.Errorf("replacing vault: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	v.onDisk = sha256.Sum256(ciphertext)
	return nil
}

// removeStale deletes temporary files left by a writer that died mid-save.
// Only lock holders write them, so under the lock any that exist are stale.
func removeStale(glob string) {
	stale, _ := filepath.Glob(glob)
	for _, f := range stale {
		os.Remove(f)
	}
}

func writeSynced(f *os.File, b []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// keepBackup makes bak a copy of the file at from: a hard link made under
// a temporary name, then renamed over bak, so that the old backup stays
// in place until the new one is complete and from itself never
// disappears. A missing from (the first save) keeps nothing.
func keepBackup(from, bak string) error {
	tmp := filepath.Join(filepath.Dir(bak), "."+filepath.Base(bak)+".tmp")
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing stale backup: %w", err)
	}
	err := os.Link(from, tmp)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // first save: nothing to keep
	}
	if err != nil {
		// Some file systems have no hard links: copy instead.
		if err := copyFile(from, tmp); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("keeping backup: %w", err)
		}
	}
	if err := os.Rename(tmp, bak); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("keeping backup: %w", err)
	}
	// When bak already is a link to from (after a passphrase change),
	// rename does nothing and leaves tmp in place.
	os.Remove(tmp)
	return nil
}

func copyFile(from, to string) error {
	b, err := readVaultFile(from)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return writeSynced(f, b)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing vault directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		// Directories cannot be synced on every platform (Windows).
		return fmt.Errorf("syncing vault directory: %w", err)
	}
	return nil
}

func encrypt(data Data, passphrase string, workFactor int) ([]byte, error) {
	plain, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encoding vault: %w", err)
	}
	defer clear(plain)
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing encryption: %w", err)
	}
	r.SetWorkFactor(workFactor)
	defer releaseKDFMemory(workFactor)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	return out.Bytes(), nil
}

const ageMagic = "age-encryption.org/v1\n"

// decrypt turns a vault file's bytes into its data, returning the work
// factor it was written with.
func decrypt(raw []byte, passphrase string) (Data, int, error) {
	workFactor, err := scryptWorkFactor(raw)
	if err != nil {
		return Data{}, 0, err
	}
	if workFactor > MaxWorkFactor {
		return Data{}, 0, fmt.Errorf("%w: 2^%d (at most 2^%d)", ErrWorkFactor, workFactor, MaxWorkFactor)
	}
	defer releaseKDFMemory(workFactor)
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return Data{}, 0, fmt.Errorf("preparing decryption: %w", err)
	}
	id.SetMaxWorkFactor(MaxWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(raw), id)
	if err != nil {
		if errors.Is(err, age.ErrIncorrectIdentity) {
			return Data{}, 0, ErrWrongPassphrase
		}
		return Data{}, 0, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	plain, err := io.ReadAll(r)
	defer clear(plain)
	if err != nil {
		return Data{}, 0, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	var data Data
	if err := json.Unmarshal(plain, &data); err != nil {
		return Data{}, 0, fmt.Errorf("%w: contents are not a vault", ErrCorrupt)
	}
	if data.Version > SchemaVersion {
		return Data{}, 0, fmt.Errorf("%w (schema %d, this build reads up to %d)", ErrNewerVersion, data.Version, SchemaVersion)
	}
	if data.Version < 1 {
		return Data{}, 0, fmt.Errorf("%w: missing schema version", ErrCorrupt)
	}
	return data, workFactor, nil
}

// scryptWorkFactor reads log2(N) from the header's scrypt stanza
// ("-> scrypt SALT LOGN") without doing any key derivation.
func scryptWorkFactor(raw []byte) (int, error) {
	if !bytes.HasPrefix(raw, []byte(ageMagic)) {
		return 0, fmt.Errorf("%w: not a Twofold vault (no age header)", ErrCorrupt)
	}
	sc := bufio.NewScanner(bytes.NewReader(raw[len(ageMagic):]))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "---") {
			break
		}
		fields := strings.Fields(line)
		if len(fields) == 4 && fields[0] == "->" && fields[1] == "scrypt" {
			n, err := strconv.Atoi(fields[3])
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("%w: bad scrypt work factor", ErrCorrupt)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: not encrypted with a passphrase", ErrCorrupt)
}
