// Package vault is Twofold's encrypted store on disk: the seeds, the
// accounts and their factors, the hardware keys a person owns, and
// settings, in one file.
//
// # Security properties
//
// The file is an age file (filippo.io/age, format age-encryption.org/v1)
// encrypted to a passphrase (or, with more than one way in, the slots of
// "Ways in" below). age derives the key with scrypt, a
// memory-hard KDF, from a fresh random salt on every save; the work
// factor (log2 N) travels in the file's header, and a file whose work
// factor is above MaxWorkFactor (token/kdf's scrypt ceiling) is refused
// before any work is done, so a crafted file cannot make Twofold spend
// minutes or gigabytes. The
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
// clear: the temporary file of a save already holds ciphertext. A save
// never writes what a read refuses: a file that would be larger than
// MaxFileSize is ErrTooLarge, with nothing written. Seal and Unseal are
// this codec, for the encrypted backup as well.
//
// # Ways in
//
// A vault opens with its passphrase, and may open with other keys too:
// a random key kept in the desktop keyring (AddKeyring), and P-256 keys
// in retired PIV slots of YubiKeys, as many as the user enrols
// (AddYubiKey; piv.go has that slot's format). age allows an
// scrypt stanza only alone in a header, so the ways in cannot all be
// stanzas of one age file. A vault with a way in besides the passphrase
// is therefore a text file of four parts:
//
//	twofold-vault/v1
//	-----BEGIN AGE ENCRYPTED FILE-----   the passphrase slot
//	...
//	-----END AGE ENCRYPTED FILE-----
//	-> keyring ITEM                      the other slots, one stanza each
//	BASE64
//	-> piv-p256 TAG EPHEMERAL SERIAL SLOT
//	BASE64
//	-----BEGIN AGE ENCRYPTED FILE-----   the payload
//	...
//	-----END AGE ENCRYPTED FILE-----
//
// The payload is an armored age file encrypted to the vault's own
// long-lived X25519 identity, made when the second way in is added: a
// save encrypts to its recipient and needs no secret and no key
// derivation. Each slot wraps that identity (its AGE-SECRET-KEY-1…
// string). The passphrase slot is exactly age's passphrase-protected
// identity file: an armored age scrypt file holding the identity, so the
// standard age tool opens the vault with the passphrase alone (the
// README shows the two awk lines that cut out the slot and the payload,
// then "age -d -i key.age data.age"). A keyring slot ("-> keyring ITEM",
// ITEM naming the keyring entry) is a random 12-byte nonce and the
// identity sealed with ChaCha20-Poly1305 under the 32 random bytes the
// keyring entry holds, "keyring ITEM" as associated data; the entry
// holds neither the passphrase nor a seed. Stanza bodies are one line of
// unpadded standard base64.
//
// What holds for the plain file holds here: the passphrase slot's work
// factor is checked against MaxWorkFactor before any derivation, the
// whole file against MaxFileSize; the part before the payload is bounded
// (4 KiB for the passphrase slot, 32 slots of 512-byte lines) and
// anything else in it is ErrCorrupt; saves are atomic under the lock.
// ChangePassphrase rewrites only the passphrase slot, so every other way
// keeps working; removing a way (RemoveKeyring, RemoveYubiKey) replaces PATH.bak as well
// as PATH, so that no file beside the vault still opens with it. Until a
// second way in is added a vault stays the plain age file above, and
// both forms are read. Keys are Passphrase, KeyringKey and YubiKeyKey
// (which asks the card for ECDH only when the vault has a slot for its
// public key, so no PIN is spent on a key the vault does not know); OpenKey,
// EditWithinKey and EditLockedKey take any of them, ReadWays lists the
// ways in without opening the vault, and CheckKey tries a key's slot
// without decrypting the contents.
//
// Known limit: removing a way in does not change the vault's identity,
// so whoever opened an older copy of the file with the removed way (a
// stolen key and its PIN, say) and kept the identity can decrypt later
// saves too. The identity is held by age's X25519Identity, which Wipe
// drops but cannot zero. And a YubiKey slot, like any age recipient
// stanza, is made from the slot's public key alone: someone who can
// write the vault file and knows that public key (it is not in the file,
// only its tag, but the card gives it to anyone holding it, without the
// PIN) can put a whole vault of their own, encrypted to an identity they
// know, in its place, and it opens with the YubiKey; what is saved into
// it after is theirs to read. The passphrase and keyring slots cannot be
// made without their secrets. (A way to close this: a MAC of the
// identity's recipient under the ECDH of the card's key with a fixed
// point nobody knows the discrete log of, checked on every open.)
//
// # Durability
//
// A save writes a temporary file in the same directory with mode 0600,
// fsyncs it, keeps the current file as PATH.bak (a hard link under a
// temporary name renamed over PATH.bak, so there is no moment without a
// vault nor without a backup), renames the temporary file over PATH and
// fsyncs the directory. A crash at any point leaves either the old or the
// new vault at PATH.
//
// # Writers that wait their turn
//
// Saves replace the file under an exclusive lock on PATH.lock, so two
// processes never interleave writes. The key derivations, the slow part
// of a save (a quarter of a second each at the recommended cost), happen
// without the lock: Edit decrypts and prepares the next encryption (side
// by side at low costs; one after the other at the recommended one, so
// that a write stays under 300 MB), applies the change, then takes the lock only to check that the
// file is still the one it decrypted (its SHA-256) and to rename. When
// another writer saved in between, Edit takes the lock and, holding it,
// decrypts the new file and applies the change again, so a writer loses
// its turn at most once and parallel writers all get through. A process
// that cannot get the lock within its wait (DefaultLockWait, or EditWithin's)
// gets ErrLocked. A Vault kept open (the app's) that saves over a file
// changed by another process gets ErrConflict instead of silently
// discarding the other process's change; EditLocked holds the lock
// throughout, for changes with effects outside the vault.
//
// # Secrets in memory
//
// The passphrase and the secret of every seed read from the file are
// held in byte buffers the Vault owns (so are the recovery codes:
// recoverycodes.go); the seeds' Secret strings share
// those bytes (JSON is decoded so that no other Go string ever holds a
// secret), and so do the copies of the seeds the front ends make. Wipe,
// which the app calls when it locks, zeroes them. What Go leaves behind,
// and Wipe cannot reach, until the garbage collector reuses the memory:
// the passphrase as the caller passed it (a Go string, immutable) and the
// copies age makes of it; secrets of seeds added or changed since the
// vault was opened (strings made from what was typed or parsed); strings
// made from a secret for display (a URI, a QR code, the grouped secret of
// the backup screen, Fyne's widgets and the clipboard); the plaintext
// left in encoding/json's and age's internal buffers; and any copy the
// garbage collector or the operating system (swap, core dumps) makes.
// The buffers Twofold itself decrypts into and encodes from are cleared
// after use.
//
// # Copies that forked
//
// A vault kept in a synced folder can fork when two devices change it
// apart. Every record carries an id, a modification time and the
// revision it was changed in; deletions leave tombstones; each save
// records the device that wrote it and the revisions it descends from
// (records.go). Merge and MergeWith (merge.go) join two copies, and
// MergeConflictCopies (conflicts.go) finds the conflict copies sync tools
// leave beside the vault, merges them under the lock with one save, and
// removes them only once the merged vault is written.
//
// A vault path that is a symbolic link (a vault kept in a synced folder,
// say) is resolved once when the vault is opened; saves replace the
// target, never the link, and the backup and lock file sit beside the
// target.
package vault

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// SchemaVersion is the version of the plaintext inside the vault file.
// Files with a higher version are refused rather than half-read, so an
// older build never opens, then saves without, what it does not know.
// Version 2 added the accounts' recovery codes and what merging copies
// needs (merge.go): modification times, tombstones, the writer and the
// revision; version 1 files are read and upgraded (upgrade.go).
const SchemaVersion = 2

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
	// MaxWorkFactor bounds what a vault file or backup may ask for when
	// read: 2^18 (256 MiB, about a second), one step above what Twofold
	// writes and age's own default; more is treated as a hostile file
	// (see token/kdf, which holds every format to the same ceiling).
	MaxWorkFactor = 18
	// minWorkFactor is the least Create accepts; only tests go this low.
	minWorkFactor = 10
)

// newVaultWorkFactor is the cost of vaults made by Create and of
// passphrase changes. Builds with the twofold_fastkdf tag lower it so
// test suites stay fast; release builds never set that tag.
var newVaultWorkFactor = RecommendedWorkFactor

// DefaultLockWait is how long a save waits for another process's lock
// unless the caller says otherwise (EditWithin, SetLockWait): long
// enough for a queue of writers, each holding the lock at most for one
// key derivation (a retry after another writer's save), to pass even on
// a slow, busy machine, where one derivation can take seconds. Only a live process holds the lock (the kernel releases it
// when the process dies), so a long wait means real writers ahead.
const DefaultLockWait = 2 * time.Minute

// defaultLockWait is DefaultLockWait; the package's tests lower it.
var defaultLockWait = DefaultLockWait

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
	// RecoveryCodes are the accounts' one-time recovery codes.
	RecoveryCodes []RecoveryCodes `json:"recovery_codes,omitempty"`

	// What merging two copies of the vault needs (records.go).
	SettingsModified map[string]time.Time `json:"settings_modified,omitempty"`
	Tombstones       []Tombstone          `json:"tombstones,omitempty"`
	Writer           Writer               `json:"writer,omitzero"`
	// ChangedIn is the revision each record ("seed/ID", "setting/KEY")
	// was last changed in; "" until the save that writes the change.
	ChangedIn map[string]string `json:"changed_in,omitempty"`
	Revision  string            `json:"revision,omitempty"`
	Ancestors []string          `json:"ancestors,omitempty"`
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
	// lock is held while EditLocked runs; nil otherwise.
	lock *flock.Flock
	// rekeyBackup makes the next write replace PATH.bak with the new
	// file instead of the old one (a passphrase change).
	rekeyBackup bool
	// owned are the buffers the passphrase and the secrets read from the
	// file live in, zeroed by Wipe; wiped is set once it ran.
	owned [][]byte
	wiped bool
	// lockWait is how long Save waits for the lock; 0 means the default.
	lockWait time.Duration
	// slots are the ways in of a vault with slots, identity the key
	// its payload is encrypted to; both nil for a plain passphrase file.
	slots    *slotFile
	identity *age.X25519Identity
	// saved is the data as last read or written, to stamp what a save
	// changes (records.go).
	saved *Data

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
		workFactor: newVaultWorkFactor,
		Data:       Data{Version: SchemaVersion},
	}
	v.passphrase = v.own(passphrase)
	v.Data.stamp(nil, clock(), LocalWriter())
	ciphertext, err := encrypt(v.Data, passphrase, v.workFactor)
	if err != nil {
		return nil, err
	}
	err = withLock(path, defaultLockWait, func() error {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%w at %s", ErrExists, path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("checking for an existing vault: %w", err)
		}
		return v.writeFile(ciphertext)
	})
	if err != nil {
		return nil, err
	}
	v.remember()
	return v, nil
}

// Open reads and decrypts the vault at path. It never writes to disk.
// A path that is a symbolic link is resolved once, here: saves go to the
// target (with its .bak and .lock beside it), and the link stays a link.
func Open(path, passphrase string) (*Vault, error) {
	return OpenKey(path, Passphrase(passphrase))
}

// OpenKey is Open with any way in (see Key).
func OpenKey(path string, key Key) (*Vault, error) {
	path = resolveSymlinks(path)
	raw, err := readVault(path)
	if err != nil {
		return nil, err
	}
	return openRaw(path, raw, key)
}

// readVault reads the vault file's bytes; ErrNotFound when there is
// none (each front end says how to make one).
func readVault(path string) ([]byte, error) {
	raw, err := readVaultFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNotFound, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading vault: %w", err)
	}
	return raw, nil
}

// openRaw decrypts raw, the bytes of the vault file at path.
func openRaw(path string, raw []byte, key Key) (*Vault, error) {
	v := &Vault{path: path, onDisk: sha256.Sum256(raw)}
	if err := v.decrypt(raw, key); err != nil {
		return nil, err
	}
	return v, nil
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
	old, oldFactor, oldSlots := v.passphrase, v.workFactor, v.slots
	v.passphrase = v.own(passphrase)
	v.workFactor = max(v.workFactor, newVaultWorkFactor)
	if v.slots != nil { // only the passphrase slot changes
		block, err := newPassphraseSlot(v.identity, passphrase, v.workFactor)
		if err != nil {
			v.passphrase, v.workFactor = old, oldFactor
			return err
		}
		f := *v.slots
		f.passphrase, f.workFactor = block, v.workFactor
		v.slots = &f
	}
	v.rekeyBackup = true
	defer func() { v.rekeyBackup = false }()
	if err := v.Save(); err != nil {
		v.passphrase, v.workFactor, v.slots = old, oldFactor, oldSlots
		return err
	}
	return nil
}

// resolveSymlinks returns path with its symbolic links resolved, or path
// itself when that fails (a missing file is reported by the caller).
func resolveSymlinks(path string) string {
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		return resolved
	}
	return path
}

// writeFile atomically replaces the file with ciphertext; the lock must
// be held.
func (v *Vault) writeFile(ciphertext []byte) error {
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
	v.rekeyBackup = false
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

// decrypt turns a vault file's bytes into its data, returning the work
// factor it was written with.
func decrypt(raw []byte, passphrase string) (Data, int, error) {
	var v Vault
	err := v.decrypt(raw, Passphrase(passphrase))
	return v.Data, v.workFactor, err
}

// decrypt reads a vault file's bytes into v: its data, the work factor
// it was written with, and the passphrase, the secrets and passphrase in
// buffers v owns (see Wipe).
func (v *Vault) decrypt(raw []byte, key Key) error {
	u, err := unseal(raw, key)
	if err != nil {
		return err
	}
	v.Data, v.workFactor = u.Data, u.WorkFactor
	v.slots, v.identity = u.slots, u.identity
	v.Data.upgrade(time.Now())
	v.remember()
	if p := key.passphrase(); p != "" {
		v.passphrase = v.own(p)
	}
	if u.secrets != nil {
		v.owned = append(v.owned, u.secrets)
	}
	return nil
}
