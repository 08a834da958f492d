package token

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ParseURI reads an otpauth:// URI in Google's Key Uri Format:
//
//	otpauth://TYPE/[ISSUER:]ACCOUNT?secret=BASE32[&issuer=ISSUER][&algorithm=SHA1][&digits=6][&period=30][&counter=N]
//
// TYPE is totp, hotp, or steam (Aegis's and 2FAS's Steam Guard seeds,
// read as a TOTP seed with Encoder steam that keeps its issuer; KeePassXC
// writes the same as totp with encoder=steam).
// The secret is kept at any length (NormalizeIssuedSecret): a link comes
// from the service that verifies its codes.
// The label may be percent-encoded, and a space may follow the colon.
// The secret may be lower case, padded or grouped with spaces.
//
// When the label prefix and the issuer parameter disagree, the issuer
// parameter wins: it is the newer field, the one authenticator apps
// display, and a label prefix that differs from it is usually an old
// product name. The account is always the part of the label after the
// first colon.
//
// Errors wrap ErrMalformedURI, ErrSecret, ErrAlgorithm, ErrDigits,
// ErrPeriod, ErrKind, ErrAccount or ErrName; none of them repeats the
// secret or the value of any other parameter. With an error the Seed
// returned holds at most the issuer and account read from the label, so
// that an import can say which link it could not take.
func ParseURI(uri string) (Seed, error) {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil {
		// url.Error quotes the whole URI, secret included: drop it.
		return Seed{}, fmt.Errorf("%w: not a URI", ErrMalformedURI)
	}
	if !strings.EqualFold(u.Scheme, "otpauth") {
		// Neither scheme nor host is echoed: in a mangled URI they may
		// hold the secret.
		return Seed{}, fmt.Errorf("%w: does not start with otpauth://", ErrMalformedURI)
	}
	if u.Opaque != "" {
		return Seed{}, fmt.Errorf("%w: want otpauth://TYPE/LABEL", ErrMalformedURI)
	}
	s := Seed{
		Kind:      Kind(strings.ToLower(u.Host)),
		Algorithm: SHA1,
		Digits:    DefaultDigits,
	}
	// Aegis and 2FAS write a Steam Guard seed as otpauth://steam/ (with
	// digits=5), KeePassXC as totp with encoder=steam.
	steam := s.Kind == EncoderSteam
	if steam {
		s.Kind = TOTP
	}
	if s.Kind != TOTP && s.Kind != HOTP {
		return Seed{}, fmt.Errorf("%w: want otpauth://totp/, hotp/ or steam/", ErrKind)
	}
	if s.Kind == TOTP {
		s.Period = DefaultPeriod
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Seed{}, fmt.Errorf("%w: bad query string", ErrMalformedURI)
	}
	label := strings.TrimPrefix(u.Path, "/")
	issuer := strings.TrimSpace(q.Get("issuer"))
	if rest, ok := strings.CutPrefix(label, issuer+":"); ok && issuer != "" {
		// The prefix is the issuer parameter, colons and all.
		s.Issuer, s.Account = issuer, strings.TrimSpace(rest)
	} else if prefix, account, ok := strings.Cut(label, ":"); ok {
		s.Issuer = strings.TrimSpace(prefix)
		s.Account = strings.TrimSpace(account)
	} else {
		s.Account = strings.TrimSpace(label)
	}
	if issuer != "" {
		s.Issuer = issuer
	}
	// From here an error keeps the names, for an import to say which
	// seed it could not take; nothing else of the link.
	s, err = parseParams(s, q, steam)
	if err != nil {
		return Seed{Issuer: s.Issuer, Account: s.Account}, err
	}
	return s, nil
}

func parseParams(s Seed, q url.Values, steam bool) (Seed, error) {
	var err error
	steam = steam || (s.Kind == TOTP && strings.EqualFold(q.Get("encoder"), EncoderSteam))
	if s.Secret, err = NormalizeIssuedSecret(q.Get("secret")); err != nil {
		return s, err
	}
	if v := q.Get("algorithm"); v != "" {
		if s.Algorithm, err = ParseAlgorithm(v); err != nil {
			return s, err
		}
	}
	if v := q.Get("digits"); v != "" {
		if s.Digits, err = strconv.Atoi(v); err != nil {
			return s, fmt.Errorf("%w: digits is not a number", ErrDigits)
		}
	}
	if steam {
		s.Encoder, s.Digits, s.Algorithm = EncoderSteam, SteamDigits, SHA1
	}
	switch s.Kind {
	case TOTP:
		if v := q.Get("period"); v != "" {
			if s.Period, err = strconv.Atoi(v); err != nil {
				return s, fmt.Errorf("%w: period is not a number", ErrPeriod)
			}
		}
	case HOTP:
		v := q.Get("counter")
		if v == "" {
			return s, fmt.Errorf("%w: hotp needs a counter parameter", ErrMalformedURI)
		}
		if s.Counter, err = strconv.ParseUint(v, 10, 64); err != nil {
			return s, fmt.Errorf("%w: counter is not a number", ErrMalformedURI)
		}
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	return s, nil
}

// URI formats s as an otpauth:// URI that ParseURI reads back to the same
// seed (ID and dates aside) and that phone authenticator apps accept.
// Every parameter is written out, defaults included, so that apps with
// other defaults cannot misread it.
func (s Seed) URI() string {
	var b strings.Builder
	b.WriteString("otpauth://")
	steam := s.Steam() && s.Encoder == EncoderSteam
	if steam {
		// As Aegis and 2FAS write Steam Guard seeds, and read them back.
		// (A seed of issuer Steam with no Encoder keeps its totp link,
		// which reads back as the same.)
		b.WriteString(EncoderSteam)
	} else {
		b.WriteString(string(s.Kind))
	}
	b.WriteByte('/')
	if s.Issuer != "" {
		b.WriteString(labelEscape(s.Issuer))
		b.WriteByte(':')
	} else if strings.Contains(s.Account, ":") {
		// An empty prefix keeps the account's own colon from being read
		// as the separator.
		b.WriteByte(':')
	}
	b.WriteString(labelEscape(s.Account))
	b.WriteString("?secret=")
	b.WriteString(s.Secret)
	if s.Issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(queryEscape(s.Issuer))
	}
	b.WriteString("&algorithm=")
	b.WriteString(string(s.Algorithm))
	b.WriteString("&digits=")
	if steam {
		b.WriteString(strconv.Itoa(SteamDigits))
	} else {
		b.WriteString(strconv.Itoa(s.Digits))
	}
	if s.Kind == HOTP {
		b.WriteString("&counter=")
		b.WriteString(strconv.FormatUint(s.Counter, 10))
	} else {
		b.WriteString("&period=")
		b.WriteString(strconv.Itoa(s.Period))
	}
	return b.String()
}

// labelEscape escapes one half of the label. Colons are escaped so that
// only the separator is literal, and '+' so that apps which decode it as
// a space cannot.
func labelEscape(v string) string {
	return strings.NewReplacer(":", "%3A", "+", "%2B").Replace(url.PathEscape(v))
}

// queryEscape escapes for a query value with %20 for spaces: some phone
// apps show a '+' literally.
func queryEscape(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "+", "%20")
}
