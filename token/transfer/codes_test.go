package transfer

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/qrsheet"
	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

const aliceLink = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP"

// twoCodeImage draws the QR codes of two texts side by side.
func twoCodeImage(t *testing.T, a, b string) []byte {
	t.Helper()
	sheet, err := qrsheet.PNG(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return sheet
}

func TestReadImageWithTwoCodes(t *testing.T) {
	got, err := ReadEntries(twoCodeImage(t, aliceLink, migrationLink(handPayload())), noPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != FormatImage || len(got.Seeds) != 1 || len(got.Batches) != 1 {
		t.Fatalf("read %s: %d seeds, %d batches; want image, 1, 1", got.Format, len(got.Seeds), len(got.Batches))
	}
	if got.Seeds[0].Issuer != "ACME" || got.Seeds[0].Account != "alice" {
		t.Errorf("seed %s", got.Seeds[0].Label())
	}
	if b := got.Batches[0]; b.ID != 42 || b.Index != 1 || b.Size != 3 || len(b.Seeds) != 2 {
		t.Errorf("batch %d of %d (id %d) with %d seeds", b.Index+1, b.Size, b.ID, len(b.Seeds))
	}
}

func TestReadKeepsBatchesApart(t *testing.T) {
	text := []byte(aliceLink + "\n" + migrationLink(handPayload()) + "\n")
	got, err := ReadEntries(text, noPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != FormatURIs || len(got.Seeds) != 1 || len(got.Batches) != 1 {
		t.Errorf("read %s: %d seeds, %d batches; want uris, 1, 1", got.Format, len(got.Seeds), len(got.Batches))
	}
	// Code 2 of 3 alone: its seeds are taken, codes 1 and 3 are to come.
	seeds, pending, err := JoinBatches(got.Batches)
	if err != nil || len(seeds) != 2 || len(pending) != 1 {
		t.Fatalf("%d seeds, pending %+v, %v", len(seeds), pending, err)
	}
	if p := pending[0]; p.Size != 3 || !slices.Equal(p.Read, []int{2}) || !slices.Equal(p.Missing, []int{1, 3}) {
		t.Errorf("pending %+v, want code 2 of 3 read, 1 and 3 not yet", p)
	}
}

func TestReadImageWithoutCode(t *testing.T) {
	var out bytes.Buffer
	if err := png.Encode(&out, image.NewGray(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadEntries(out.Bytes(), noPassphrase); !errors.Is(err, qr.ErrNoCode) {
		t.Errorf("blank image: %v", err)
	}
}

func TestParseCodesLeavesTheBadOneOut(t *testing.T) {
	c := ParseCodes([]string{aliceLink, "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!", "WIFI:S:home;;"})
	if len(c.Seeds) != 1 || len(c.Unread) != 2 {
		t.Fatalf("%d seeds, unread %+v", len(c.Seeds), c.Unread)
	}
	if u := c.Unread[0]; u.Place != PlaceQRCode || u.Position != 2 || u.Issuer != "B" || u.Reason != ReasonSecret || strings.Contains(u.Err.Error(), "JBSWY") {
		t.Errorf("unread %+v (%v): want QR code 2, B, bad secret, no secret in the detail", u, u.Err)
	}
	if u := c.Unread[1]; u.Position != 3 || u.Reason != ReasonNotOTP {
		t.Errorf("unread %+v", u)
	}
}

// TestMigrationCodesReadByZbarimg renders an export's codes and reads them
// back with an independent decoder, to the same seeds; the seed the format
// cannot hold is named and left out.
func TestMigrationCodesReadByZbarimg(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	seeds := testSeeds(t, 23)
	sixty := seeds[3]
	sixty.Period, sixty.Account = 60, "sixty"
	codes, refused, err := MigrationCodes(append(seeds, sixty), 600)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 3 || len(refused) != 1 || refused[0].Seed.Account != "sixty" {
		t.Fatalf("%d codes, %d refused; want 3 codes and the 60 s seed refused", len(codes), len(refused))
	}
	var batches []Batch
	for i, c := range codes {
		b, err := ParseMigration(readWithZbarimg(t, zbarimg, c.PNG))
		if err != nil {
			t.Fatalf("code %d: %v", i+1, err)
		}
		if b.Index != i || b.Size != 3 {
			t.Errorf("code %d says it is %d of %d", i+1, b.Index+1, b.Size)
		}
		// The seeds the code is said to hold are the ones it holds.
		if len(c.Seeds) != len(b.Seeds) {
			t.Fatalf("code %d holds %d seeds, said %d", i+1, len(b.Seeds), len(c.Seeds))
		}
		for j := range c.Seeds {
			if c.Seeds[j] != b.Seeds[j] {
				t.Errorf("code %d, seed %d: holds %s, said %s", i+1, j+1, b.Seeds[j].Label(), c.Seeds[j].Label())
			}
		}
		batches = append(batches, b)
	}
	checkGathered(t, batches, seeds)
}

// readWithZbarimg is the one QR code of a PNG as zbarimg reads it.
func readWithZbarimg(t *testing.T, zbarimg string, png []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "code.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// checkGathered checks that an export's batches hold seeds, in order and
// unchanged.
func checkGathered(t *testing.T, batches []Batch, seeds []token.Seed) {
	t.Helper()
	got, err := GatherBatches(batches)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(seeds) {
		t.Fatalf("%d seeds back, want %d", len(got), len(seeds))
	}
	for i := range got {
		if got[i] != seeds[i] {
			t.Errorf("seed %d changed on the way: %s", i, got[i].Label())
		}
	}
}

// Read, for callers that take whole files only, fails on the first entry
// it cannot take, naming it, with the entry's error inside.
func TestReadWholeFilesOnly(t *testing.T) {
	_, err := Read([]byte(aliceLink+"\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!\n"), noPassphrase)
	var u UnreadError
	if !errors.As(err, &u) || !errors.Is(err, token.ErrSecret) || !strings.HasPrefix(err.Error(), "line 2: ") || strings.Contains(err.Error(), "JBSWY") {
		t.Errorf("error %v", err)
	}
	if c, err := Read([]byte(aliceLink+"\n"), noPassphrase); err != nil || len(c.Seeds) != 1 {
		t.Errorf("a good file: %v", err)
	}
}
