package vault

import (
	"errors"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
)

func TestRecordAndForgetCopy(t *testing.T) {
	d := &Data{Seeds: []token.Seed{{ID: "a"}}}
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 := t1.Add(72 * time.Hour)
	if err := d.RecordCopy("a", 12345678, "GitHub:carol", t1); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordCopy("a", 12345678, "GitHub:carol2", t2); err != nil {
		t.Fatal(err)
	}
	if len(d.Keys) != 1 || len(d.Keys[0].Holds) != 1 || !d.Keys[0].Holds[0].Checked.Equal(t2) {
		t.Fatalf("keys %+v, want one key holding a, checked at %v", d.Keys, t2)
	}
	if got := d.Keys[0].HeldNames(); len(got) != 1 || got["GitHub:carol2"] != "a" {
		t.Errorf("held names %v, want the latest name only", got)
	}
	if err := d.RecordCopy("missing", 1, "x", t1); !errors.Is(err, ErrNoMatch) {
		t.Errorf("unknown seed: %v, want ErrNoMatch", err)
	}
	d.ForgetCopy("a", 12345678)
	if len(d.Keys[0].Holds) != 0 {
		t.Errorf("after forget: %+v", d.Keys[0].Holds)
	}
}
