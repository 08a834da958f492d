package vault

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// The file of a vault with more than one way in (see the package doc,
// "Ways in"): a first line naming the format, the passphrase slot (an
// armored age passphrase-protected identity file), the other slots as
// age-style stanzas, and the armored payload, an age file encrypted to
// the vault's own X25519 recipient.

// slotsMagic is the first line of a vault file with slots.
const slotsMagic = "twofold-vault/v1"

// Bounds on the part of the file before the payload, checked before any
// key derivation or decryption.
const (
	// maxSlots bounds the slots besides the passphrase's.
	maxSlots = 32
	// maxSlotLine bounds a stanza's line and its base64 body.
	maxSlotLine = 512
	// maxPassphraseSlot bounds the armored passphrase slot (an identity
	// of 74 characters in an age file is well under a kilobyte).
	maxPassphraseSlot = 4 << 10
	// maxIdentityText bounds the decrypted content of a slot.
	maxIdentityText = 256
)

// Errors of the ways in, for errors.Is.
var (
	// ErrNoSuchWay is returned when the vault has no slot for a key.
	ErrNoSuchWay = errors.New("the vault has no such way in")
	// ErrWrongKey is returned when a slot does not open with the key
	// given for it (a keyring entry replaced, another key in a slot).
	ErrWrongKey = errors.New("the key does not open the vault")
	// ErrPassphraseNeeded is returned when a change to the ways in of a
	// vault that is still a plain passphrase file is asked of a vault
	// opened without the passphrase.
	ErrPassphraseNeeded = errors.New("the vault must be opened with its passphrase for this change")
)

// stanza is a slot other than the passphrase's: "-> TYPE ARGS..." and
// one line of base64 (standard alphabet, no padding).
type stanza struct {
	args []string
	body []byte
}

// slotFile is the part of a vault file with slots that is not the payload.
type slotFile struct {
	// passphrase is the armored passphrase slot, as in the file.
	passphrase []byte
	// workFactor is the passphrase slot's scrypt work factor.
	workFactor int
	stanzas    []stanza
}

// hasSlots reports whether raw is a vault file with slots.
func hasSlots(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte(slotsMagic+"\n"))
}

// parseSlots splits a vault file with slots into its slots and its
// payload (a binary age file). The passphrase slot's work factor is
// checked here, before any work.
func parseSlots(raw []byte) (*slotFile, []byte, error) {
	r := bufio.NewReader(bytes.NewReader(raw[len(slotsMagic)+1:]))
	f := &slotFile{}
	block, err := readArmored(r, maxPassphraseSlot)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: passphrase slot: %v", ErrCorrupt, err)
	}
	f.passphrase = block
	bin, err := dearmor(block, maxPassphraseSlot)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: passphrase slot: %v", ErrCorrupt, err)
	}
	if f.workFactor, err = checkedWorkFactor(bin); err != nil {
		return nil, nil, err
	}
	for {
		line, err := readLine(r, maxSlotLine)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: slots: %v", ErrCorrupt, err)
		}
		if line == armor.Header {
			break
		}
		args, ok := strings.CutPrefix(line, "-> ")
		if !ok || len(f.stanzas) == maxSlots {
			return nil, nil, fmt.Errorf("%w: slots: not a slot line", ErrCorrupt)
		}
		bodyLine, err := readLine(r, maxSlotLine)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: slots: %v", ErrCorrupt, err)
		}
		body, err := base64.RawStdEncoding.Strict().DecodeString(bodyLine)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: slots: bad slot body", ErrCorrupt)
		}
		fields := strings.Fields(args)
		if len(fields) < 2 {
			return nil, nil, fmt.Errorf("%w: slots: a slot without its arguments", ErrCorrupt)
		}
		f.stanzas = append(f.stanzas, stanza{args: fields, body: body})
	}
	rest, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: payload: %v", ErrCorrupt, err)
	}
	payload, err := dearmor(append([]byte(armor.Header+"\n"), rest...), MaxFileSize)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: payload: %v", ErrCorrupt, err)
	}
	return f, payload, nil
}

// encode writes the file: the first line, the slots, payload armored.
func (f *slotFile) encode(payload []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(payload)*4/3 + 4096)
	out.WriteString(slotsMagic + "\n")
	out.Write(f.passphrase)
	for _, s := range f.stanzas {
		fmt.Fprintf(&out, "-> %s\n%s\n", strings.Join(s.args, " "), base64.RawStdEncoding.EncodeToString(s.body))
	}
	w := armor.NewWriter(&out)
	if _, err := w.Write(payload); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// find returns the index of the first stanza of type typ whose first
// argument is arg ("" matches any), or -1.
func (f *slotFile) find(typ, arg string) int {
	for i, s := range f.stanzas {
		if len(s.args) >= 2 && s.args[0] == typ && (arg == "" || s.args[1] == arg) {
			return i
		}
	}
	return -1
}

// readLine reads one line of at most max bytes, without its newline.
func readLine(r *bufio.Reader, max int) (string, error) {
	var line []byte
	for {
		part, isPrefix, err := r.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", errors.New("ends early")
			}
			return "", err
		}
		line = append(line, part...)
		if len(line) > max {
			return "", errors.New("line too long")
		}
		if !isPrefix {
			return string(line), nil
		}
	}
}

// readArmored reads one armored block from its header line to its
// footer line, at most max bytes, newlines included.
func readArmored(r *bufio.Reader, max int) ([]byte, error) {
	var block bytes.Buffer
	first := true
	for {
		line, err := readLine(r, max)
		if err != nil {
			return nil, err
		}
		if first && line != armor.Header {
			return nil, errors.New("no armor header")
		}
		first = false
		block.WriteString(line + "\n")
		if block.Len() > max {
			return nil, errors.New("too large")
		}
		if line == armor.Footer {
			return block.Bytes(), nil
		}
	}
}

// dearmor decodes an armored age file of at most max bytes.
func dearmor(block []byte, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(armor.NewReader(bytes.NewReader(block)), int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		return nil, errors.New("too large")
	}
	return b, nil
}

// newPassphraseSlot encrypts the identity under passphrase at workFactor:
// an armored age file that the age tool reads as a passphrase-protected
// identity file.
func newPassphraseSlot(id *age.X25519Identity, passphrase string, workFactor int) ([]byte, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing the passphrase slot: %w", err)
	}
	r.SetWorkFactor(workFactor)
	defer releaseKDFMemory(workFactor)
	var out bytes.Buffer
	a := armor.NewWriter(&out)
	w, err := age.Encrypt(a, r)
	if err != nil {
		return nil, fmt.Errorf("encrypting the passphrase slot: %w", err)
	}
	if _, err := io.WriteString(w, id.String()+"\n"); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := a.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// openPassphraseSlot decrypts the identity in the passphrase slot.
func (f *slotFile) openPassphraseSlot(passphrase string) (*age.X25519Identity, error) {
	bin, err := dearmor(f.passphrase, maxPassphraseSlot)
	if err != nil {
		return nil, fmt.Errorf("%w: passphrase slot: %v", ErrCorrupt, err)
	}
	defer releaseKDFMemory(f.workFactor)
	sid, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, fmt.Errorf("preparing decryption: %w", err)
	}
	sid.SetMaxWorkFactor(MaxWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(bin), sid)
	if err != nil {
		if errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("%w: passphrase slot: %v", ErrCorrupt, err)
	}
	text, err := io.ReadAll(io.LimitReader(r, maxIdentityText+1))
	defer clear(text)
	if err != nil || len(text) > maxIdentityText {
		return nil, fmt.Errorf("%w: passphrase slot holds no identity", ErrCorrupt)
	}
	return parseIdentity(text)
}

// parseIdentity reads the X25519 identity a slot holds.
func parseIdentity(text []byte) (*age.X25519Identity, error) {
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(text)))
	if err != nil {
		return nil, fmt.Errorf("%w: a slot holds no identity", ErrCorrupt)
	}
	return id, nil
}
