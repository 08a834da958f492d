package transfer

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
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
	got, err := Read(twoCodeImage(t, aliceLink, migrationLink(handPayload())), noPassphrase)
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
	got, err := Read(text, noPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != FormatURIs || len(got.Seeds) != 1 || len(got.Batches) != 1 {
		t.Errorf("read %s: %d seeds, %d batches; want uris, 1, 1", got.Format, len(got.Seeds), len(got.Batches))
	}
	// The same text as a whole file must hold whole exports.
	if _, err := ParseURIList(text); !errors.Is(err, ErrMissingBatch) {
		t.Errorf("ParseURIList of code 2 of 3 alone: %v", err)
	}
}

func TestReadImageWithoutCode(t *testing.T) {
	var out bytes.Buffer
	if err := png.Encode(&out, image.NewGray(image.Rect(0, 0, 64, 64))); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(out.Bytes(), noPassphrase); !errors.Is(err, qr.ErrNoCode) {
		t.Errorf("blank image: %v", err)
	}
}

func TestParseCodesNamesTheBadOne(t *testing.T) {
	seeds, batches, err := ParseCodes([]string{aliceLink, "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PX!"})
	if err == nil || seeds != nil || batches != nil {
		t.Fatalf("a bad second code gave %d seeds, %v", len(seeds), err)
	}
	if !strings.HasPrefix(err.Error(), "QR code 2 of 2: ") || strings.Contains(err.Error(), "JBSWY") {
		t.Errorf("error %q: want it to name code 2 of 2 and hold no secret", err)
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
