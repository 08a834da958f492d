package vault

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"filippo.io/age"

	"github.com/twofoldmfa/twofold/token/kdf"
)

// The vault codec: the one way Data becomes the bytes of an age file and
// back, used by the vault's saves and reads and by Twofold's encrypted
// backup (token/transfer), so both hold the same header, work factors,
// schema check and secret handling.

// errSealUsed is returned when a sealer is asked to seal twice.
var errSealUsed = errors.New("internal: an encryption was used twice")

// ErrTooLarge is returned by a save whose file would be larger than
// MaxFileSize, the most a read accepts: nothing is written, so no save
// can leave a vault that Twofold then refuses to open.
var ErrTooLarge = fmt.Errorf("the vault would be larger than the %d MiB a vault may be", MaxFileSize>>20)

// sealer is an age encryption made ready ahead of the data: the key
// derivation (scrypt) is done and the header written, the payload not
// yet. Preparing one is the slow part of a save, so it runs outside the
// vault's lock and survives a reload after another writer's save; sealing
// is fast and happens under the lock. Each sealer seals once: a fresh
// file key and payload nonce per file, as age requires.
type sealer struct {
	workFactor int
	out        bytes.Buffer
	w          io.WriteCloser
	// slots, when set, frame the payload (a vault with slots).
	slots *slotFile
}

// newSealer derives a key from passphrase at workFactor (log2 N) with a
// fresh salt and file key.
func newSealer(passphrase string, workFactor int) (*sealer, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing encryption: %w", err)
	}
	r.SetWorkFactor(workFactor)
	defer releaseKDFMemory(workFactor) // age.Encrypt runs the KDF
	s := &sealer{workFactor: workFactor}
	if s.w, err = age.Encrypt(&s.out, r); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	return s, nil
}

// newSlotSealer encrypts to the vault's own identity and frames the
// payload with its slots: no key derivation.
func newSlotSealer(f *slotFile, id *age.X25519Identity) (*sealer, error) {
	s := &sealer{workFactor: f.workFactor, slots: f}
	var err error
	if s.w, err = age.Encrypt(&s.out, id.Recipient()); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	return s, nil
}

// seal encrypts data and returns the file's bytes; a file above
// MaxFileSize is ErrTooLarge.
func (s *sealer) seal(data Data) ([]byte, error) {
	if s.w == nil {
		return nil, errSealUsed
	}
	w := s.w
	s.w = nil
	plain, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encoding vault: %w", err)
	}
	defer clear(plain)
	// The ciphertext is a little larger than plain (a header and 16 bytes
	// per 64 KiB); refuse early what cannot fit, and exactly below.
	if len(plain) > MaxFileSize {
		return nil, fmt.Errorf("%w (%d MiB)", ErrTooLarge, len(plain)>>20)
	}
	if _, err := w.Write(plain); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting vault: %w", err)
	}
	out := s.out.Bytes()
	if s.slots != nil {
		if out, err = s.slots.encode(out); err != nil {
			return nil, fmt.Errorf("encrypting vault: %w", err)
		}
	}
	if len(out) > MaxFileSize {
		return nil, fmt.Errorf("%w (%d MiB)", ErrTooLarge, len(out)>>20)
	}
	return out, nil
}

// Seal encrypts data under passphrase as a new vault file, at the cost
// of new vaults (RecommendedWorkFactor; test builds lower it), and
// returns its bytes. The schema version is set; a result above
// MaxFileSize is ErrTooLarge.
func Seal(data Data, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, ErrEmptyPassphrase
	}
	data.Version = SchemaVersion
	return encrypt(data, passphrase, newVaultWorkFactor)
}

// encrypt turns data into a vault file's bytes at workFactor.
func encrypt(data Data, passphrase string, workFactor int) ([]byte, error) {
	s, err := newSealer(passphrase, workFactor)
	if err != nil {
		return nil, err
	}
	return s.seal(data)
}

// Unsealed is the content of a vault file: its data, the work factor it
// was written with, and the one buffer the seeds' secrets share (see
// Wipe).
type Unsealed struct {
	Data       Data
	WorkFactor int
	secrets    []byte
	// slots and identity are set for a vault with slots.
	slots    *slotFile
	identity *age.X25519Identity
}

// Wipe zeroes the buffer the seeds' secrets share and forgets the data.
func (u *Unsealed) Wipe() {
	clear(u.secrets)
	u.secrets = nil
	u.Data = Data{}
	u.slots, u.identity = nil, nil
}

// Unseal decrypts the bytes of a vault file (or an encrypted backup, the
// same format). The work factor is checked (kdf.ScryptLog and
// MaxWorkFactor) before any key derivation, the schema version after
// decryption. The seeds' secrets are decoded into one buffer and never
// into ordinary Go strings. Errors are ErrCorrupt, ErrWrongPassphrase,
// ErrWorkFactor or ErrNewerVersion.
func Unseal(raw []byte, passphrase string) (*Unsealed, error) {
	return unseal(raw, Passphrase(passphrase))
}

// unseal is Unseal with any key: a file with slots opens with the key
// of any of its ways in (see "Ways in" in the package doc), a plain
// passphrase file with the passphrase alone (ErrNoSuchWay otherwise).
func unseal(raw []byte, key Key) (*Unsealed, error) {
	if hasSlots(raw) {
		f, payload, err := parseSlots(raw)
		if err != nil {
			return nil, err
		}
		id, err := key.unwrap(f)
		if err != nil {
			return nil, err
		}
		r, err := age.Decrypt(bytes.NewReader(payload), id)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		u, err := readPlain(r, f.workFactor)
		if err != nil {
			return nil, err
		}
		u.slots, u.identity = f, id
		return u, nil
	}
	workFactor, err := checkedWorkFactor(raw)
	if err != nil {
		return nil, err
	}
	passphrase := key.passphrase()
	if passphrase == "" {
		return nil, fmt.Errorf("%w: the vault opens with its passphrase only", ErrNoSuchWay)
	}
	defer releaseKDFMemory(workFactor)
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing decryption: %w", err)
	}
	id.SetMaxWorkFactor(MaxWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(raw), id)
	if err != nil {
		if errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return readPlain(r, workFactor)
}

// readPlain reads and decodes the decrypted contents of a vault.
func readPlain(r io.Reader, workFactor int) (*Unsealed, error) {
	plain, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	defer clear(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(plain) > MaxFileSize {
		return nil, fmt.Errorf("%w: contents larger than %d MiB", ErrCorrupt, MaxFileSize>>20)
	}
	data, secrets, err := decodeData(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: contents are not a vault", ErrCorrupt)
	}
	if data.Version > SchemaVersion {
		clearRaw(secrets)
		return nil, fmt.Errorf("%w (schema %d, this build reads up to %d)", ErrNewerVersion, data.Version, SchemaVersion)
	}
	if data.Version < 1 {
		clearRaw(secrets)
		return nil, fmt.Errorf("%w: missing schema version", ErrCorrupt)
	}
	u := &Unsealed{Data: data, WorkFactor: workFactor}
	u.secrets = shareSecrets(u.Data.Seeds, secrets)
	return u, nil
}

func clearRaw(raw []json.RawMessage) {
	for _, r := range raw {
		clear(r)
	}
}

// checkedWorkFactor reads the header's work factor and refuses one above
// MaxWorkFactor or kdf's bounds (age's scrypt has r=8, p=1).
func checkedWorkFactor(raw []byte) (int, error) {
	workFactor, err := scryptWorkFactor(raw)
	if err != nil {
		return 0, err
	}
	if err := kdf.ScryptLog(workFactor, 8, 1); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrWorkFactor, err)
	}
	if workFactor > MaxWorkFactor {
		return 0, fmt.Errorf("%w: 2^%d (at most 2^%d)", ErrWorkFactor, workFactor, MaxWorkFactor)
	}
	return workFactor, nil
}

const ageMagic = "age-encryption.org/v1\n"

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
