package transfer

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/chacha20"
	//lint:ignore SA1019 libsodium's construction needs the bare one-time MAC, keyed per message; x/crypto offers it nowhere else
	"golang.org/x/crypto/poly1305"
)

// The reading half of libsodium's crypto_secretstream_xchacha20poly1305,
// which Ente Auth encrypts its exports with; no maintained Go package
// implements it, so it is written here on x/crypto's ChaCha20 and
// Poly1305, step for step as libsodium's secretstream.c does:
//
//   - the 24-byte header is a 16-byte HChaCha20 nonce and an 8-byte
//     inonce: k = HChaCha20(key, header[:16]), nonce = counter (LE, from
//     1) || inonce;
//   - each message is tag (1 byte, encrypted) || ciphertext || MAC (16);
//     ChaCha20 block 0 keys Poly1305, block 1 encrypts the tag, blocks 2
//     on the message; the MAC covers ad, padding, the 64-byte tag block,
//     the ciphertext, padding, and the two lengths (LE 64-bit);
//   - after each message inonce ^= MAC[:8] and the counter grows; the
//     key is renewed (rekey) on a REKEY tag or when the counter wraps.
const (
	secretstreamHeaderBytes = 24
	secretstreamABytes      = 1 + poly1305.TagSize
	secretstreamTagRekey    = 0x02
	secretstreamTagFinal    = 0x03
)

var errSecretstream = errors.New("the stream does not authenticate")

type secretstreamPull struct {
	key   [32]byte
	nonce [12]byte // counter (4, LE) || inonce (8)
}

func newSecretstreamPull(key, header []byte) (*secretstreamPull, error) {
	if len(key) != chacha20.KeySize || len(header) != secretstreamHeaderBytes {
		return nil, errors.New("secretstream: wrong key or header size")
	}
	k, err := chacha20.HChaCha20(key, header[:16])
	if err != nil {
		return nil, err
	}
	s := &secretstreamPull{}
	copy(s.key[:], k)
	binary.LittleEndian.PutUint32(s.nonce[:4], 1)
	copy(s.nonce[4:], header[16:])
	return s, nil
}

// pull decrypts one message and returns it with its tag.
func (s *secretstreamPull) pull(in, ad []byte) ([]byte, byte, error) {
	if len(in) < secretstreamABytes {
		return nil, 0, errSecretstream
	}
	mlen := len(in) - secretstreamABytes
	var block [64]byte
	c, _ := chacha20.NewUnauthenticatedCipher(s.key[:], s.nonce[:])
	c.XORKeyStream(block[:], block[:])
	var polyKey [32]byte
	copy(polyKey[:], block[:32])
	mac := poly1305.New(&polyKey)
	var zeros [16]byte
	mac.Write(ad)
	mac.Write(zeros[:(16-len(ad)%16)%16])

	clear(block[:])
	block[0] = in[0]
	c.SetCounter(1)
	c.XORKeyStream(block[:], block[:])
	tag := block[0]
	block[0] = in[0]
	mac.Write(block[:])
	ciphertext := in[1 : 1+mlen]
	mac.Write(ciphertext)
	mac.Write(zeros[:(16-(64+mlen)%16)%16])
	var lengths [16]byte
	binary.LittleEndian.PutUint64(lengths[:8], uint64(len(ad)))
	binary.LittleEndian.PutUint64(lengths[8:], uint64(64+mlen))
	mac.Write(lengths[:])
	sum := mac.Sum(nil)
	if subtle.ConstantTimeCompare(sum, in[1+mlen:]) != 1 {
		return nil, 0, errSecretstream
	}
	out := make([]byte, mlen)
	c.SetCounter(2)
	c.XORKeyStream(out, ciphertext)

	for i := range 8 {
		s.nonce[4+i] ^= sum[i]
	}
	counter := binary.LittleEndian.Uint32(s.nonce[:4]) + 1
	binary.LittleEndian.PutUint32(s.nonce[:4], counter)
	if tag&secretstreamTagRekey != 0 || counter == 0 {
		s.rekey()
	}
	return out, tag, nil
}

// rekey derives the next key and inonce from the current ones.
func (s *secretstreamPull) rekey() {
	var next [40]byte
	copy(next[:32], s.key[:])
	copy(next[32:], s.nonce[4:])
	c, _ := chacha20.NewUnauthenticatedCipher(s.key[:], s.nonce[:])
	c.XORKeyStream(next[:], next[:])
	copy(s.key[:], next[:32])
	copy(s.nonce[4:], next[32:])
	binary.LittleEndian.PutUint32(s.nonce[:4], 1)
}

// openSecretstream decrypts a whole stream of messages of at most chunk
// bytes each (Ente writes one), which must end with a FINAL tag.
func openSecretstream(key, header, stream []byte, chunk int) ([]byte, error) {
	s, err := newSecretstreamPull(key, header)
	if err != nil {
		return nil, err
	}
	var out []byte
	for len(stream) > 0 {
		n := min(len(stream), chunk+secretstreamABytes)
		m, tag, err := s.pull(stream[:n], nil)
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
		stream = stream[n:]
		if tag == secretstreamTagFinal {
			if len(stream) > 0 {
				return nil, errors.New("secretstream: data after the final message")
			}
			return out, nil
		}
	}
	return nil, errors.New("secretstream: no final message (truncated)")
}
