package quietlog

import (
	"errors"
	"io"
	"log"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestKnownMessages logs through Fyne's own LogError: the two known
// messages are dropped whole, every other line (from Fyne or not, and the
// same reasons with another cause) comes through.
func TestKnownMessages(t *testing.T) {
	var out strings.Builder
	log.SetOutput(&filter{w: &out})
	defer log.SetOutput(os.Stderr)
	fyne.LogError("Getting favorite locations", errors.New("this computer does not define a VIDEOS folder"))
	log.Println("one")
	fyne.LogError("Preferences load error:", io.EOF)
	fyne.LogError("Getting favorite locations", errors.New("permission denied"))
	fyne.LogError("Preferences load error:", errors.New("invalid character 'x'"))
	log.Println("two")
	got := out.String()
	for _, gone := range []string{"VIDEOS", "Cause: EOF"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q was logged:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"one", "permission denied", "invalid character", "two"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q was not logged:\n%s", kept, got)
		}
	}
	if n := strings.Count(got, "Fyne error:"); n != 2 {
		t.Errorf("%d Fyne errors logged, want 2:\n%s", n, got)
	}
	if n := strings.Count(got, "At: "); n != 2 {
		t.Errorf("%d places logged, want 2:\n%s", n, got)
	}
}
