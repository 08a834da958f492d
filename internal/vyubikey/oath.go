package vyubikey

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"hash"
	"slices"
)

// The OATH application, as Yubico's YKOATH protocol specification
// describes it (developers.yubico.com/OATH/YKOATH_Protocol.html): enough
// for ykman's "oath accounts" commands and for Twofold. Touch is taken as
// given at once.

var aidOATH = []byte{0xa0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01}

const (
	oathInsPut           = 0x01
	oathInsDelete        = 0x02
	oathInsSetCode       = 0x03
	oathInsReset         = 0x04
	oathInsList          = 0xa1
	oathInsCalculate     = 0xa2
	oathInsValidate      = 0xa3
	oathInsCalculateAll  = 0xa4
	oathInsSendRemaining = 0xa5

	oathTagName      = 0x71
	oathTagNameList  = 0x72
	oathTagKey       = 0x73
	oathTagChallenge = 0x74
	oathTagResponse  = 0x75
	oathTagTruncated = 0x76
	oathTagHOTP      = 0x77
	oathTagProperty  = 0x78
	oathTagVersion   = 0x79
	oathTagIMF       = 0x7a
	oathTagAlgorithm = 0x7b
	oathTagTouch     = 0x7c

	oathTypeMask  = 0xf0
	oathTypeHOTP  = 0x10
	oathPropTouch = 0x02
	oathNoSpace   = 0x6a84
	oathNoSuchObj = 0x6984
)

// oathCapacity is how many credentials the application holds: 32, and 64
// from firmware 5.7 (Yubico's YubiKey 5.7 firmware specifics).
func (c *Card) oathCapacity() int {
	if c.version[0] > 5 || c.version[0] == 5 && c.version[1] >= 7 {
		return 64
	}
	return 32
}

// oathBlockSize is the hash block size: a key longer than it is refused,
// as the YKOATH specification has the host hash such keys first.
func oathBlockSize(typeAlgo byte) int {
	if typeAlgo&0x0f == 0x03 {
		return 128
	}
	return 64
}

type oathCred struct {
	name     string
	typeAlgo byte
	digits   byte
	key      []byte
	touch    bool
	counter  uint32
}

// oathState is the application's stored state (kept across resets) and
// its session state (unlocked, challenge).
type oathState struct {
	creds     []oathCred
	salt      []byte
	accessKey []byte // nil: no password
	challenge []byte
	unlocked  bool
}

// oathItems splits OATH data into tag/value pairs. The property tag has
// no length: its one byte follows it.
func oathItems(b []byte) (map[int][]byte, bool) {
	out := map[int][]byte{}
	for len(b) > 0 {
		if b[0] == oathTagProperty {
			if len(b) < 2 {
				return nil, false
			}
			out[oathTagProperty] = b[1:2]
			b = b[2:]
			continue
		}
		if len(b) < 2 || int(b[1]) > len(b)-2 || b[1] >= 0x80 {
			return nil, false
		}
		out[int(b[0])] = b[2 : 2+int(b[1])]
		b = b[2+int(b[1]):]
	}
	return out, true
}

func (c *Card) oathSelect() []byte {
	if c.oath.salt == nil {
		c.oath.salt = make([]byte, 8)
		_, _ = rand.Read(c.oath.salt)
	}
	c.oath.unlocked = false
	resp := append(tlv(oathTagVersion, c.version[:]), tlv(oathTagName, c.oath.salt)...)
	if c.oath.accessKey != nil {
		c.oath.challenge = make([]byte, 8)
		_, _ = rand.Read(c.oath.challenge)
		resp = append(resp, tlv(oathTagChallenge, c.oath.challenge)...)
		resp = append(resp, tlv(oathTagAlgorithm, []byte{0x01})...)
	}
	return resp
}

func oathHash(typeAlgo byte) func() hash.Hash {
	switch typeAlgo & 0x0f {
	case 0x02:
		return sha256.New
	case 0x03:
		return sha512.New
	}
	return sha1.New
}

func oathHMAC(newHash func() hash.Hash, key, msg []byte) []byte {
	m := hmac.New(newHash, key)
	m.Write(msg)
	return m.Sum(nil)
}

func (c *Card) oathCommand(cmd command) ([]byte, int) {
	o := &c.oath
	items, ok := oathItems(cmd.data)
	if !ok {
		return nil, swWrongData
	}
	if cmd.ins == oathInsValidate {
		resp, ours := items[oathTagResponse], items[oathTagChallenge]
		if o.accessKey == nil || o.challenge == nil || !hmac.Equal(resp, oathHMAC(sha1.New, o.accessKey, o.challenge)) {
			return nil, swWrongData
		}
		o.unlocked, o.challenge = true, nil
		return tlv(oathTagResponse, oathHMAC(sha1.New, o.accessKey, ours)), swOK
	}
	if cmd.ins == oathInsReset && cmd.p1 == 0xde && cmd.p2 == 0xad {
		*o = oathState{}
		return nil, swOK
	}
	if o.accessKey != nil && !o.unlocked {
		return nil, swSecurity
	}
	switch cmd.ins {
	case oathInsPut:
		return c.oathPut(items)
	case oathInsDelete:
		n := len(o.creds)
		o.creds = slices.DeleteFunc(o.creds, func(x oathCred) bool { return x.name == string(items[oathTagName]) })
		if len(o.creds) == n {
			return nil, oathNoSuchObj
		}
		return nil, swOK
	case oathInsSetCode:
		key := items[oathTagKey]
		if len(key) == 0 {
			o.accessKey = nil
			return nil, swOK
		}
		if len(key) < 2 || !hmac.Equal(items[oathTagResponse], oathHMAC(sha1.New, key[1:], items[oathTagChallenge])) {
			return nil, swWrongData
		}
		o.accessKey = slices.Clone(key[1:])
		return nil, swOK
	case oathInsList:
		var out []byte
		for _, x := range o.creds {
			out = append(out, tlv(oathTagNameList, append([]byte{x.typeAlgo}, x.name...))...)
		}
		return out, swOK
	case oathInsCalculate:
		i := slices.IndexFunc(o.creds, func(x oathCred) bool { return x.name == string(items[oathTagName]) })
		if i < 0 {
			return nil, oathNoSuchObj
		}
		return c.oathCalculate(&o.creds[i], items[oathTagChallenge], cmd.p2 == 0x01), swOK
	case oathInsCalculateAll:
		var out []byte
		for i := range o.creds {
			x := &o.creds[i]
			out = append(out, tlv(oathTagName, []byte(x.name))...)
			switch {
			case x.typeAlgo&oathTypeMask == oathTypeHOTP:
				out = append(out, tlv(oathTagHOTP, []byte{x.digits})...)
			case x.touch:
				out = append(out, tlv(oathTagTouch, []byte{x.digits})...)
			default:
				out = append(out, c.oathCalculate(x, items[oathTagChallenge], cmd.p2 == 0x01)...)
			}
		}
		return out, swOK
	}
	return nil, swInsUnsupported
}

func (c *Card) oathPut(items map[int][]byte) ([]byte, int) {
	o := &c.oath
	name, key := items[oathTagName], items[oathTagKey]
	if len(name) == 0 || len(name) > 64 || len(key) < 2 || len(key)-2 > oathBlockSize(key[0]) {
		return nil, swWrongData
	}
	cred := oathCred{name: string(name), typeAlgo: key[0], digits: key[1], key: slices.Clone(key[2:])}
	if p := items[oathTagProperty]; len(p) == 1 && p[0]&oathPropTouch != 0 {
		cred.touch = true
	}
	if imf := items[oathTagIMF]; len(imf) == 4 {
		cred.counter = binary.BigEndian.Uint32(imf)
	}
	if i := slices.IndexFunc(o.creds, func(x oathCred) bool { return x.name == cred.name }); i >= 0 {
		o.creds[i] = cred
		return nil, swOK
	}
	if len(o.creds) >= c.oathCapacity() {
		return nil, oathNoSpace
	}
	o.creds = append(o.creds, cred)
	return nil, swOK
}

// oathCalculate is RFC 4226 HMAC over the challenge (TOTP) or the card's
// counter (HOTP), truncated or whole.
func (c *Card) oathCalculate(x *oathCred, challenge []byte, truncate bool) []byte {
	if x.typeAlgo&oathTypeMask == oathTypeHOTP {
		challenge = binary.BigEndian.AppendUint64(nil, uint64(x.counter))
		x.counter++
	}
	sum := oathHMAC(oathHash(x.typeAlgo), x.key, challenge)
	if !truncate {
		return tlv(oathTagResponse, append([]byte{x.digits}, sum...))
	}
	off := sum[len(sum)-1] & 0x0f
	return tlv(oathTagTruncated, append([]byte{x.digits}, sum[off:off+4]...))
}
