package transfer

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/twofoldmfa/twofold/token"
)

// ErrNotExportable is the reason a seed is left out of an export whose
// format cannot hold it; Refusal.Reason wraps it.
var ErrNotExportable = errors.New("the format cannot hold this seed")

// Refusal names a seed an export left out, and why. The seed itself is
// never changed to make it fit.
type Refusal struct {
	Seed   token.Seed
	Reason error
}

// EncodeMigration writes seeds as Google Authenticator transfer links,
// MigrationBatchSize seeds a link, all sharing batchID. Seeds the format
// cannot hold (a period other than 30 s, 7 digits, Steam) are left out
// and returned as refusals.
func EncodeMigration(seeds []token.Seed, batchID int32) ([]string, []Refusal) {
	parts, refused := splitMigration(seeds)
	return encodeParts(parts, batchID), refused
}

// splitMigration sorts seeds into those the format cannot hold and the
// rest, cut into parts of MigrationBatchSize seeds, one part a link.
func splitMigration(seeds []token.Seed) ([][]token.Seed, []Refusal) {
	var fit []token.Seed
	var refused []Refusal
	for _, s := range seeds {
		if err := migrationFits(s); err != nil {
			refused = append(refused, Refusal{Seed: s, Reason: err})
			continue
		}
		fit = append(fit, s)
	}
	var parts [][]token.Seed
	for len(fit) > 0 {
		n := min(MigrationBatchSize, len(fit))
		parts = append(parts, fit[:n:n])
		fit = fit[n:]
	}
	return parts, refused
}

// encodeParts writes each part as one link of an export of len(parts).
func encodeParts(parts [][]token.Seed, batchID int32) []string {
	links := make([]string, 0, len(parts))
	for i, part := range parts {
		payload := encodePayload(part, len(parts), i, batchID)
		links = append(links, MigrationScheme+url.QueryEscape(base64.StdEncoding.EncodeToString(payload)))
	}
	return links
}

func migrationFits(s token.Seed) error {
	switch {
	case s.Steam():
		return wrapNotExportable("Steam codes")
	case s.Kind == token.TOTP && s.Period != token.DefaultPeriod:
		return wrapNotExportable("a period other than 30 seconds")
	case s.Digits != 6 && s.Digits != 8:
		return wrapNotExportable("neither 6 nor 8 digits")
	}
	if _, err := secretOf(s); err != nil {
		return err
	}
	return nil
}

type notExportable string

func (r notExportable) Error() string { return ErrNotExportable.Error() + ": " + string(r) }
func (notExportable) Unwrap() error   { return ErrNotExportable }

func wrapNotExportable(why string) error { return notExportable(why) }

func secretOf(s token.Seed) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s.Secret, "="))
}

func encodePayload(seeds []token.Seed, size, index int, id int32) []byte {
	var b []byte
	for _, s := range seeds {
		b = protowire.AppendTag(b, fieldPayloadParams, protowire.BytesType)
		b = protowire.AppendBytes(b, encodeParams(s))
	}
	b = appendVarint(b, fieldPayloadVersion, 1)
	b = appendVarint(b, fieldPayloadBatchSize, uint64(size))
	b = appendVarint(b, fieldPayloadBatchIndex, uint64(index))
	b = appendVarint(b, fieldPayloadBatchID, uint64(uint32(id)))
	return b
}

func encodeParams(s token.Seed) []byte {
	secret, _ := secretOf(s) // checked by migrationFits
	name := s.Account
	if s.Issuer != "" {
		name = s.Issuer + ":" + s.Account
	}
	var b []byte
	b = protowire.AppendTag(b, fieldParamSecret, protowire.BytesType)
	b = protowire.AppendBytes(b, secret)
	b = protowire.AppendTag(b, fieldParamName, protowire.BytesType)
	b = protowire.AppendString(b, name)
	b = protowire.AppendTag(b, fieldParamIssuer, protowire.BytesType)
	b = protowire.AppendString(b, s.Issuer)
	algo := map[token.Algorithm]uint64{token.SHA1: algoSHA1, token.SHA256: algoSHA256, token.SHA512: algoSHA512}[s.Algorithm]
	b = appendVarint(b, fieldParamAlgorithm, algo)
	digits := uint64(digitsSix)
	if s.Digits == 8 {
		digits = digitsEight
	}
	b = appendVarint(b, fieldParamDigits, digits)
	if s.Kind == token.HOTP {
		b = appendVarint(b, fieldParamType, typeHOTP)
		b = appendVarint(b, fieldParamCounter, s.Counter)
	} else {
		b = appendVarint(b, fieldParamType, typeTOTP)
	}
	return b
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}
