package transfer

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/twofoldmfa/twofold/token"
)

// Google Authenticator's transfer payload, from its published schema:
//
//	MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
//	                   int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
//	OtpParameters   { bytes secret = 1; string name = 2; string issuer = 3;
//	                  Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6; int64 counter = 7; }
const (
	fieldPayloadParams     = 1
	fieldPayloadVersion    = 2
	fieldPayloadBatchSize  = 3
	fieldPayloadBatchIndex = 4
	fieldPayloadBatchID    = 5

	fieldParamSecret    = 1
	fieldParamName      = 2
	fieldParamIssuer    = 3
	fieldParamAlgorithm = 4
	fieldParamDigits    = 5
	fieldParamType      = 6
	fieldParamCounter   = 7
)

// Enum values of the payload (0 is "unspecified" in each).
const (
	algoSHA1, algoSHA256, algoSHA512, algoMD5 = 1, 2, 3, 4
	digitsSix, digitsEight                    = 1, 2
	typeHOTP, typeTOTP                        = 1, 2
)

// MigrationScheme is how every transfer link starts.
const MigrationScheme = "otpauth-migration://offline?data="

// MigrationBatchSize is how many seeds Google Authenticator puts in one
// transfer code; EncodeMigration does the same.
const MigrationBatchSize = 10

// maxMigrationCodes bounds the codes one export announces: Google
// Authenticator puts MigrationBatchSize seeds in a code, so this is an
// export of 100,000 seeds, the most a vault holds. A payload announcing
// more (batch_size up to 2^31) is refused before anything counts them.
const maxMigrationCodes = 10_000

// ErrMigration marks a transfer link or payload that cannot be read.
var ErrMigration = errors.New("malformed otpauth-migration link")

// ErrMissingBatch is returned by GatherBatches when an export's codes are
// not all there.
var ErrMissingBatch = errors.New("transfer codes missing")

// Batch is one transfer code: its seeds and its place in the export.
type Batch struct {
	Seeds []token.Seed
	Size  int   // codes in the export (0 or 1: a single code)
	Index int   // this code's place, from 0
	ID    int32 // shared by the codes of one export
	// Unread are the code's seeds that could not be taken (Within is
	// their place in the code); Read moves them into Contents.Unread.
	Unread []Unread
}

// ParseMigration reads one otpauth-migration://offline?data=... link.
func ParseMigration(link string) (Batch, error) {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if err != nil || !strings.EqualFold(u.Scheme, "otpauth-migration") || !strings.EqualFold(u.Host, "offline") {
		return Batch{}, fmt.Errorf("%w: want otpauth-migration://offline?data=PAYLOAD", ErrMigration)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Batch{}, fmt.Errorf("%w: bad query string", ErrMigration)
	}
	data := q.Get("data")
	if data == "" {
		return Batch{}, fmt.Errorf("%w: no data parameter", ErrMigration)
	}
	// ParseQuery turned an unescaped '+' into a space; base64 has none.
	data = strings.ReplaceAll(data, " ", "+")
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(data, "=")); err != nil {
			return Batch{}, fmt.Errorf("%w: data is not base64", ErrMigration)
		}
	}
	return DecodeMigrationPayload(raw)
}

// DecodeMigrationPayload reads the protobuf inside a transfer link.
// Unknown fields are skipped, as protobuf readers must.
func DecodeMigrationPayload(b []byte) (Batch, error) {
	var batch Batch
	n := 0
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == fieldPayloadParams && typ == protowire.BytesType:
			n++
			s, err := decodeParams(v)
			if err != nil {
				u := unreadSeed(PlaceQRCode, 0, s, err)
				u.Within = n
				batch.Unread = append(batch.Unread, u)
				return nil
			}
			batch.Seeds = append(batch.Seeds, s)
		case num == fieldPayloadBatchSize && typ == protowire.VarintType:
			batch.Size = int(int32(x))
		case num == fieldPayloadBatchIndex && typ == protowire.VarintType:
			batch.Index = int(int32(x))
		case num == fieldPayloadBatchID && typ == protowire.VarintType:
			batch.ID = int32(x)
		}
		return nil
	})
	if err != nil {
		return Batch{}, err
	}
	if batch.Size > maxMigrationCodes {
		return Batch{}, fmt.Errorf("%w: an export of %d codes (at most %d)", ErrMigration, batch.Size, maxMigrationCodes)
	}
	if batch.Size < 0 || batch.Index < 0 || (batch.Size > 0 && batch.Index >= batch.Size) {
		return Batch{}, fmt.Errorf("%w: code %d of %d", ErrMigration, batch.Index+1, batch.Size)
	}
	return batch, nil
}

// eachField walks the fields of one protobuf message. v is the content of
// a length-delimited field, x the value of a varint or fixed one.
func eachField(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%w: %v", ErrMigration, protowire.ParseError(n))
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.Fixed32Type:
			var x32 uint32
			x32, n = protowire.ConsumeFixed32(b)
			x = uint64(x32)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return fmt.Errorf("%w: field %d: %v", ErrMigration, num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := fn(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}

func decodeParams(b []byte) (token.Seed, error) {
	var (
		secret             []byte
		name, issuer       string
		algo, digits, kind uint64
		counter            uint64
	)
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == fieldParamSecret && typ == protowire.BytesType:
			secret = v
		case num == fieldParamName && typ == protowire.BytesType:
			name = string(v)
		case num == fieldParamIssuer && typ == protowire.BytesType:
			issuer = string(v)
		case num == fieldParamAlgorithm && typ == protowire.VarintType:
			algo = x
		case num == fieldParamDigits && typ == protowire.VarintType:
			digits = x
		case num == fieldParamType && typ == protowire.VarintType:
			kind = x
		case num == fieldParamCounter && typ == protowire.VarintType:
			counter = x
		}
		return nil
	})
	if err != nil {
		return token.Seed{}, err
	}
	s, err := paramsSeed(secret, name, issuer, algo, digits, kind, counter)
	if err != nil {
		// The names stay, to say which seed it was; nothing else does.
		return token.Seed{Issuer: s.Issuer, Account: s.Account}, err
	}
	return s, nil
}

func paramsSeed(secret []byte, name, issuer string, algo, digits, kind, counter uint64) (token.Seed, error) {
	s := token.Seed{Kind: token.TOTP, Period: token.DefaultPeriod, Algorithm: token.SHA1, Digits: token.DefaultDigits}
	s.Issuer, s.Account = splitName(name, issuer)
	switch algo {
	case 0, algoSHA1:
	case algoSHA256:
		s.Algorithm = token.SHA256
	case algoSHA512:
		s.Algorithm = token.SHA512
	case algoMD5:
		return s, fmt.Errorf("field algorithm: %w: MD5", token.ErrAlgorithm)
	default:
		return s, fmt.Errorf("field algorithm: %w: code %d", token.ErrAlgorithm, algo)
	}
	switch digits {
	case 0, digitsSix:
	case digitsEight:
		s.Digits = 8
	default:
		return s, fmt.Errorf("field digits: %w: code %d", token.ErrDigits, digits)
	}
	switch kind {
	case 0, typeTOTP:
	case typeHOTP:
		s.Kind, s.Period, s.Counter = token.HOTP, 0, counter
	default:
		return s, fmt.Errorf("field type: %w: code %d", token.ErrKind, kind)
	}
	s.Secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
	if s.Account == "" {
		s.Account = s.Issuer
	}
	return s, s.Validate()
}

// splitName takes the issuer off a name written "Issuer:account".
func splitName(name, issuer string) (string, string) {
	name, issuer = strings.TrimSpace(name), strings.TrimSpace(issuer)
	if issuer != "" {
		if rest, ok := strings.CutPrefix(name, issuer+":"); ok {
			return issuer, strings.TrimSpace(rest)
		}
		return issuer, name
	}
	if prefix, account, ok := strings.Cut(name, ":"); ok {
		return strings.TrimSpace(prefix), strings.TrimSpace(account)
	}
	return "", name
}

// Pending is a Google transfer export of several codes some of which
// have not been read yet: Google's app shows them one at a time, and
// their seeds are taken code by code, as the receiving phone does.
type Pending struct {
	ID      int32 `json:"batch_id"`
	Size    int   `json:"codes"`
	Read    []int `json:"read"`    // the codes read, from 1
	Missing []int `json:"missing"` // the codes still to come, from 1
}

// JoinBatches joins the codes of transfer exports into one seed list, in
// export order, a code seen twice counted once. The seeds of every code
// read are taken; each export whose codes are not all there is returned
// in pending, saying which came and which are still to come. Codes of
// one export that disagree on their number fail the whole.
func JoinBatches(batches []Batch) (seeds []token.Seed, pending []Pending, err error) {
	type export struct {
		size  int
		codes map[int]Batch
	}
	exports := map[int32]*export{}
	var order []int32
	for _, b := range batches {
		size := max(b.Size, 1)
		e := exports[b.ID]
		if e == nil {
			e = &export{size: size, codes: map[int]Batch{}}
			exports[b.ID] = e
			order = append(order, b.ID)
		}
		if e.size != size {
			return nil, nil, fmt.Errorf("%w: codes of one export disagree on their number (%d and %d)", ErrMigration, e.size, size)
		}
		e.codes[b.Index] = b
	}
	for _, id := range order {
		e := exports[id]
		p := Pending{ID: id, Size: e.size}
		for i := range e.size {
			b, ok := e.codes[i]
			if !ok {
				p.Missing = append(p.Missing, i+1)
				continue
			}
			p.Read = append(p.Read, i+1)
			seeds = append(seeds, b.Seeds...)
		}
		if len(p.Missing) > 0 {
			pending = append(pending, p)
		}
	}
	return seeds, pending, nil
}

// GatherBatches is JoinBatches for a caller that wants whole exports only:
// when a code is missing the error says which ("code 2 of 3").
func GatherBatches(batches []Batch) ([]token.Seed, error) {
	seeds, pending, err := JoinBatches(batches)
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		p := pending[0]
		var missing []string
		for _, m := range p.Missing[:min(len(p.Missing), 10)] { // name ten; count the rest
			missing = append(missing, fmt.Sprintf("%d", m))
		}
		if more := len(p.Missing) - len(missing); more > 0 {
			missing = append(missing, fmt.Sprintf("and %d more", more))
		}
		return nil, fmt.Errorf("%w: code %s of %d", ErrMissingBatch, strings.Join(missing, ", "), p.Size)
	}
	return seeds, nil
}
