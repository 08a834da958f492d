package vyubikey

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// PIV instructions, NIST SP 800-73-4 part 2 section 3, and Yubico's
// extensions (Yubico PIV documentation, "Yubico extensions").
const (
	insVerify      = 0x20
	insChangeRef   = 0x24
	insResetRetry  = 0x2c
	insGenerate    = 0x47
	insAuth        = 0x87
	insGetData     = 0xcb
	insPutData     = 0xdb
	insSetMgmtKey  = 0xff
	insGetVersion  = 0xfd
	insReset       = 0xfb
	insSetRetries  = 0xfa
	insAttest      = 0xf9
	insGetSerial   = 0xf8
	insGetMetadata = 0xf7
)

func (c *Card) atLeast(major, minor, patch byte) bool {
	v := c.version
	return bytes.Compare(v[:], []byte{major, minor, patch}) >= 0
}

func (c *Card) piv(cmd command) ([]byte, int) {
	switch cmd.ins {
	case insGetVersion:
		return c.version[:], swOK
	case insGetSerial:
		if !c.atLeast(5, 0, 0) {
			return nil, swInsUnsupported
		}
		return binary.BigEndian.AppendUint32(nil, c.serial), swOK
	case insGetMetadata:
		if !c.atLeast(5, 3, 0) {
			return nil, swInsUnsupported
		}
		c.stats.MetadataReads++
		return c.metadata(cmd.p2)
	case insVerify:
		return c.verify(cmd)
	case insChangeRef:
		return c.changeReference(cmd)
	case insResetRetry:
		return c.resetRetry(cmd)
	case insAuth:
		return c.authenticate(cmd)
	case insGetData:
		return c.getData(cmd)
	case insPutData:
		return c.putData(cmd)
	case insGenerate:
		return c.generate(cmd)
	case insAttest:
		return c.attestSlot(cmd)
	case insSetMgmtKey:
		return c.setManagementKey(cmd)
	case insSetRetries:
		return c.setRetries(cmd)
	case insReset:
		return c.factoryReset()
	}
	return nil, swInsUnsupported
}

func (c *Card) metadata(ref byte) ([]byte, int) {
	switch ref {
	case refPIN, refPUK:
		s := c.pin
		def := DefaultPIN
		if ref == refPUK {
			s, def = c.puk, DefaultPUK
		}
		isDefault := byte(0)
		if bytes.Equal(s.value, padPIN([]byte(def))) {
			isDefault = 1
		}
		b := tlv(0x01, []byte{0xff})
		b = append(b, tlv(0x05, []byte{isDefault})...)
		return append(b, tlv(0x06, []byte{byte(s.maxRetries), byte(s.retries)})...), swOK
	case refMgmt:
		isDefault := byte(0)
		def, _ := decodeKey("")
		if c.mgmtAlg == algTDES && bytes.Equal(c.mgmtKey, def) {
			isDefault = 1
		}
		b := tlv(0x01, []byte{c.mgmtAlg})
		b = append(b, tlv(0x02, []byte{0x00, touchNever})...)
		return append(b, tlv(0x05, []byte{isDefault})...), swOK
	}
	s, ok := c.slots[ref]
	if !ok {
		return nil, swNotFound
	}
	b := tlv(0x01, []byte{s.alg})
	b = append(b, tlv(0x02, []byte{s.pinPolicy, s.touchPolicy})...)
	b = append(b, tlv(0x03, []byte{s.origin})...)
	return append(b, tlv(0x04, publicKeyTLV(s))...), swOK
}

// publicKeyTLV encodes a public key as GENERATE ASYMMETRIC returns it, NIST
// SP 800-73-4 part 2 table 11: 86 for an EC point.
func publicKeyTLV(s *slotKey) []byte {
	pub := s.key.Public().(*ecdsa.PublicKey)
	ecdh, _ := pub.ECDH()
	return tlv(0x86, ecdh.Bytes())
}

// checkSecret compares a padded PIN or PUK, keeping the counter as a card
// does: a wrong value costs a retry, the right one restores them all.
func checkSecret(s *secret, given []byte) int {
	if s.retries == 0 {
		return swBlocked
	}
	if len(given) != 8 || subtle.ConstantTimeCompare(s.value, given) != 1 {
		s.retries--
		if s.retries == 0 {
			return swBlocked
		}
		return swVerifyFail | s.retries
	}
	s.retries = s.maxRetries
	return swOK
}

func (c *Card) verify(cmd command) ([]byte, int) {
	if cmd.p2 != refPIN {
		return nil, swRefNotFound
	}
	if cmd.p1 == 0xff {
		c.pinVerified = false
		return nil, swOK
	}
	if len(cmd.data) == 0 {
		c.stats.RetryQueries++
		if c.pinVerified {
			return nil, swOK
		}
		if c.pin.retries == 0 {
			return nil, swBlocked
		}
		return nil, swVerifyFail | c.pin.retries
	}
	c.stats.PINAttempts++
	status := checkSecret(&c.pin, cmd.data)
	c.pinVerified = status == swOK
	return nil, status
}

func (c *Card) changeReference(cmd command) ([]byte, int) {
	var s *secret
	switch cmd.p2 {
	case refPIN:
		s = &c.pin
	case refPUK:
		s = &c.puk
	default:
		return nil, swRefNotFound
	}
	if len(cmd.data) != 16 {
		return nil, swWrongData
	}
	c.stats.PINAttempts++
	if status := checkSecret(s, cmd.data[:8]); status != swOK {
		return nil, status
	}
	s.value = append([]byte(nil), cmd.data[8:]...)
	return nil, swOK
}

func (c *Card) resetRetry(cmd command) ([]byte, int) {
	if cmd.p2 != refPIN {
		return nil, swRefNotFound
	}
	if len(cmd.data) != 16 {
		return nil, swWrongData
	}
	c.stats.PINAttempts++
	if status := checkSecret(&c.puk, cmd.data[:8]); status != swOK {
		return nil, status
	}
	c.pin.value = append([]byte(nil), cmd.data[8:]...)
	c.pin.retries = c.pin.maxRetries
	return nil, swOK
}

func mgmtCipher(alg byte, key []byte) (cipher.Block, error) {
	want := map[byte]int{algTDES: 24, algAES128: 16, algAES192: 24, algAES256: 32}[alg]
	if len(key) != want {
		return nil, fmt.Errorf("management key: want %d bytes for algorithm %#x", want, alg)
	}
	if alg == algTDES {
		return des.NewTripleDESCipher(key)
	}
	return aes.NewCipher(key)
}

// authenticate runs GENERAL AUTHENTICATE: the management key's mutual
// authentication (NIST SP 800-73-4 part 2 appendix A.1) or a signature with
// a slot's key.
func (c *Card) authenticate(cmd command) ([]byte, int) {
	outer, ok := parseTLVs(cmd.data)
	if !ok || outer[0x7c] == nil {
		return nil, swWrongData
	}
	in, ok := parseTLVs(outer[0x7c])
	if !ok {
		return nil, swWrongData
	}
	if cmd.p2 != refMgmt {
		if _, ok := in[0x85]; ok {
			return c.agree(cmd, in)
		}
		return c.sign(cmd, in)
	}
	if cmd.p1 != c.mgmtAlg {
		return nil, swWrongP1P2
	}
	block, err := mgmtCipher(c.mgmtAlg, c.mgmtKey)
	if err != nil {
		return nil, swConditions
	}
	n := block.BlockSize()
	witness, hasWitness := in[0x80]
	challenge, hasChallenge := in[0x81]
	switch {
	case hasWitness && len(witness) == 0: // step 1: the card's witness
		c.stats.MgmtAuths++
		c.mgmtAuthed = false
		c.witness = make([]byte, n)
		if _, err := rand.Read(c.witness); err != nil {
			return nil, swConditions
		}
		enc := make([]byte, n)
		block.Encrypt(enc, c.witness)
		return tlv(0x7c, tlv(0x80, enc)), swOK
	case hasWitness && hasChallenge: // step 2: host proves, card answers
		ok := c.witness != nil && len(witness) == n && subtle.ConstantTimeCompare(witness, c.witness) == 1
		c.witness = nil
		if !ok || len(challenge) != n {
			return nil, swSecurity
		}
		c.mgmtAuthed = true
		enc := make([]byte, n)
		block.Encrypt(enc, challenge)
		return tlv(0x7c, tlv(0x82, enc)), swOK
	}
	return nil, swWrongData
}

func (c *Card) sign(cmd command, in map[int][]byte) ([]byte, int) {
	s, ok := c.slots[cmd.p2]
	if !ok || cmd.p2 == refAttest {
		return nil, swNotFound
	}
	if cmd.p1 != s.alg {
		return nil, swWrongP1P2
	}
	digest, ok := in[0x81]
	if !ok {
		return nil, swWrongData
	}
	if sw := c.authorize(s); sw != swOK {
		return nil, sw
	}
	sig, err := s.key.Sign(rand.Reader, digest, nil)
	if err != nil {
		return nil, swConditions
	}
	return tlv(0x7c, tlv(0x82, sig)), swOK
}

// authorize applies a slot's PIN and touch policies to one use of its
// key: the PIN must have been verified unless the policy is never (and
// "always" asks for it again next time); a touch is taken as given, and
// counted.
func (c *Card) authorize(s *slotKey) int {
	if s.pinPolicy != pinNever && !c.pinVerified {
		return swSecurity
	}
	if s.pinPolicy == pinAlways {
		c.pinVerified = false
	}
	if s.touchPolicy == touchAlways || s.touchPolicy == touchCached {
		c.stats.Touches++
	}
	return swOK
}

// agree runs GENERAL AUTHENTICATE for key establishment (NIST SP 800-73-4
// part 2 appendix A.5, ECDH): the template holds an empty response (82)
// and the peer's uncompressed point (85); the answer is the shared
// secret, the x coordinate of the product, under 82.
func (c *Card) agree(cmd command, in map[int][]byte) ([]byte, int) {
	s, ok := c.slots[cmd.p2]
	if !ok || cmd.p2 == refAttest {
		return nil, swNotFound
	}
	if cmd.p1 != s.alg || (s.alg != algECCP256 && s.alg != algECCP384) {
		return nil, swWrongP1P2
	}
	priv, ok := s.key.(*ecdsa.PrivateKey)
	if !ok {
		return nil, swConditions
	}
	ours, err := priv.ECDH()
	if err != nil {
		return nil, swConditions
	}
	peer, err := ours.Curve().NewPublicKey(in[0x85])
	if err != nil {
		return nil, swWrongData
	}
	if sw := c.authorize(s); sw != swOK {
		return nil, sw
	}
	secret, err := ours.ECDH(peer)
	if err != nil {
		return nil, swWrongData
	}
	c.stats.Agreements++
	return tlv(0x7c, tlv(0x82, secret)), swOK
}

// objectID reads the tag list 5C of GET DATA and PUT DATA.
func objectID(b []byte) (uint32, bool) {
	if len(b) == 0 || len(b) > 3 {
		return 0, false
	}
	var id uint32
	for _, x := range b {
		id = id<<8 | uint32(x)
	}
	return id, true
}

func (c *Card) getData(cmd command) ([]byte, int) {
	if cmd.p1 != 0x3f || cmd.p2 != 0xff {
		return nil, swWrongP1P2
	}
	t, ok := parseTLVs(cmd.data)
	if !ok {
		return nil, swWrongData
	}
	id, ok := objectID(t[0x5c])
	if !ok {
		return nil, swWrongData
	}
	obj, ok := c.objects[id]
	if !ok {
		return nil, swNotFound
	}
	if id == 0x7e { // the discovery object is returned under its own tag
		return tlv(0x7e, obj), swOK
	}
	return tlv(0x53, obj), swOK
}

func (c *Card) putData(cmd command) ([]byte, int) {
	if !c.mgmtAuthed {
		return nil, swSecurity
	}
	t, ok := parseTLVs(cmd.data)
	if !ok {
		return nil, swWrongData
	}
	id, ok := objectID(t[0x5c])
	if !ok {
		return nil, swWrongData
	}
	obj := t[0x53]
	if len(obj) == 0 {
		delete(c.objects, id)
		return nil, swOK
	}
	c.objects[id] = append([]byte(nil), obj...)
	return nil, swOK
}

func (c *Card) generate(cmd command) ([]byte, int) {
	if !c.mgmtAuthed {
		return nil, swSecurity
	}
	ref := cmd.p2
	switch {
	case ref == 0x9a, ref == 0x9c, ref == 0x9d, ref == 0x9e, retired(ref):
	default:
		return nil, swRefNotFound
	}
	outer, ok := parseTLVs(cmd.data)
	if !ok || outer[0xac] == nil {
		return nil, swWrongData
	}
	in, ok := parseTLVs(outer[0xac])
	if !ok || len(in[0x80]) != 1 {
		return nil, swWrongData
	}
	alg := in[0x80][0]
	pp, tp := defaultPINPolicy(ref), byte(touchNever)
	if v := in[0xaa]; len(v) == 1 && v[0] != 0 {
		pp = v[0]
	}
	if v := in[0xab]; len(v) == 1 && v[0] != 0 {
		tp = v[0]
	}
	key, err := generateKey(alg)
	if err != nil {
		return nil, swWrongData
	}
	s := &slotKey{alg: alg, pinPolicy: pp, touchPolicy: tp, origin: originGen, key: key}
	c.slots[ref] = s
	pub := publicKeyTLV(s)
	return append(append([]byte{0x7f, 0x49}, berLength(len(pub))...), pub...), swOK
}

func (c *Card) attestSlot(cmd command) ([]byte, int) {
	if !c.atLeast(4, 3, 0) {
		return nil, swInsUnsupported
	}
	s, ok := c.slots[cmd.p1]
	if !ok || cmd.p1 == refAttest || s.origin != originGen {
		return nil, swWrongData
	}
	der, err := c.attest(cmd.p1, s)
	if err != nil {
		return nil, swConditions
	}
	return der, swOK
}

func (c *Card) setManagementKey(cmd command) ([]byte, int) {
	if !c.mgmtAuthed {
		return nil, swSecurity
	}
	if cmd.p1 != 0xff || (cmd.p2 != 0xff && cmd.p2 != 0xfe) {
		return nil, swWrongP1P2
	}
	d := cmd.data
	if len(d) < 3 || d[1] != refMgmt || int(d[2]) != len(d)-3 {
		return nil, swWrongData
	}
	alg, key := d[0], d[3:]
	if alg != algTDES && !c.atLeast(5, 4, 0) {
		return nil, swWrongData
	}
	if _, err := mgmtCipher(alg, key); err != nil {
		return nil, swWrongData
	}
	c.mgmtAlg, c.mgmtKey = alg, append([]byte(nil), key...)
	return nil, swOK
}

func (c *Card) setRetries(cmd command) ([]byte, int) {
	if !c.mgmtAuthed || !c.pinVerified {
		return nil, swSecurity
	}
	if cmd.p1 == 0 || cmd.p2 == 0 || cmd.p1 > 15 || cmd.p2 > 15 {
		return nil, swWrongP1P2
	}
	// A YubiKey puts PIN and PUK back to their defaults here.
	c.pin = newSecret("", DefaultPIN, 0, int(cmd.p1), false)
	c.puk = newSecret("", DefaultPUK, 0, int(cmd.p2), false)
	c.pinVerified = false
	return nil, swOK
}

func (c *Card) factoryReset() ([]byte, int) {
	if c.pin.retries != 0 || c.puk.retries != 0 {
		return nil, swConditions
	}
	c.pin = newSecret("", DefaultPIN, 0, 3, false)
	c.puk = newSecret("", DefaultPUK, 0, 3, false)
	c.mgmtAlg = algTDES
	c.mgmtKey, _ = decodeKey("")
	attest := c.slots[refAttest]
	attestObj := c.objects[slotObject(refAttest)]
	c.slots = map[byte]*slotKey{refAttest: attest}
	c.objects = map[uint32][]byte{slotObject(refAttest): attestObj}
	c.resetSession()
	c.selected = appletPIV
	return nil, swOK
}
