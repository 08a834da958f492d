package transfer

import (
	"bytes"
	"compress/gzip"
	"crypto/aes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"

	"github.com/twofoldmfa/twofold/token/kdf"
)

// FormatKeePass is a KeePass database in the KDBX 4 format (KeePassXC,
// KeePass 2.35 on), opened with its master password alone. No maintained
// KDBX package is served here, so the format is read from its
// specification (keepass.info's "KDBX 4" page), the parts Twofold needs:
//
//   - signatures 0x9AA2D903 0xB54BFB67, version 4.x; header fields
//     (id, uint32 size, data): cipher, compression, master seed, IV, KDF
//     parameters (a VariantDictionary: Argon2d/Argon2id or AES-KDF);
//   - the header's SHA-256 and HMAC-SHA256, then HMAC-SHA256 blocks;
//     key = SHA-256(seed || KDF(SHA-256(SHA-256(password)))), block HMAC
//     keys SHA-512(index || SHA-512(seed || KDF(...) || 0x01));
//   - AES-256-CBC or ChaCha20, gzip, the inner header (ChaCha20 stream
//     key for protected values), then the XML.
//
// A TOTP is an entry's "otp" attribute (an otpauth link, as KeePassXC
// stores it), KeePass's own "TimeOtp-Secret-Base32" with its length,
// period and algorithm, or KeePassXC's older "TOTP Seed" with "TOTP
// Settings". Entries of
// the recycle bin and of entries' history are left alone.
const FormatKeePass Format = "keepass"

// kdbxMajor4 is the major version of KDBX 4.
const kdbxMajor4 = 4

var (
	kdbxMagic        = []byte{0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5}
	kdbxCipherAES256 = []byte{0x31, 0xc1, 0xf2, 0xe6, 0xbf, 0x71, 0x43, 0x50, 0xbe, 0x58, 0x05, 0x21, 0x6a, 0xfc, 0x5a, 0xff}
	kdbxCipherChaCha = []byte{0xd6, 0x03, 0x8a, 0x2b, 0x8b, 0x6f, 0x4c, 0xb5, 0xa5, 0x24, 0x33, 0x9a, 0x31, 0xdb, 0xb5, 0x9a}
	kdbxKDFArgon2d   = []byte{0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29, 0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c}
	kdbxKDFArgon2id  = []byte{0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb, 0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6}
	kdbxKDFAES       = []byte{0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a, 0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8f, 0x4f, 0xea}
)

// maxAESKDFRounds bounds the old AES-KDF: KeePass's one-second setting on
// a fast machine is some tens of millions of rounds.
const maxAESKDFRounds = 100_000_000

var errKDBX = errors.New("not a KDBX 4 database Twofold can read")

type kdbxHeader struct {
	cipher, seed, iv []byte
	gzip             bool
	kdf              map[string][]byte
}

// ParseKeePass reads the TOTP entries of a KDBX 4 database.
func ParseKeePass(content []byte, passphrase Passphrase) (Contents, error) {
	h, headerEnd, err := readKDBXHeader(content)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	derive, err := kdbxKDF(h.kdf)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	if len(content) < headerEnd+64 {
		return Contents{}, fmt.Errorf("reading KeePass database: %w: truncated header", errKDBX)
	}
	pass, err := passphrase()
	if err != nil {
		return Contents{}, err
	}
	pw := sha256.Sum256([]byte(pass))
	composite := sha256.Sum256(pw[:])
	transformed, err := derive(composite[:])
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	hmacBase := sha512.Sum512(append(append(append([]byte{}, h.seed...), transformed...), 1))
	blockKey := func(i uint64) []byte {
		var idx [8]byte
		binary.LittleEndian.PutUint64(idx[:], i)
		k := sha512.Sum512(append(idx[:], hmacBase[:]...))
		return k[:]
	}
	header := content[:headerEnd]
	if sum := sha256.Sum256(header); !hmac.Equal(sum[:], content[headerEnd:headerEnd+32]) {
		return Contents{}, fmt.Errorf("reading KeePass database: %w: damaged header", errKDBX)
	}
	m := hmac.New(sha256.New, blockKey(^uint64(0)))
	m.Write(header)
	if !hmac.Equal(m.Sum(nil), content[headerEnd+32:headerEnd+64]) {
		return Contents{}, ErrWrongPassphrase
	}
	payload, err := readKDBXBlocks(content[headerEnd+64:], blockKey)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	key := sha256.Sum256(append(append([]byte{}, h.seed...), transformed...))
	plain, err := decryptKDBX(h, key[:], payload)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	if h.gzip {
		zr, err := gzip.NewReader(bytes.NewReader(plain))
		if err != nil {
			return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
		}
		if plain, err = io.ReadAll(io.LimitReader(zr, 4*MaxFileSize)); err != nil {
			return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
		}
	}
	stream, body, err := readKDBXInner(plain)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	c, err := readKDBXEntries(body, stream)
	if err != nil {
		return Contents{}, fmt.Errorf("reading KeePass database: %w", err)
	}
	c.Format, c.Encrypted = FormatKeePass, true
	return c, nil
}

func readKDBXHeader(b []byte) (kdbxHeader, int, error) {
	var h kdbxHeader
	if len(b) < 12 || !bytes.Equal(b[:8], kdbxMagic) {
		return h, 0, errKDBX
	}
	if major := binary.LittleEndian.Uint16(b[10:12]); major != kdbxMajor4 {
		return h, 0, fmt.Errorf("%w: version %d (save it as KDBX 4)", errKDBX, major)
	}
	p := 12
	for {
		if len(b) < p+5 {
			return h, 0, fmt.Errorf("%w: truncated header", errKDBX)
		}
		id, size := b[p], int(binary.LittleEndian.Uint32(b[p+1:p+5]))
		p += 5
		if size < 0 || len(b)-p < size {
			return h, 0, fmt.Errorf("%w: truncated header", errKDBX)
		}
		data := b[p : p+size]
		p += size
		switch id {
		case 0:
			if h.cipher == nil || h.seed == nil || h.iv == nil || h.kdf == nil {
				return h, 0, fmt.Errorf("%w: header fields missing", errKDBX)
			}
			return h, p, nil
		case 2:
			h.cipher = data
		case 3:
			h.gzip = len(data) == 4 && binary.LittleEndian.Uint32(data) == 1
		case 4:
			h.seed = data
		case 7:
			h.iv = data
		case 11:
			var err error
			if h.kdf, err = readVariantDictionary(data); err != nil {
				return h, 0, err
			}
		}
	}
}

// readVariantDictionary reads KDBX 4's typed key-value list, the values
// kept as bytes (the callers know their types).
func readVariantDictionary(b []byte) (map[string][]byte, error) {
	if len(b) < 2 || b[1] != 1 {
		return nil, fmt.Errorf("%w: KDF parameters of an unknown version", errKDBX)
	}
	out := map[string][]byte{}
	b = b[2:]
	for len(b) > 0 {
		typ := b[0]
		if typ == 0 {
			return out, nil
		}
		if len(b) < 5 {
			break
		}
		n := int(binary.LittleEndian.Uint32(b[1:5]))
		if n < 0 || len(b)-5 < n+4 {
			break
		}
		name := string(b[5 : 5+n])
		b = b[5+n:]
		m := int(binary.LittleEndian.Uint32(b[:4]))
		if m < 0 || len(b)-4 < m {
			break
		}
		out[name] = b[4 : 4+m]
		b = b[4+m:]
	}
	return nil, fmt.Errorf("%w: truncated KDF parameters", errKDBX)
}

func kdbxUint(v []byte) (uint64, bool) {
	switch len(v) {
	case 4:
		return uint64(binary.LittleEndian.Uint32(v)), true
	case 8:
		return binary.LittleEndian.Uint64(v), true
	}
	return 0, false
}

// kdbxKDF checks the KDF parameters against token/kdf and returns the
// derivation, which has not run yet.
func kdbxKDF(p map[string][]byte) (func(key []byte) ([]byte, error), error) {
	uuid := p["$UUID"]
	switch {
	case bytes.Equal(uuid, kdbxKDFArgon2d), bytes.Equal(uuid, kdbxKDFArgon2id):
		iter, ok1 := kdbxUint(p["I"])
		mem, ok2 := kdbxUint(p["M"])
		par, ok3 := kdbxUint(p["P"])
		salt := p["S"]
		if !ok1 || !ok2 || !ok3 || len(salt) == 0 {
			return nil, fmt.Errorf("%w: Argon2 parameters missing", errKDBX)
		}
		memKiB := mem >> 10
		if mem > kdf.MaxMemory {
			memKiB = kdf.MaxMemory>>10 + 1
		}
		if err := kdf.Argon2(memKiB, iter, par); err != nil {
			return nil, err
		}
		if bytes.Equal(uuid, kdbxKDFArgon2d) {
			// x/crypto has Argon2i and Argon2id only.
			return nil, fmt.Errorf("%w: Argon2d (in KeePassXC, change the database's key derivation to Argon2id)", errKDBX)
		}
		return func(key []byte) ([]byte, error) {
			return argon2.IDKey(key, salt, uint32(iter), uint32(memKiB), uint8(par), 32), nil
		}, nil
	case bytes.Equal(uuid, kdbxKDFAES):
		rounds, ok := kdbxUint(p["R"])
		seed := p["S"]
		if !ok || len(seed) != 32 {
			return nil, fmt.Errorf("%w: AES-KDF parameters missing", errKDBX)
		}
		if rounds < 1 || rounds > maxAESKDFRounds {
			return nil, fmt.Errorf("%w: AES-KDF with %d rounds (at most %d)", kdf.ErrTooCostly, rounds, maxAESKDFRounds)
		}
		return func(key []byte) ([]byte, error) {
			block, err := aes.NewCipher(seed)
			if err != nil {
				return nil, err
			}
			k := append([]byte{}, key...)
			for range rounds {
				block.Encrypt(k[:16], k[:16])
				block.Encrypt(k[16:], k[16:])
			}
			sum := sha256.Sum256(k)
			return sum[:], nil
		}, nil
	}
	return nil, fmt.Errorf("%w: an unknown key derivation", errKDBX)
}

func readKDBXBlocks(b []byte, blockKey func(uint64) []byte) ([]byte, error) {
	var out []byte
	for i := uint64(0); ; i++ {
		if len(b) < 36 {
			return nil, fmt.Errorf("%w: truncated", errKDBX)
		}
		mac, size := b[:32], binary.LittleEndian.Uint32(b[32:36])
		if uint64(len(b)-36) < uint64(size) {
			return nil, fmt.Errorf("%w: truncated", errKDBX)
		}
		data := b[36 : 36+size]
		m := hmac.New(sha256.New, blockKey(i))
		var idx [8]byte
		binary.LittleEndian.PutUint64(idx[:], i)
		m.Write(idx[:])
		m.Write(b[32:36])
		m.Write(data)
		if !hmac.Equal(m.Sum(nil), mac) {
			return nil, fmt.Errorf("%w: block %d is damaged", errKDBX, i)
		}
		if size == 0 {
			return out, nil
		}
		out = append(out, data...)
		b = b[36+size:]
	}
}

func decryptKDBX(h kdbxHeader, key, payload []byte) ([]byte, error) {
	switch {
	case bytes.Equal(h.cipher, kdbxCipherAES256):
		plain, err := openCBC(key, h.iv, payload)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errKDBX, err)
		}
		return plain, nil
	case bytes.Equal(h.cipher, kdbxCipherChaCha):
		c, err := chacha20.NewUnauthenticatedCipher(key, h.iv)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errKDBX, err)
		}
		out := make([]byte, len(payload))
		c.XORKeyStream(out, payload)
		return out, nil
	}
	return nil, fmt.Errorf("%w: an unknown cipher (Twofold reads AES-256 and ChaCha20)", errKDBX)
}

// readKDBXInner reads the inner header: the stream cipher of protected
// values (ChaCha20 keyed by SHA-512 of the inner key), then the XML.
func readKDBXInner(b []byte) (*chacha20.Cipher, []byte, error) {
	var streamID uint32
	var streamKey []byte
	for {
		if len(b) < 5 {
			return nil, nil, fmt.Errorf("%w: truncated inner header", errKDBX)
		}
		id, size := b[0], int(binary.LittleEndian.Uint32(b[1:5]))
		if size < 0 || len(b)-5 < size {
			return nil, nil, fmt.Errorf("%w: truncated inner header", errKDBX)
		}
		data := b[5 : 5+size]
		b = b[5+size:]
		switch id {
		case 0:
			if streamID != 3 {
				return nil, nil, fmt.Errorf("%w: protected values not under ChaCha20", errKDBX)
			}
			k := sha512.Sum512(streamKey)
			c, err := chacha20.NewUnauthenticatedCipher(k[:32], k[32:44])
			if err != nil {
				return nil, nil, err
			}
			return c, b, nil
		case 1:
			if size == 4 {
				streamID = binary.LittleEndian.Uint32(data)
			}
		case 2:
			streamKey = data
		}
	}
}

// readKDBXEntries walks the XML in document order (the protected values'
// stream runs through every one, history included) and takes the TOTP of
// each entry of the tree that is not in the recycle bin.
func readKDBXEntries(body []byte, stream *chacha20.Cipher) (Contents, error) {
	var c Contents
	dec := xml.NewDecoder(bytes.NewReader(body))
	var path []string
	var recycleBin string
	var groups []string // group UUIDs, outermost first
	type entry struct {
		strings  map[string]string
		key      string
		inBin    bool
		position int
	}
	var cur *entry
	var text strings.Builder
	protected := false
	position := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return Contents{}, fmt.Errorf("%w: the XML does not parse", errKDBX)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			text.Reset()
			protected = false
			for _, a := range t.Attr {
				if a.Name.Local == "Protected" && strings.EqualFold(a.Value, "true") {
					protected = true
				}
			}
			if t.Name.Local == "Group" {
				groups = append(groups, "")
			}
			// An entry of the tree, not of another entry's history.
			if t.Name.Local == "Entry" && !inHistory(path[:len(path)-1]) && cur == nil {
				position++
				inBin := recycleBin != "" && slices.Contains(groups, recycleBin)
				cur = &entry{strings: map[string]string{}, inBin: inBin, position: position}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			value := text.String()
			if protected && t.Name.Local == "Value" {
				raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(value))
				if err != nil {
					return Contents{}, fmt.Errorf("%w: a protected value is not base64", errKDBX)
				}
				stream.XORKeyStream(raw, raw)
				value = string(raw)
			}
			parent := ""
			if len(path) >= 2 {
				parent = path[len(path)-2]
			}
			switch {
			case t.Name.Local == "RecycleBinUUID" && parent == "Meta":
				recycleBin = strings.TrimSpace(value)
			case t.Name.Local == "UUID" && parent == "Group" && len(groups) > 0:
				groups[len(groups)-1] = strings.TrimSpace(value)
			case t.Name.Local == "Key" && parent == "String" && cur != nil && len(path) >= 3 && path[len(path)-3] == "Entry" && !inHistory(path):
				cur.key = value
			case t.Name.Local == "Value" && parent == "String" && cur != nil && !inHistory(path):
				cur.strings[cur.key] = value
			case t.Name.Local == "Group" && len(groups) > 0:
				groups = groups[:len(groups)-1]
			case t.Name.Local == "Entry" && cur != nil && !inHistory(path[:len(path)-1]):
				if !cur.inBin {
					takeKeePassEntry(&c, cur.position, cur.strings)
				}
				cur = nil
			}
			path = path[:len(path)-1]
			text.Reset()
			protected = false
		}
	}
}

func inHistory(path []string) bool {
	for _, p := range path {
		if p == "History" {
			return true
		}
	}
	return false
}

// takeKeePassEntry takes the TOTP of an entry with one: KeePassXC's otp
// attribute, or the older TOTP Seed and TOTP Settings ("30;6", "30;S"
// for Steam).
func takeKeePassEntry(c *Contents, pos int, s map[string]string) {
	title, user := s["Title"], s["UserName"]
	if otp := strings.TrimSpace(s["otp"]); otp != "" {
		seed, err := otpValue(otp, title, user)
		c.takeSeed(PlaceEntry, pos, seed, err)
		return
	}
	if secret := strings.TrimSpace(s["TimeOtp-Secret-Base32"]); secret != "" {
		// KeePass 2.47's own TOTP attributes.
		f := entryFields{Issuer: title, Account: user, Secret: secret}
		fmt.Sscan(s["TimeOtp-Length"], &f.Digits)
		fmt.Sscan(s["TimeOtp-Period"], &f.Period)
		f.Algorithm = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s["TimeOtp-Algorithm"])), "HMAC-")
		seed, err := f.seed()
		c.takeSeed(PlaceEntry, pos, seed, err)
		return
	}
	secret := strings.TrimSpace(s["TOTP Seed"])
	if secret == "" {
		return
	}
	f := entryFields{Issuer: title, Account: user, Secret: secret}
	if period, digits, ok := strings.Cut(s["TOTP Settings"], ";"); ok {
		fmt.Sscan(period, &f.Period)
		if strings.TrimSpace(digits) == "S" {
			f.Type = "steam"
		} else {
			fmt.Sscan(digits, &f.Digits)
		}
	}
	seed, err := f.seed()
	c.takeSeed(PlaceEntry, pos, seed, err)
}
