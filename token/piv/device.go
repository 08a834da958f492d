package piv

import (
	"bytes"
	"crypto/des"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/go-piv/piv-go/v2/piv"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// ReaderStatus is a reader as PC/SC reports it, without opening the card.
type ReaderStatus struct {
	Name    string
	Present bool   // a card is in the reader and answers
	Events  uint32 // changes whenever a card goes in or out
	ATR     []byte
}

// Hardware is the smart card system: the real one talks PC/SC, tests may
// put a fake here.
type Hardware interface {
	Readers() ([]ReaderStatus, error)
	Open(reader string) (Device, error)
}

// Device is one key opened for reading. Nothing in it sends a PIN or PUK.
type Device interface {
	Version() piv.Version
	Serial() (uint32, error)
	FormFactor() (piv.Formfactor, error)
	// Metadata reads PIN (0x80), PUK (0x81) or management key (0x9b)
	// metadata; firmware 5.3 and later.
	Metadata(ref byte) (Metadata, error)
	// PINRetries asks with an empty VERIFY, which spends nothing.
	PINRetries() (int, error)
	// DefaultManagementKey tries the factory management key, which has no
	// retry counter. Only for firmware without metadata.
	DefaultManagementKey() (bool, error)
	KeyInfo(slot piv.Slot) (piv.KeyInfo, error)
	Certificate(slot piv.Slot) (*x509.Certificate, error)
	Attest(slot piv.Slot) (*x509.Certificate, error)
	AttestationCertificate() (*x509.Certificate, error)
	Close() error
}

// Metadata is a PIN's, PUK's or management key's metadata (Yubico PIV
// extensions, GET METADATA).
type Metadata struct {
	Algorithm  byte
	Default    bool
	Retries    int // PIN and PUK only
	MaxRetries int
}

// PIV and Yubico protocol constants: NIST SP 800-73-4 part 2 (instructions,
// key references), NIST SP 800-78-4 table 6-2 (algorithms) and Yubico's PIV
// extensions documentation (GET VERSION, GET METADATA and their tags).
const (
	insVerify       = 0x20
	insAuthenticate = 0x87
	insSelect       = 0xa4
	insGetResponse  = 0xc0
	insGetVersion   = 0xfd
	insGetMetadata  = 0xf7

	RefPIN           = 0x80
	RefPUK           = 0x81
	RefManagementKey = 0x9b

	algTDES   = 0x03
	algAES128 = 0x08
	algAES192 = 0x0a
	algAES256 = 0x0c

	tagMetaAlgorithm = 0x01
	tagMetaDefault   = 0x05
	tagMetaRetries   = 0x06

	swOK       = 0x9000
	swMoreData = 0x61
)

var aidPIV = []byte{0xa0, 0x00, 0x00, 0x03, 0x08}

// defaultManagementKey is the factory 3DES management key.
var defaultManagementKey = []byte{
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
}

// PCSC is the real smart card system.
type PCSC struct{}

// Readers lists the readers and whether each holds a card.
func (PCSC) Readers() ([]ReaderStatus, error) {
	ctx, err := newContext()
	if err != nil {
		return nil, err
	}
	defer ctx.Close()
	names, err := ctx.readers()
	if err != nil {
		return nil, err
	}
	return ctx.status(names)
}

// Open reads what needs raw APDUs over a shared connection first, then
// hands the key to piv-go, which holds it exclusively until Close.
func (PCSC) Open(reader string) (Device, error) {
	d := &pcscDevice{meta: map[byte]Metadata{}}
	if err := d.readRaw(reader); err != nil {
		return nil, err
	}
	yk, err := piv.Open(reader)
	if err != nil {
		return nil, fmt.Errorf("opening PIV: %w", err)
	}
	d.YubiKey = yk
	return d, nil
}

type pcscDevice struct {
	*piv.YubiKey
	serial     uint32
	meta       map[byte]Metadata
	metaErr    error
	defaultMgm *bool
}

func (d *pcscDevice) Metadata(ref byte) (Metadata, error) {
	if d.metaErr != nil {
		return Metadata{}, d.metaErr
	}
	m, ok := d.meta[ref]
	if !ok {
		return Metadata{}, errors.New("metadata not read")
	}
	return m, nil
}

// Serial is the serial read over the shared connection (piv-go reads it
// the same way; one reading is enough).
func (d *pcscDevice) Serial() (uint32, error) { return d.serial, nil }

func (d *pcscDevice) PINRetries() (int, error) { return d.YubiKey.Retries() }

func (d *pcscDevice) DefaultManagementKey() (bool, error) {
	if d.defaultMgm == nil {
		return false, errors.New("management key not checked")
	}
	return *d.defaultMgm, nil
}

func (d *pcscDevice) readRaw(reader string) error {
	ctx, err := newContext()
	if err != nil {
		return err
	}
	defer ctx.Close()
	card, err := ctx.connect(reader)
	if err != nil {
		return err
	}
	defer card.Close()
	if d.serial, err = smartcard.ReadSerial(card.k); err != nil {
		return notYubiKey(err)
	}
	if _, err := send(card, 0x00, insSelect, 0x04, 0x00, aidPIV); err != nil {
		return notYubiKey(err)
	}
	v, err := send(card, 0x00, insGetVersion, 0, 0, nil)
	if err != nil || len(v) != 3 {
		return notYubiKey(err)
	}
	if bytes.Compare(v, []byte{5, 3, 0}) < 0 {
		d.metaErr = errors.New("firmware without metadata")
		card.reset = true
		if isDefault, err := tryDefaultManagementKey(card); err == nil {
			d.defaultMgm = &isDefault
		}
		return nil
	}
	for _, ref := range []byte{RefPIN, RefPUK, RefManagementKey} {
		b, err := send(card, 0x00, insGetMetadata, 0x00, ref, nil)
		if err != nil {
			return fmt.Errorf("reading metadata %02x: %w", ref, err)
		}
		m, err := parseMetadata(b)
		if err != nil {
			return fmt.Errorf("reading metadata %02x: %w", ref, err)
		}
		d.meta[ref] = m
	}
	return nil
}

func notYubiKey(err error) error {
	var pe *smartcard.Error
	if errors.As(err, &pe) || errors.Is(err, smartcard.ErrMute) {
		return err // the transport failed, not the card
	}
	return ErrNotYubiKey
}

// send transmits a short APDU, follows GET RESPONSE, and turns a status
// word other than 9000 into a StatusError.
func send(card *scCard, cla, ins, p1, p2 byte, data []byte) ([]byte, error) {
	apdu := []byte{cla, ins, p1, p2}
	if len(data) > 0 {
		apdu = append(append(apdu, byte(len(data))), data...)
	}
	var out []byte
	for {
		b, sw, err := card.transmit(apdu)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
		switch {
		case sw == swOK:
			return out, nil
		case sw>>8 == swMoreData:
			apdu = []byte{0x00, insGetResponse, 0x00, 0x00}
		default:
			return nil, &StatusError{Ins: ins, SW: sw}
		}
	}
}

func parseMetadata(b []byte) (Metadata, error) {
	var m Metadata
	for len(b) >= 2 {
		tag, n := b[0], int(b[1])
		if len(b) < 2+n {
			return m, errors.New("malformed metadata")
		}
		v := b[2 : 2+n]
		switch tag {
		case tagMetaAlgorithm:
			if n == 1 {
				m.Algorithm = v[0]
			}
		case tagMetaDefault:
			m.Default = n == 1 && v[0] != 0
		case tagMetaRetries:
			if n == 2 {
				m.MaxRetries, m.Retries = int(v[0]), int(v[1])
			}
		}
		b = b[2+n:]
	}
	return m, nil
}

// tryDefaultManagementKey runs the management key's mutual authentication
// (NIST SP 800-73-4 part 2 appendix A.1) with the factory 3DES key. Cards
// keep no retry counter for it, so a wrong guess costs nothing.
func tryDefaultManagementKey(card *scCard) (bool, error) {
	block, err := des.NewTripleDESCipher(defaultManagementKey)
	if err != nil {
		return false, err
	}
	resp, err := send(card, 0x00, insAuthenticate, algTDES, RefManagementKey, []byte{0x7c, 0x02, 0x80, 0x00})
	if err != nil {
		return false, err
	}
	if len(resp) != 12 || !bytes.Equal(resp[:4], []byte{0x7c, 0x0a, 0x80, 0x08}) {
		return false, errors.New("unexpected witness")
	}
	witness := make([]byte, 8)
	block.Decrypt(witness, resp[4:])
	challenge := make([]byte, 8)
	if _, err := rand.Read(challenge); err != nil {
		return false, err
	}
	req := append([]byte{0x7c, 0x14, 0x80, 0x08}, witness...)
	req = append(append(req, 0x81, 0x08), challenge...)
	resp, err = send(card, 0x00, insAuthenticate, algTDES, RefManagementKey, req)
	var se *StatusError
	if errors.As(err, &se) {
		return false, nil // the card refused the default key
	}
	if err != nil {
		return false, err
	}
	want := make([]byte, 8)
	block.Encrypt(want, challenge)
	return len(resp) == 12 && bytes.Equal(resp[4:], want), nil
}
