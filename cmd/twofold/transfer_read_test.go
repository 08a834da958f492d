package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/qrsheet"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/transfer"
)

// TestImportGathersCodesAcrossFiles imports a screenshot holding an
// otpauth link and code 1 of a Google export, and a link list holding
// code 2: every QR code of the image is read, and the export's two codes
// are gathered across the two files. Given alone, the screenshot's code
// is taken and code 2 named as still to come.
func TestImportGathersCodesAcrossFiles(t *testing.T) {
	tc := newTestCLI(t)
	tc.ok("init")
	var seeds []token.Seed
	for i := range 12 {
		s, err := token.ParseURI(fmt.Sprintf("otpauth://totp/Example:user%02d?secret=AAAAAAAAAAAAAA%c%c", i, 'A'+i/6, '2'+i%6))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, s)
	}
	links, _ := transfer.EncodeMigration(seeds, 7)
	if len(links) != 2 {
		t.Fatalf("%d links", len(links))
	}
	sheet, err := qrsheet.PNG(strings.TrimSpace(awsLink), links[0])
	if err != nil {
		t.Fatal(err)
	}
	shot := tc.writeFile("shot.png", string(sheet))
	rest := tc.writeFile("rest.txt", links[1]+"\n")
	fresh := newTestCLI(t)
	fresh.ok("init")
	if out := fresh.ok("import", shot); !strings.Contains(out, "11 added, 0 skipped.") ||
		!strings.Contains(out, "Google transfer export ("+shot+"): code 1 of 2 read; 2 not yet") {
		t.Errorf("import of code 1 of 2 said:\n%s", out)
	}
	out := tc.ok("import", shot, rest)
	if !strings.Contains(out, "13 added, 0 skipped.") || !strings.Contains(out, "Added Amazon Web Services") || !strings.Contains(out, "Added Example (user11)") {
		t.Errorf("import said:\n%s", out)
	}
}
