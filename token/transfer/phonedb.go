package transfer

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/twofoldmfa/twofold/token"
)

// The authenticator apps' own databases, copied off a rooted phone:
//
//   - Google Authenticator's "databases": table accounts (email, secret
//     base32, counter, type 0 TOTP / 1 HOTP, issuer, original_name);
//   - Microsoft Authenticator's "PhoneFactor": table accounts (name,
//     username, oath_secret_key, account_type 0 TOTP with a base32 secret,
//     1 a Microsoft account's 8-digit TOTP with a base64 secret).
//
// Column names as Aegis's importers read them.
const (
	FormatGoogleDB    Format = "google_authenticator_db"
	FormatMicrosoftDB Format = "microsoft_authenticator_db"
)

// detectSQLite tells the two databases apart by their accounts table.
func detectSQLite(content []byte) (Format, error) {
	db, err := openSQLite(content)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownFormat, err)
	}
	rows, err := db.rows(1)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownFormat, err)
	}
	for _, r := range rows {
		if len(r.values) < 5 {
			continue
		}
		name, _ := r.values[1].(string)
		sql, _ := r.values[4].(string)
		if !strings.EqualFold(name, "accounts") {
			continue
		}
		cols, _ := sqliteColumns(sql)
		has := func(c string) bool { return containsFold(cols, c) }
		switch {
		case has("oath_secret_key"):
			return FormatMicrosoftDB, nil
		case has("secret") && has("email"):
			return FormatGoogleDB, nil
		}
	}
	return "", fmt.Errorf("%w: an SQLite database of another app", ErrUnknownFormat)
}

func containsFold(s []string, v string) bool {
	for _, x := range s {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func accountRows(content []byte) ([]map[string]any, error) {
	db, err := openSQLite(content)
	if err != nil {
		return nil, err
	}
	return db.table("accounts")
}

func sqlText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

func sqlInt(v any) int64 {
	x, _ := v.(int64)
	return x
}

// ParseGoogleDB reads Google Authenticator's own database.
func ParseGoogleDB(content []byte, _ Passphrase) (Contents, error) {
	rows, err := accountRows(content)
	if err != nil {
		return Contents{}, fmt.Errorf("reading Google Authenticator database: %w", err)
	}
	c := Contents{Format: FormatGoogleDB}
	for i, r := range rows {
		issuer, account := splitName(sqlText(r["email"]), sqlText(r["issuer"]))
		f := entryFields{Issuer: issuer, Account: account, Secret: sqlText(r["secret"])}
		switch sqlInt(r["type"]) {
		case 0:
		case 1:
			f.Type, f.Counter = "hotp", uint64(max(sqlInt(r["counter"]), 0))
		default:
			f.Type = "other"
		}
		s, err := f.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// ParseMicrosoftDB reads Microsoft Authenticator's own database. Work and
// school accounts signed in with notifications only have no secret and
// are left out with ReasonSecret.
func ParseMicrosoftDB(content []byte, _ Passphrase) (Contents, error) {
	rows, err := accountRows(content)
	if err != nil {
		return Contents{}, fmt.Errorf("reading Microsoft Authenticator database: %w", err)
	}
	c := Contents{Format: FormatMicrosoftDB}
	for i, r := range rows {
		f := entryFields{Issuer: sqlText(r["name"]), Account: sqlText(r["username"]), Secret: sqlText(r["oath_secret_key"])}
		switch sqlInt(r["account_type"]) {
		case 0:
		case 1:
			key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(f.Secret))
			if err != nil {
				c.takeSeed(PlaceEntry, i+1, token.Seed{Issuer: f.Issuer, Account: f.Account},
					fmt.Errorf("%w: not base64", token.ErrSecret))
				continue
			}
			f.Secret, f.Digits = rawSecret(key), 8
		default:
			f.Type = "other"
		}
		s, err := f.seed()
		c.takeSeed(PlaceEntry, i+1, s, err)
	}
	return c, nil
}

// isSQLite tells an SQLite file by its magic.
func isSQLite(b []byte) bool { return bytes.HasPrefix(b, []byte(sqliteMagic)) }
