package token

import (
	"errors"
	"fmt"
	"strings"
)

// ErrCodeFormat is returned for a typed code that cannot be a code of the
// seed at all (letters in a numeric code, the wrong length), so that a
// typo is not reported as "that device holds another seed".
var ErrCodeFormat = errors.New("not a code of this seed")

// CheckCodeFormat reports whether code (spaces allowed) has the shape of
// a code s makes: Digits decimal digits, or five Steam characters. The
// error says what was expected; it does not repeat the code.
func (s Seed) CheckCodeFormat(code string) error {
	code = strings.ToUpper(strings.ReplaceAll(code, " ", ""))
	if s.Steam() {
		if len(code) != 5 || strings.Trim(code, steamAlphabet) != "" {
			return fmt.Errorf("%w: want 5 Steam characters", ErrCodeFormat)
		}
		return nil
	}
	if len(code) != s.Digits || strings.Trim(code, "0123456789") != "" {
		return fmt.Errorf("%w: want a number of %d digits", ErrCodeFormat, s.Digits)
	}
	return nil
}
