package token

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// steamAlphabet is the 26-symbol alphabet of Steam Guard codes, which are
// five symbols long instead of digits.
const steamAlphabet = "23456789BCDFGHJKMNPQRTVWXY"

// Steam reports whether s produces Steam Guard codes rather than digits:
// its Encoder says so, or (a seed with no Encoder) its issuer is Steam, as
// in the links Steam Guard tools write (otpauth://totp/Steam:NAME?...&issuer=Steam)
// and in seeds Twofold stored before it had Encoder.
func (s Seed) Steam() bool {
	if s.Kind != TOTP {
		return false
	}
	return s.Encoder == EncoderSteam || (s.Encoder == "" && strings.EqualFold(s.Issuer, "Steam"))
}

// Code is the code s shows at time t: the TOTP code of the period holding
// t, or the HOTP code for the seed's current counter (t is then unused).
func (s Seed) Code(t time.Time) (string, error) {
	if s.Kind == HOTP {
		return s.hotpCode(s.Counter)
	}
	return s.totpCode(t)
}

// NextCode is the TOTP code of the period after the one holding t. AWS
// asks for two consecutive codes when a virtual MFA device is enrolled;
// Code and NextCode together are that pair. For HOTP it is the code of
// the next counter.
func (s Seed) NextCode(t time.Time) (string, error) {
	if s.Kind == HOTP {
		return s.hotpCode(s.Counter + 1)
	}
	return s.totpCode(t.Add(time.Duration(s.Period) * time.Second))
}

// Remaining is how long the TOTP code shown at t stays valid.
func (s Seed) Remaining(t time.Time) time.Duration {
	if s.Kind != TOTP || s.Period <= 0 {
		return 0
	}
	p := int64(s.Period)
	left := p - t.Unix()%p
	return time.Duration(left)*time.Second - time.Duration(t.Nanosecond())
}

func (s Seed) totpCode(t time.Time) (string, error) {
	if err := checkPeriod(s.Period); err != nil {
		return "", err
	}
	if s.Steam() {
		return s.steamCode(uint64(t.Unix()) / uint64(s.Period))
	}
	alg, err := s.otpAlgorithm()
	if err != nil {
		return "", err
	}
	code, err := totp.GenerateCodeCustom(s.Secret, t, totp.ValidateOpts{
		Period:    uint(s.Period),
		Digits:    otp.Digits(s.Digits),
		Algorithm: alg,
	})
	if err != nil {
		return "", fmt.Errorf("computing TOTP code: %w", ErrSecret)
	}
	return code, nil
}

func (s Seed) hotpCode(counter uint64) (string, error) {
	alg, err := s.otpAlgorithm()
	if err != nil {
		return "", err
	}
	code, err := hotp.GenerateCodeCustom(s.Secret, counter, hotp.ValidateOpts{
		Digits:    otp.Digits(s.Digits),
		Algorithm: alg,
	})
	if err != nil {
		return "", fmt.Errorf("computing HOTP code: %w", ErrSecret)
	}
	return code, nil
}

func (s Seed) otpAlgorithm() (otp.Algorithm, error) {
	if s.Digits < MinDigits || s.Digits > MaxDigits {
		return 0, fmt.Errorf("%w: %d", ErrDigits, s.Digits)
	}
	switch s.Algorithm {
	case SHA1, "":
		return otp.AlgorithmSHA1, nil
	case SHA256:
		return otp.AlgorithmSHA256, nil
	case SHA512:
		return otp.AlgorithmSHA512, nil
	}
	return 0, fmt.Errorf("%w: want SHA1, SHA256 or SHA512", ErrAlgorithm)
}

// steamCode is RFC 4226 dynamic truncation over HMAC-SHA1, written in
// Steam's alphabet; pquerna/otp only formats decimal digits.
func (s Seed) steamCode(counter uint64) (string, error) {
	key, err := secretBytes(s.Secret)
	if err != nil {
		return "", err
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	value := binary.BigEndian.Uint32(sum[offset:]) & 0x7fffffff
	code := make([]byte, 5)
	for i := range code {
		code[i] = steamAlphabet[value%uint32(len(steamAlphabet))]
		value /= uint32(len(steamAlphabet))
	}
	return string(code), nil
}

// GroupCode splits a code for reading: "123456" becomes "123 456",
// "12345678" becomes "1234 5678", "1234567" becomes "123 4567".
func GroupCode(code string) string {
	if len(code) < 6 {
		return code
	}
	half := len(code) / 2
	return code[:half] + " " + code[half:]
}

// Matches reports whether code (spaces allowed) is what a device holding
// s shows around time t: the current TOTP period or one either side, to
// forgive a phone clock a little off; for HOTP, the current counter or
// the next few, since the other device may have been pressed ahead.
func (s Seed) Matches(code string, t time.Time) (bool, error) {
	code = strings.ToUpper(strings.ReplaceAll(code, " ", ""))
	var candidates []string
	if s.Kind == HOTP {
		for i := range uint64(10) {
			c, err := s.hotpCode(s.Counter + i)
			if err != nil {
				return false, err
			}
			candidates = append(candidates, c)
		}
	} else {
		step := time.Duration(s.Period) * time.Second
		for _, at := range []time.Time{t.Add(-step), t, t.Add(step)} {
			c, err := s.totpCode(at)
			if err != nil {
				return false, err
			}
			candidates = append(candidates, c)
		}
	}
	found := false
	for _, c := range candidates {
		// Constant time: the code is a secret-derived value.
		found = found || subtle.ConstantTimeCompare([]byte(c), []byte(code)) == 1
	}
	return found, nil
}
