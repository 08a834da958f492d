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

func TestURIListBadLineLeftOut(t *testing.T) {
	c, err := ReadEntries([]byte("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!\n"+
		"otpauth-migration://offline?data=%%%\nhttps://example.com/\notpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP\n"), noPassphrase)
	if err != nil || len(c.Seeds) != 2 {
		t.Fatalf("%v, %d seeds", err, len(c.Seeds))
	}
	want := []struct {
		line   int
		reason Reason
	}{{2, ReasonSecret}, {3, ReasonTransferCode}, {4, ReasonNotOTP}}
	if len(c.Unread) != len(want) {
		t.Fatalf("unread %+v", c.Unread)
	}
	for i, w := range want {
		u := c.Unread[i]
		if u.Place != PlaceLine || u.Position != w.line || u.Reason != w.reason || strings.Contains(u.Err.Error(), "JBSWY") {
			t.Errorf("unread %d: %+v (%v), want line %d %s", i, u, u.Err, w.line, w.reason)
		}
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
