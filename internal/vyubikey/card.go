package vyubikey

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"fmt"
	"sync"
	"time"
)

// Status words, ISO/IEC 7816-4 section 5.1.3 and NIST SP 800-73-4 part 2
// table 6.
const (
	swOK             = 0x9000
	swMoreData       = 0x6100 // | bytes left, 00 meaning 256 or more
	swVerifyFail     = 0x63c0 // | retries left
	swWrongLength    = 0x6700
	swSecurity       = 0x6982
	swBlocked        = 0x6983
	swConditions     = 0x6985
	swWrongData      = 0x6a80
	swNotFound       = 0x6a82
	swWrongP1P2      = 0x6a86
	swRefNotFound    = 0x6a88
	swInsUnsupported = 0x6d00
	swCLAUnsupported = 0x6e00
)

// Application identifiers.
var (
	aidPIV        = []byte{0xa0, 0x00, 0x00, 0x03, 0x08}
	aidManagement = []byte{0xa0, 0x00, 0x00, 0x05, 0x27, 0x47, 0x11, 0x17}
	aidOTP        = []byte{0xa0, 0x00, 0x00, 0x05, 0x27, 0x20, 0x01, 0x01}
)

type applet int

const (
	appletNone applet = iota
	appletPIV
	appletManagement
	appletOTP
	appletOATH
)

// responseChunk is the most a response carries before the rest waits for
// GET RESPONSE, as with a short Le.
const responseChunk = 256

type secret struct {
	value      []byte
	retries    int
	maxRetries int
}

type slotKey struct {
	alg         byte
	pinPolicy   byte
	touchPolicy byte
	origin      byte
	key         crypto.Signer
}

// Stats counts what the host asked of the card since it was made.
type Stats struct {
	APDUs         int // command APDUs, GET RESPONSE included
	PINAttempts   int // VERIFY, CHANGE REFERENCE or RESET RETRY carrying a PIN or PUK
	MgmtAuths     int // management key authentications attempted
	RetryQueries  int // VERIFY with no data
	MetadataReads int
	Agreements    int // key agreements (ECDH) done with a slot's key
	Touches       int // operations a slot's touch policy asked a touch for (taken as given)
}

// Card is the virtual YubiKey's state. It is safe for concurrent use.
type Card struct {
	mu sync.Mutex

	serial     uint32
	version    [3]byte
	formFactor byte

	pin, puk secret
	mgmtAlg  byte
	mgmtKey  []byte

	slots   map[byte]*slotKey
	objects map[uint32][]byte

	attestKey  crypto.Signer
	attestCert *x509.Certificate
	ca         *CA

	// session state, lost on reset or power off
	selected    applet
	pinVerified bool
	mgmtAuthed  bool
	witness     []byte
	chain       []byte
	pending     []byte

	oath oathState

	notYubiKey bool

	stats Stats
	// removeAfter, when positive, counts APDUs down to a simulated removal.
	removeAfter int
	onRemove    func()
}

// New makes a card from cfg.
func New(cfg Config) (*Card, error) {
	v, err := parseVersion(cfg.Version)
	if err != nil {
		return nil, err
	}
	alg, err := parseMgmtAlg(cfg.ManagementKeyAlgorithm)
	if err != nil {
		return nil, err
	}
	mk, err := decodeKey(cfg.ManagementKey)
	if err != nil {
		return nil, err
	}
	if _, err := mgmtCipher(alg, mk); err != nil {
		return nil, err
	}
	c := &Card{
		serial:     cfg.Serial,
		version:    v,
		formFactor: cfg.FormFactor,
		mgmtAlg:    alg,
		mgmtKey:    mk,
		slots:      map[byte]*slotKey{},
		objects:    map[uint32][]byte{},
		ca:         cfg.CA,
		notYubiKey: cfg.NotYubiKey,
	}
	if c.formFactor == 0 {
		c.formFactor = 0x01
	}
	c.pin = newSecret(cfg.PIN, DefaultPIN, cfg.PINRetries, cfg.PINMaxRetries, cfg.PINBlocked)
	c.puk = newSecret(cfg.PUK, DefaultPUK, cfg.PUKRetries, cfg.PUKMaxRetries, cfg.PUKBlocked)

	if c.ca == nil {
		if c.ca, err = NewCA("Twofold Test PIV Root CA"); err != nil {
			return nil, err
		}
	}
	if err := c.makeAttestationKey(); err != nil {
		return nil, err
	}
	for _, sc := range cfg.Slots {
		if err := c.addSlot(sc); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func newSecret(value, def string, retries, maxRetries int, blocked bool) secret {
	if value == "" {
		value = def
	}
	if maxRetries <= 0 {
		maxRetries = 3
	}
	if retries <= 0 || retries > maxRetries {
		retries = maxRetries
	}
	if blocked {
		retries = 0
	}
	return secret{value: padPIN([]byte(value)), retries: retries, maxRetries: maxRetries}
}

// padPIN pads a PIN or PUK to 8 bytes with 0xff, as PIV transmits them.
func padPIN(b []byte) []byte {
	p := bytes.Repeat([]byte{0xff}, 8)
	copy(p, b)
	return p
}

func (c *Card) makeAttestationKey() error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	cert, err := c.ca.attestationCert(key, c.serial)
	if err != nil {
		return err
	}
	c.attestKey = key
	c.attestCert = cert
	c.slots[refAttest] = &slotKey{alg: algECCP256, pinPolicy: pinNever, touchPolicy: touchNever, origin: originImport, key: key}
	c.objects[0x5fff01] = certObject(cert.Raw)
	return nil
}

func (c *Card) addSlot(sc SlotConfig) error {
	ref, err := parseSlotRef(sc.Slot)
	if err != nil {
		return err
	}
	alg := byte(algECCP256)
	switch sc.Algorithm {
	case "", "eccp256":
	case "eccp384":
		alg = algECCP384
	default:
		return fmt.Errorf("slot %s: algorithm %q unsupported", sc.Slot, sc.Algorithm)
	}
	pp, err := parsePolicy(sc.PINPolicy, pinPolicyNames, defaultPINPolicy(ref))
	if err != nil {
		return err
	}
	tp, err := parsePolicy(sc.TouchPolicy, touchPolicyNames, touchNever)
	if err != nil {
		return err
	}
	origin, err := parsePolicy(sc.Origin, originNames, originGen)
	if err != nil {
		return err
	}
	key, err := generateKey(alg)
	if err != nil {
		return err
	}
	c.slots[ref] = &slotKey{alg: alg, pinPolicy: pp, touchPolicy: tp, origin: origin, key: key}
	if sc.NoCertificate {
		return nil
	}
	notAfter := sc.NotAfter
	if notAfter.IsZero() {
		notAfter = time.Now().AddDate(1, 0, 0)
	}
	subject := sc.Subject
	if subject == "" {
		subject = fmt.Sprintf("Slot %02x", ref)
	}
	der, err := slotCertificate(key, subject, notAfter)
	if err != nil {
		return err
	}
	c.objects[slotObject(ref)] = certObject(der)
	return nil
}

func generateKey(alg byte) (crypto.Signer, error) {
	switch alg {
	case algECCP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case algECCP384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	}
	return nil, fmt.Errorf("algorithm %#x unsupported", alg)
}

// slotObject maps a key reference to its certificate's data object, NIST
// SP 800-73-4 part 1 table 3.
func slotObject(ref byte) uint32 {
	switch ref {
	case 0x9a:
		return 0x5fc105
	case 0x9c:
		return 0x5fc10a
	case 0x9d:
		return 0x5fc10b
	case 0x9e:
		return 0x5fc101
	case refAttest:
		return 0x5fff01
	}
	if retired(ref) {
		// Retired X.509 Certificate for Key Management 1 to 20.
		return 0x5fc10d + uint32(ref-refRetiredFirst)
	}
	return 0
}

// retired tells a retired key-management slot, 82 to 95 (NIST SP 800-73-4
// part 1 table 4b).
func retired(ref byte) bool { return ref >= refRetiredFirst && ref <= refRetiredLast }

// Serial is the card's serial number.
func (c *Card) Serial() uint32 { return c.serial }

// CA is the CA that signed the card's attestation certificate.
func (c *Card) CA() *CA { return c.ca }

// Stats returns the counters.
func (c *Card) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// PINRetries returns the PIN retries left.
func (c *Card) PINRetries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pin.retries
}

// PUKRetries returns the PUK retries left.
func (c *Card) PUKRetries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puk.retries
}

// RemoveAfter makes the card vanish, as if pulled out, once it has answered
// n more APDUs; f is called at that moment. n <= 0 cancels it.
func (c *Card) RemoveAfter(n int, f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeAfter = n
	c.onRemove = f
}

// ATR returns the answer to reset: that of a YubiKey 5 over USB. It offers
// T=1 only (TD1 = 0x81) and ends with the check byte T=1 requires.
func (c *Card) ATR() []byte {
	atr := []byte{0x3b, 0xfd, 0x13, 0x00, 0x00, 0x81, 0x31, 0xfe, 0x15,
		0x80, 0x73, 0xc0, 0x21, 0xc0, 0x57, 0x59, 0x75, 0x62, 0x69, 0x4b, 0x65, 0x79}
	var tck byte
	for _, b := range atr[1:] {
		tck ^= b
	}
	return append(atr, tck)
}

// Reset drops the session state, as a power cycle does.
func (c *Card) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetSession()
}

func (c *Card) resetSession() {
	c.selected = appletNone
	c.pinVerified = false
	c.mgmtAuthed = false
	c.witness = nil
	c.chain = nil
	c.pending = nil
	c.oath.unlocked = false
	c.oath.challenge = nil
}

// command is a parsed command APDU, ISO/IEC 7816-4 section 5.1.
type command struct {
	cla, ins, p1, p2 byte
	data             []byte
}

func parseCommand(b []byte) (command, bool) {
	if len(b) < 4 {
		return command{}, false
	}
	c := command{cla: b[0], ins: b[1], p1: b[2], p2: b[3]}
	rest := b[4:]
	switch {
	case len(rest) <= 1: // case 1, or case 2 short
	case rest[0] == 0 && len(rest) == 3: // case 2 extended
	case rest[0] == 0 && len(rest) > 3: // case 3 or 4 extended
		n := int(binary.BigEndian.Uint16(rest[1:3]))
		if len(rest) < 3+n {
			return c, false
		}
		c.data = rest[3 : 3+n]
	default: // case 3 or 4 short
		n := int(rest[0])
		if len(rest) < 1+n {
			return c, false
		}
		c.data = rest[1 : 1+n]
	}
	return c, true
}

// Transmit answers one command APDU. removed reports that the card has
// just simulated being pulled out; the answer is then to be dropped.
func (c *Card) Transmit(apdu []byte) (resp []byte, removed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.APDUs++
	if c.removeAfter > 0 {
		c.removeAfter--
		if c.removeAfter == 0 {
			if c.onRemove != nil {
				go c.onRemove()
			}
			return nil, true
		}
	}
	cmd, ok := parseCommand(apdu)
	if !ok {
		return sw(swWrongLength), false
	}
	if (cmd.ins == 0xc0 || cmd.ins == oathInsSendRemaining && c.selected == appletOATH) && cmd.cla&0x10 == 0 {
		return c.nextChunk(), false
	}
	c.pending = nil
	if cmd.cla&0x10 != 0 {
		// command chaining, ISO/IEC 7816-4 section 5.1.1.1
		c.chain = append(c.chain, cmd.data...)
		return sw(swOK), false
	}
	if c.chain != nil {
		cmd.data = append(c.chain, cmd.data...)
		c.chain = nil
	}
	if cmd.cla&^0x10 != 0 {
		return sw(swCLAUnsupported), false
	}
	data, status := c.dispatch(cmd)
	c.pending = data
	if status != swOK {
		c.pending = nil
		return sw(status), false
	}
	return c.nextChunk(), false
}

func (c *Card) nextChunk() []byte {
	n := min(len(c.pending), responseChunk)
	out := append([]byte(nil), c.pending[:n]...)
	c.pending = c.pending[n:]
	if left := len(c.pending); left > 0 {
		return append(out, byte(swMoreData>>8), byte(min(left, 0xff)&0xff))
	}
	c.pending = nil
	return append(out, 0x90, 0x00)
}

func sw(s int) []byte { return []byte{byte(s >> 8), byte(s)} }

func (c *Card) dispatch(cmd command) ([]byte, int) {
	if cmd.ins == 0xa4 && (cmd.p1 == 0x04 || c.selected != appletOATH) {
		return c.selectApplet(cmd)
	}
	switch c.selected {
	case appletPIV:
		return c.piv(cmd)
	case appletManagement:
		return c.management(cmd)
	case appletOTP:
		return c.otp(cmd)
	case appletOATH:
		return c.oathCommand(cmd)
	}
	return nil, swConditions
}

func (c *Card) selectApplet(cmd command) ([]byte, int) {
	if cmd.p1 != 0x04 {
		return nil, swWrongP1P2
	}
	if c.notYubiKey {
		return nil, swNotFound
	}
	prev := c.selected
	var resp []byte
	switch {
	case len(cmd.data) >= len(aidPIV) && bytes.HasPrefix(cmd.data, aidPIV):
		c.selected = appletPIV
		// Application property template, NIST SP 800-73-4 part 2 section 3.1.1.
		resp = append(tlv(0x4f, []byte{0x00, 0x00, 0x10, 0x00, 0x01, 0x00}),
			tlv(0x79, tlv(0x4f, aidPIV))...)
		resp = tlv(0x61, resp)
	case bytes.Equal(cmd.data, aidManagement):
		c.selected = appletManagement
		resp = []byte(fmt.Sprintf("%d.%d.%d", c.version[0], c.version[1], c.version[2]))
	case bytes.Equal(cmd.data, aidOTP):
		c.selected = appletOTP
		resp = c.otpStatus()
	case bytes.Equal(cmd.data, aidOATH):
		c.selected = appletOATH
		resp = c.oathSelect()
	default:
		return nil, swNotFound
	}
	if prev != c.selected {
		c.pinVerified = false
		c.mgmtAuthed = false
		c.witness = nil
	}
	return resp, swOK
}

// tlv encodes one BER-TLV with a one-byte tag (ISO/IEC 7816-4 section 5.2).
func tlv(tag byte, value []byte) []byte {
	return append(append([]byte{tag}, berLength(len(value))...), value...)
}

func berLength(n int) []byte {
	switch {
	case n < 0x80:
		return []byte{byte(n)}
	case n <= 0xff:
		return []byte{0x81, byte(n)}
	}
	return []byte{0x82, byte(n >> 8), byte(n)}
}

// parseTLVs splits BER-TLVs with one- or two-byte tags into a map; later
// duplicates win.
func parseTLVs(b []byte) (map[int][]byte, bool) {
	out := map[int][]byte{}
	for len(b) > 0 {
		tag := int(b[0])
		b = b[1:]
		if tag&0x1f == 0x1f {
			if len(b) < 1 {
				return nil, false
			}
			tag = tag<<8 | int(b[0])
			b = b[1:]
		}
		if len(b) < 1 {
			return nil, false
		}
		n := int(b[0])
		b = b[1:]
		switch n {
		case 0x81:
			if len(b) < 1 {
				return nil, false
			}
			n, b = int(b[0]), b[1:]
		case 0x82:
			if len(b) < 2 {
				return nil, false
			}
			n, b = int(binary.BigEndian.Uint16(b)), b[2:]
		default:
			if n > 0x80 {
				return nil, false
			}
		}
		if len(b) < n {
			return nil, false
		}
		out[tag] = b[:n]
		b = b[n:]
	}
	return out, true
}
