package oath

import (
	"crypto/hmac"
	"encoding/binary"
	"slices"
)

// fakeCard answers the YKOATH commands the tests use, following the
// specification, and sends LIST answers in small parts to exercise SEND
// REMAINING. HMAC and truncation are RFC 4226's.
type fakeCard struct {
	creds     []fakeCred
	salt      []byte
	accessKey []byte
	challenge []byte
	unlocked  bool
	pending   []byte
}

type fakeCred struct {
	name     string
	typeAlgo byte
	digits   byte
	key      []byte
	counter  uint64 // HOTP: the card's own counter (IMF)
}

func (f *fakeCard) Transmit(apdu []byte) ([]byte, uint16, error) {
	ins := apdu[1]
	var data []byte
	if len(apdu) > 5 {
		data = apdu[5:]
	}
	if ins == insSendRemaining {
		return f.chunk()
	}
	items, _ := parseTLVs(data)
	if ins != insSelect && ins != insValidate && f.accessKey != nil && !f.unlocked {
		return nil, swAuthRequired, nil
	}
	switch ins {
	case insSelect:
		f.unlocked = false
		out := appendTLV(nil, tagVersion, []byte{5, 4, 3})
		out = appendTLV(out, tagName, f.salt)
		if f.accessKey != nil {
			f.challenge = []byte("chalenge")
			out = appendTLV(out, tagChallenge, f.challenge)
		}
		return out, swOK, nil
	case insValidate:
		resp, _ := find(items, tagResponse)
		ours, _ := find(items, tagChallenge)
		if !hmac.Equal(resp, hmacSHA1(f.accessKey, f.challenge)) {
			return nil, swWrongData, nil
		}
		f.unlocked = true
		return appendTLV(nil, tagResponse, hmacSHA1(f.accessKey, ours)), swOK, nil
	case insSetCode:
		key, _ := find(items, tagKey)
		f.accessKey = nil
		if len(key) > 0 {
			f.accessKey = slices.Clone(key[1:])
		}
		return nil, swOK, nil
	case insPut:
		name, _ := find(items, tagName)
		key, _ := find(items, tagKey)
		f.creds = slices.DeleteFunc(f.creds, func(c fakeCred) bool { return c.name == string(name) })
		var counter uint64
		if imf, ok := find(items, tagIMF); ok {
			counter = uint64(binary.BigEndian.Uint32(imf))
		}
		f.creds = append(f.creds, fakeCred{string(name), key[0], key[1], slices.Clone(key[2:]), counter})
		return nil, swOK, nil
	case insDelete:
		name, _ := find(items, tagName)
		n := len(f.creds)
		f.creds = slices.DeleteFunc(f.creds, func(c fakeCred) bool { return c.name == string(name) })
		if len(f.creds) == n {
			return nil, swNoSuchObject, nil
		}
		return nil, swOK, nil
	case insList:
		var out []byte
		for _, c := range f.creds {
			out = appendTLV(out, tagNameList, append([]byte{c.typeAlgo}, c.name...))
		}
		f.pending = out
		return f.chunk()
	case insCalculate:
		name, _ := find(items, tagName)
		challenge, _ := find(items, tagChallenge)
		for i, c := range f.creds {
			if c.name == string(name) {
				if c.typeAlgo&typeMask == typeHOTP {
					challenge = binary.BigEndian.AppendUint64(nil, c.counter)
					f.creds[i].counter++
				}
				return appendTLV(nil, tagTruncatedResponse, c.truncated(challenge)), swOK, nil
			}
		}
		return nil, swNoSuchObject, nil
	}
	return nil, 0x6D00, nil
}

func (f *fakeCard) chunk() ([]byte, uint16, error) {
	n := min(len(f.pending), 7)
	out := f.pending[:n]
	f.pending = f.pending[n:]
	if len(f.pending) > 0 {
		return out, uint16(swMoreDataHighByte)<<8 | uint16(min(len(f.pending), 0xFF)), nil
	}
	return out, swOK, nil
}

func (c fakeCred) truncated(challenge []byte) []byte {
	_, newHash, _, _ := algorithmCode(algorithmName(c.typeAlgo))
	m := hmac.New(newHash, c.key) // zero padding does not change HMAC
	m.Write(challenge)
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0F
	return append([]byte{c.digits}, binary.BigEndian.AppendUint32(nil, binary.BigEndian.Uint32(sum[off:]))...)
}
