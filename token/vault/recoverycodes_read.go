package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
)

// Reading recovery codes from what a person pastes or the file a service
// offers: one code a line, blank lines skipped. A line may be numbered
// ("1. ", "1) ") and a code may hold spaces and dashes ("1234 5678",
// "abcde-12345"): the numbering is dropped, the code is kept as printed,
// and codes are compared without spaces, dashes or case.
//
// Errors name the line, never its text: a line that is refused may be a
// code with a typo, and a code is a secret.

// Bounds on what is read.
const (
	// MaxCodesInput bounds the text read: a hundred codes of sixty-four
	// characters fit many times over; a larger paste is not a list of
	// codes, and is refused before it is held in memory.
	MaxCodesInput = 64 << 10
	// MaxRecoveryCodes is the most codes one account keeps (services
	// issue ten to twenty-odd).
	MaxRecoveryCodes = 100
	// MaxCodeLength bounds one code as printed, in characters.
	MaxCodeLength = 64
	// minCodeLength is the fewest letters and digits a code has.
	minCodeLength = 4
)

// Errors of reading recovery codes; test with errors.Is.
var (
	ErrNoCodes         = errors.New("no recovery codes given")
	ErrCodesTooLarge   = fmt.Errorf("the list of recovery codes is larger than %d KiB", MaxCodesInput>>10)
	ErrTooManyCodes    = fmt.Errorf("more than %d recovery codes", MaxRecoveryCodes)
	ErrCodeControl     = errors.New("holds a control character")
	ErrCodeTooLong     = fmt.Errorf("is longer than %d characters", MaxCodeLength)
	ErrCodeTooShort    = fmt.Errorf("is shorter than %d letters and digits", minCodeLength)
	ErrCodeCharacters  = errors.New("is not a recovery code: one code a line, letters and digits with spaces or dashes")
	ErrDuplicateCode   = errors.New("repeats a recovery code")
	errCodeNotReadable = errors.New("reading recovery codes")
)

// CodeLineError says which line of the input (or which code of a list)
// was refused, and why (one of the errors above). It never holds the
// line's text.
type CodeLineError struct {
	Line int
	// First is the line of the code a duplicate repeats.
	First int
	Err   error
}

func (e *CodeLineError) Error() string {
	if e.First > 0 {
		return fmt.Sprintf("line %d %v of line %d", e.Line, e.Err, e.First)
	}
	return fmt.Sprintf("line %d %v", e.Line, e.Err)
}

func (e *CodeLineError) Unwrap() error { return e.Err }

// ReadRecoveryCodes reads a list of recovery codes, at most MaxCodesInput
// bytes of it, and returns the codes as printed (numbering and the
// spaces around them taken off), in order. The whole list is refused
// when any line is not a code, when a code repeats, when there is none
// or more than MaxRecoveryCodes.
func ReadRecoveryCodes(r io.Reader) ([]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxCodesInput+1))
	defer clear(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCodeNotReadable, err)
	}
	if len(b) > MaxCodesInput {
		return nil, ErrCodesTooLarge
	}
	return CheckRecoveryCodes(strings.Split(string(bytes.TrimSuffix(b, []byte("\n"))), "\n"))
}

// CheckRecoveryCodes checks a list of codes as ReadRecoveryCodes checks
// the lines it reads (blank ones skipped), and returns them as kept.
func CheckRecoveryCodes(lines []string) ([]string, error) {
	var codes []string
	first := map[string]int{} // comparison form -> line
	for i, line := range lines {
		code, err := parseCodeLine(line)
		if err != nil {
			return nil, &CodeLineError{Line: i + 1, Err: err}
		}
		if code == "" {
			continue
		}
		key := codeKey(code)
		if at, ok := first[key]; ok {
			return nil, &CodeLineError{Line: i + 1, First: at, Err: ErrDuplicateCode}
		}
		first[key] = i + 1
		codes = append(codes, code)
		if len(codes) > MaxRecoveryCodes {
			return nil, ErrTooManyCodes
		}
	}
	if len(codes) == 0 {
		return nil, ErrNoCodes
	}
	return codes, nil
}

// numbering is a list number before a code: "1. ", "12) ".
var numbering = regexp.MustCompile(`^[0-9]{1,3}[.)][ \t]+`)

// parseCodeLine returns the code on line as kept, "" for a blank line.
func parseCodeLine(line string) (string, error) {
	line = strings.TrimSuffix(line, "\r")
	if strings.ContainsFunc(line, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) {
		return "", ErrCodeControl
	}
	code := strings.TrimSpace(numbering.ReplaceAllString(strings.TrimSpace(line), ""))
	if code == "" {
		return "", nil
	}
	code = strings.ReplaceAll(code, "\t", " ")
	if len([]rune(code)) > MaxCodeLength {
		return "", ErrCodeTooLong
	}
	if strings.ContainsFunc(code, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == ' ' || r == '-')
	}) {
		return "", ErrCodeCharacters
	}
	if len(codeKey(code)) < minCodeLength {
		return "", ErrCodeTooShort
	}
	return code, nil
}

// codeKey is the form codes are compared in: without spaces and dashes,
// in lower case, as services accept them typed either way.
func codeKey(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
}
