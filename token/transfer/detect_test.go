package transfer

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	for content, want := range map[string]Format{
		"\x89PNG\r\n\x1a\n....":                    FormatImage,
		"\xff\xd8\xff\xe0....":                     FormatImage,
		"\n# mine\notpauth://totp/x?secret=AAAA\n": FormatURIs,
		"OTPAUTH-MIGRATION://offline?data=AAAA":    FormatURIs,
		`{"header": {}, "db": {}}`:                 FormatAegis,
		`{"services": []}`:                         FormatTwoFAS,
		`{"servicesEncrypted": "a:b:c"}`:           FormatTwoFAS,
	} {
		got, err := Detect([]byte(content))
		if err != nil || got != want {
			t.Errorf("Detect(%.20q) = %s, %v; want %s", content, got, err, want)
		}
	}
	for _, content := range []string{"", "hello", `{"a": 1}`, "{not json", "GIF89a"} {
		if _, err := Detect([]byte(content)); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Detect(%q): %v, want ErrUnknownFormat", content, err)
		}
	}
}

func TestURIListAllOrNothing(t *testing.T) {
	seeds, err := ParseURIList([]byte("# c\n\notpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n" + migrationLink(handPayload()) + "\n"))
	if !errors.Is(err, ErrMissingBatch) || seeds != nil {
		t.Errorf("a batch of 3 alone: %v", err)
	}
	_, err = ParseURIList([]byte("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "line 2: ") || strings.Contains(err.Error(), "JBSWY") {
		t.Errorf("bad second line: %v", err)
	}
}

// endless is a reader of gigabytes that must never be read whole.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	e.read += len(p)
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestReadLimited(t *testing.T) {
	r := &endless{}
	if _, err := ReadLimited(io.LimitReader(r, 4<<30)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("4 GiB: %v", err)
	}
	if r.read > 2*MaxFileSize {
		t.Errorf("read %d bytes of a 4 GiB input", r.read)
	}
	b, err := ReadLimited(bytes.NewReader(make([]byte, MaxFileSize)))
	if err != nil || len(b) != MaxFileSize {
		t.Errorf("exactly the limit: %d bytes, %v", len(b), err)
	}
}
