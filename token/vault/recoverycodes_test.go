package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/inventory"
)

var codesNow = time.Date(2026, 12, 4, 9, 30, 0, 0, time.UTC)

// tenCodes are ten codes as a service prints them, each distinct.
func tenCodes() []string {
	var out []string
	for i := range 10 {
		out = append(out, fmt.Sprintf("%05x-%05x", 0x1a2b3+i*7919, 0x9f8e7-i*104729))
	}
	return out
}

func TestReadRecoveryCodesKeepsThemAsPrinted(t *testing.T) {
	in := "1. 1234 5678\r\n2) abcde-12345\n\n   \n  10. ZYXW-VUTS  \n9f8e7d6c\n"
	got, err := ReadRecoveryCodes(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1234 5678", "abcde-12345", "ZYXW-VUTS", "9f8e7d6c"}
	if !slices.Equal(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
}

func TestReadRecoveryCodesRefusesBadInput(t *testing.T) {
	long := strings.Repeat("a1", 100) // 200 characters
	tests := []struct {
		name string
		in   string
		want error
		line int
	}{
		{"empty", "", ErrNoCodes, 0},
		{"blank lines only", "\n  \n\t\n", ErrNoCodes, 0},
		{"control character", "abcd-1234\nef\x1bgh-5678\n", ErrCodeControl, 2},
		{"NUL", "abcd\x00-1234\n", ErrCodeControl, 1},
		{"200 characters", "abcd-1234\n" + long + "\n", ErrCodeTooLong, 2},
		{"duplicate, written another way", "abcde-12345\n1. ABCDE 12345\n", ErrDuplicateCode, 2},
		{"prose", "Keep these codes somewhere safe.\n", ErrCodeCharacters, 1},
		{"two columns", "1. 1234 5678\t6. 8765 4321\n", ErrCodeCharacters, 1},
		{"not ASCII", "abcd-１２３４\n", ErrCodeCharacters, 1},
		{"too short", "ab-c\n", ErrCodeTooShort, 1},
		{"too many", manyCodes(MaxRecoveryCodes + 1), ErrTooManyCodes, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRecoveryCodes(strings.NewReader(tt.in))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			var le *CodeLineError
			if tt.line > 0 && (!errors.As(err, &le) || le.Line != tt.line) {
				t.Errorf("error %v does not name line %d", err, tt.line)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is more than one line", err)
			}
			for _, line := range strings.Split(tt.in, "\n") {
				if l := strings.TrimSpace(line); len(l) >= 4 && strings.Contains(err.Error(), l) {
					t.Errorf("error %q quotes the input", err)
				}
			}
		})
	}
}

func manyCodes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "code-%06d\n", i)
	}
	return b.String()
}

// countingReader is an endless source that counts what was read of it.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.n += len(p)
	return len(p), nil
}

// A 10 MB paste is refused having read no more than the bound.
func TestReadRecoveryCodesBoundsTheRead(t *testing.T) {
	src := &countingReader{}
	_, err := ReadRecoveryCodes(io.LimitReader(src, 10<<20))
	if !errors.Is(err, ErrCodesTooLarge) {
		t.Fatalf("a 10 MB paste: %v", err)
	}
	if src.n > MaxCodesInput+64<<10 {
		t.Errorf("read %d bytes of the paste, bound %d", src.n, MaxCodesInput)
	}
}

func dataWithAccount(t *testing.T) (*Data, string) {
	t.Helper()
	d := &Data{}
	a, err := d.SaveAccount(inventory.Account{Name: "GitHub", Provider: inventory.Generic})
	if err != nil {
		t.Fatal(err)
	}
	return d, a.ID
}

func TestRecoveryCodesUseOnceEach(t *testing.T) {
	d, id := dataWithAccount(t)
	codes := tenCodes()
	rc, err := d.AddRecoveryCodes(id, codes, false, codesNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := rc.Tally(); got != (inventory.CodeTally{Total: 10, Unused: 10}) {
		t.Errorf("tally after adding: %+v", got)
	}
	// Typed without the dash and in upper case, as a person might.
	typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", ""))
	used, tally, err := d.UseRecoveryCode(id, typed, codesNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if used.Code != codes[3] || !used.Used.Equal(codesNow.Add(time.Hour)) || tally.Unused != 9 {
		t.Errorf("used %+v, tally %+v", used, tally)
	}
	_, _, err = d.UseRecoveryCode(id, codes[3], codesNow.Add(2*time.Hour))
	var usedErr *UsedCodeError
	if !errors.Is(err, ErrCodeUsed) || !errors.As(err, &usedErr) || !usedErr.Used.Equal(codesNow.Add(time.Hour)) {
		t.Errorf("a used code again: %v", err)
	}
	if _, _, err := d.UseRecoveryCode(id, "00000-00000", codesNow); !errors.Is(err, ErrUnknownCode) {
		t.Errorf("an unknown code: %v", err)
	}
	if _, _, err := d.UseRecoveryCode(id, strings.Repeat("a", 200), codesNow); !errors.Is(err, ErrCodeTooLong) {
		t.Errorf("a 200-character code: %v", err)
	}
	next, tally, err := d.UseNextRecoveryCode(id, codesNow)
	if err != nil || next.Code != codes[0] || tally.Unused != 8 {
		t.Errorf("next code: %+v %+v %v", next, tally, err)
	}
	rc, _ = d.RecoveryCodesOf(id)
	unused := rc.Unused()
	if len(unused) != 8 || slices.ContainsFunc(unused, func(c RecoveryCode) bool { return c.Code == codes[0] || c.Code == codes[3] }) {
		t.Errorf("unused: %+v", unused)
	}
	if !rc.LastUsed().Equal(codesNow.Add(time.Hour)) {
		t.Errorf("last used %v", rc.LastUsed())
	}
}

func TestRecoveryCodesReplacedAsAWhole(t *testing.T) {
	d, id := dataWithAccount(t)
	if _, err := d.AddRecoveryCodes(id, tenCodes(), false, codesNow); err != nil {
		t.Fatal(err)
	}
	before := d.Clone()
	if _, err := d.AddRecoveryCodes(id, []string{"wxyz-0001"}, false, codesNow); !errors.Is(err, ErrCodesKept) {
		t.Errorf("adding to kept codes without replace: %v", err)
	}
	if _, err := d.AddRecoveryCodes(id, []string{"wxyz-0001", "WXYZ 0001"}, true, codesNow); !errors.Is(err, ErrDuplicateCode) {
		t.Errorf("a list with a duplicate: %v", err)
	}
	if _, err := d.AddRecoveryCodes(id, nil, true, codesNow); !errors.Is(err, ErrNoCodes) {
		t.Errorf("an empty list: %v", err)
	}
	if string(encoded(t, *d)) != string(encoded(t, before)) {
		t.Error("a refused change changed the data")
	}
	rc, err := d.AddRecoveryCodes(id, []string{"wxyz-0001", "wxyz-0002"}, true, codesNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.RecoveryCodes) != 1 || len(rc.Codes) != 2 || !rc.Added.Equal(codesNow.Add(time.Hour)) {
		t.Errorf("after replacing: %+v", d.RecoveryCodes)
	}
	if _, err := d.AddRecoveryCodes("no-such-account", tenCodes(), false, codesNow); !errors.Is(err, inventory.ErrNoAccount) {
		t.Errorf("codes for no account: %v", err)
	}
	if _, err := d.DeleteAccount(id); err != nil {
		t.Fatal(err)
	}
	if len(d.RecoveryCodes) != 0 {
		t.Error("deleting the account left its codes")
	}
	if _, err := d.RemoveRecoveryCodes(id); !errors.Is(err, ErrNoCodesKept) {
		t.Errorf("removing codes of an account with none: %v", err)
	}
}

func TestCloneCopiesRecoveryCodes(t *testing.T) {
	d, id := dataWithAccount(t)
	if _, err := d.AddRecoveryCodes(id, tenCodes(), false, codesNow); err != nil {
		t.Fatal(err)
	}
	c := d.Clone()
	if _, _, err := c.UseNextRecoveryCode(id, codesNow); err != nil {
		t.Fatal(err)
	}
	if rc, _ := d.RecoveryCodesOf(id); rc.Tally().Unused != 10 {
		t.Error("using a code of the clone used the original's")
	}
}

// On disk the codes are inside the encryption only; read back they are
// the same, with their state, and Wipe zeroes them.
func TestRecoveryCodesOnDisk(t *testing.T) {
	v, path := newTestVault(t)
	codes := tenCodes()
	err := Edit(path, testPassphrase, func(v *Vault) error {
		a, err := v.Data.SaveAccount(inventory.Account{Name: "GitHub", Provider: inventory.Generic})
		if err != nil {
			return err
		}
		if _, err := v.Data.AddRecoveryCodes(a.ID, codes, false, codesNow); err != nil {
			return err
		}
		_, _, err = v.Data.UseRecoveryCode(a.ID, codes[1], codesNow)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = v
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if bytes.Contains(raw, []byte(c)) || bytes.Contains(raw, []byte(codeKey(c))) {
			t.Fatal("the vault file holds a recovery code in clear")
		}
	}
	got, err := Open(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Data.RecoveryCodes) != 1 {
		t.Fatalf("codes read back: %d sets", len(got.Data.RecoveryCodes))
	}
	rc := got.Data.RecoveryCodes[0]
	for i, c := range rc.Codes {
		if c.Code != codes[i] || c.Used.IsZero() != (i != 1) {
			t.Errorf("code %d read back as %+v", i, c)
		}
	}
	kept := slices.Clone(rc.Codes)
	got.Wipe()
	for _, c := range kept {
		if strings.Trim(c.Code, "\x00") != "" {
			t.Error("a code read from the file survives Wipe")
		}
	}
}

// Whatever is pasted, what ReadRecoveryCodes accepts passes its checks
// again unchanged: distinct, bounded codes of letters, digits, spaces
// and dashes.
func FuzzReadRecoveryCodes(f *testing.F) {
	f.Add("1. 1234 5678\r\n2) abcd-efgh\n")
	f.Add("abcde-12345\nABCDE 12345\n")
	f.Add("\x00\x1b\t \n")
	f.Add(strings.Repeat("a", 65))
	f.Fuzz(func(t *testing.T, in string) {
		codes, err := ReadRecoveryCodes(strings.NewReader(in))
		if err != nil {
			if codes != nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("refused with codes or a multi-line error: %v", err)
			}
			return
		}
		again, err := CheckRecoveryCodes(codes)
		if err != nil || !slices.Equal(again, codes) || len(codes) > MaxRecoveryCodes {
			t.Fatalf("accepted %q, then %q, %v", codes, again, err)
		}
	})
}
