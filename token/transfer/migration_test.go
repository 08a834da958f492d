package transfer

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/twofoldmfa/twofold/internal/testtool"
	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/qr"
)

// rfcSecret is the RFC 4226 test key "12345678901234567890".
var rfcSecret = []byte("12345678901234567890")

// field builds a length-delimited field by hand: tag byte, length, bytes.
func field(tag byte, content []byte) []byte {
	// Every test message is shorter than 128 bytes: a one-byte varint.
	return append([]byte{tag, byte(len(content))}, content...)
}

// handPayload is a MigrationPayload written from the published schema,
// byte by byte: two seeds, an unknown field, batch 2 of 3 with id 42.
func handPayload() []byte {
	first := concat(
		field(0x0a, rfcSecret),                           // 1: secret (bytes)
		field(0x12, []byte("ACME Co:alice@example.com")), // 2: name
		field(0x1a, []byte("ACME Co")),                   // 3: issuer
		[]byte{0x20, 0x02},                               // 4: algorithm SHA256
		[]byte{0x28, 0x01},                               // 5: digits SIX
		[]byte{0x30, 0x02},                               // 6: type TOTP
		[]byte{0x98, 0x06, 0x07},                         // 99: unknown varint, skipped
	)
	second := concat(
		field(0x0a, rfcSecret[:16]),
		field(0x12, []byte("bob")),
		[]byte{0x28, 0x02},       // EIGHT (algorithm left out: SHA1)
		[]byte{0x30, 0x01},       // HOTP
		[]byte{0x38, 0xac, 0x02}, // counter 300
	)
	return concat(
		field(0x0a, first), // 1: otp_parameters
		field(0x0a, second),
		[]byte{0x10, 0x01},       // 2: version 1
		[]byte{0x18, 0x03},       // 3: batch_size 3
		[]byte{0x20, 0x01},       // 4: batch_index 1
		[]byte{0x28, 0x2a},       // 5: batch_id 42
		field(0x32, []byte("x")), // 6: unknown bytes, skipped
	)
}

func concat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func migrationLink(payload []byte) string {
	return MigrationScheme + url.QueryEscape(base64.StdEncoding.EncodeToString(payload))
}

func TestParseMigrationHandBuilt(t *testing.T) {
	b, err := ParseMigration(migrationLink(handPayload()))
	if err != nil {
		t.Fatal(err)
	}
	if b.Size != 3 || b.Index != 1 || b.ID != 42 || len(b.Seeds) != 2 {
		t.Fatalf("batch %d of %d id %d with %d seeds, want 1 of 3 id 42 with 2", b.Index, b.Size, b.ID, len(b.Seeds))
	}
	a, h := b.Seeds[0], b.Seeds[1]
	if a.Issuer != "ACME Co" || a.Account != "alice@example.com" || a.Kind != token.TOTP || a.Period != 30 || a.Digits != 6 || a.Algorithm != token.SHA256 {
		t.Errorf("first seed %+v", a.Label())
	}
	if a.Secret != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Error("first secret is not the RFC 4226 key in base32")
	}
	if h.Issuer != "" || h.Account != "bob" || h.Kind != token.HOTP || h.Counter != 300 || h.Digits != 8 || h.Algorithm != token.SHA1 {
		t.Errorf("second seed: kind %s counter %d digits %d algo %s", h.Kind, h.Counter, h.Digits, h.Algorithm)
	}
	checkWithOathtool(t, a)
	checkWithOathtool(t, h)
}

func TestParseMigrationUnpaddedAndPlus(t *testing.T) {
	// Some exporters leave '+' unescaped and drop padding.
	data := base64.RawStdEncoding.EncodeToString(handPayload())
	if _, err := ParseMigration(MigrationScheme + data); err != nil {
		t.Fatal(err)
	}
}

// A seed of a code that Twofold cannot take is left out of the batch and
// named by its place in the code; a short secret is taken.
func TestParseMigrationSeedLeftOut(t *testing.T) {
	link := migrationLink(concat(
		field(0x0a, concat(field(0x0a, rfcSecret), field(0x12, []byte("x")), []byte{0x20, 0x04})),
		field(0x0a, concat(field(0x0a, rfcSecret[:5]), field(0x12, []byte("Old:short")))),
	))
	b, err := ParseMigration(link)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Seeds) != 1 || !b.Seeds[0].WeakSecret() || b.Seeds[0].Issuer != "Old" {
		t.Errorf("seeds %+v", b.Seeds)
	}
	if len(b.Unread) != 1 || b.Unread[0].Within != 1 || b.Unread[0].Account != "x" || b.Unread[0].Reason != ReasonAlgorithm {
		t.Errorf("unread %+v", b.Unread)
	}
}

func TestParseMigrationBad(t *testing.T) {
	good := handPayload()
	for name, link := range map[string]string{
		"not base64":    MigrationScheme + "!!!",
		"truncated":     migrationLink(good[:len(good)-40]),
		"wrong scheme":  "otpauth://offline?data=AAAA",
		"no data":       "otpauth-migration://offline?foo=1",
		"index >= size": migrationLink([]byte{0x18, 0x02, 0x20, 0x02}),
	} {
		_, err := ParseMigration(link)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), "GEZDGNBV") {
			t.Errorf("%s: the error repeats the secret", name)
		}
	}
}

func TestGatherBatches(t *testing.T) {
	s := func(n string) []token.Seed { return []token.Seed{{Account: n}} }
	got, err := GatherBatches([]Batch{
		{Seeds: s("c"), Size: 3, Index: 2, ID: 7},
		{Seeds: s("a"), Size: 3, Index: 0, ID: 7},
		{Seeds: s("b"), Size: 3, Index: 1, ID: 7},
		{Seeds: s("b"), Size: 3, Index: 1, ID: 7},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Account != "a" || got[2].Account != "c" {
		t.Errorf("gathered %v", got)
	}
	_, err = GatherBatches([]Batch{{Seeds: s("a"), Size: 3, Index: 0, ID: 7}, {Seeds: s("c"), Size: 3, Index: 2, ID: 7}})
	if !errors.Is(err, ErrMissingBatch) || !strings.Contains(err.Error(), "code 2 of 3") {
		t.Errorf("missing batch: %v", err)
	}
}

func testSeeds(t *testing.T, n int) []token.Seed {
	t.Helper()
	var seeds []token.Seed
	for i := range n {
		s, err := token.ParseURI("otpauth://totp/Example:user" + string(rune('a'+i%26)) + "?secret=" + base32Of(i))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, s)
	}
	return seeds
}

func base32Of(i int) string {
	b := []byte("secret-of-seed-number-0000")
	b[len(b)-1] = byte('0' + i%10)
	b[len(b)-2] = byte('0' + i/10%10)
	return strings.TrimRight(encodeBase32(b), "=")
}

func TestEncodeMigrationRoundTripAndRefusals(t *testing.T) {
	seeds := testSeeds(t, 23)
	odd := []token.Seed{seeds[0], seeds[0], seeds[0]}
	odd[0].Period, odd[0].Account = 60, "sixty"
	odd[1].Digits, odd[1].Account = 7, "seven"
	odd[2].Issuer, odd[2].Account = "Steam", "gamer"
	links, refused := EncodeMigration(append(seeds, odd...), 99)
	if len(links) != 3 {
		t.Fatalf("%d links for 23 seeds, want 3", len(links))
	}
	if len(refused) != 3 {
		t.Fatalf("%d refused, want 3", len(refused))
	}
	for i, r := range refused {
		if r.Seed.Account != odd[i].Account || !errors.Is(r.Reason, ErrNotExportable) {
			t.Errorf("refusal %d: %s: %v", i, r.Seed.Account, r.Reason)
		}
	}
	var batches []Batch
	for _, l := range links {
		b, err := ParseMigration(l)
		if err != nil {
			t.Fatal(err)
		}
		batches = append(batches, b)
	}
	checkGathered(t, batches, seeds)
}

// TestMigrationPNGReadByZbarimg checks that an independent decoder reads
// the exported QR codes back to the very same links.
func TestMigrationPNGReadByZbarimg(t *testing.T) {
	zbarimg := testtool.Require(t, "zbarimg")
	links, _ := EncodeMigration(testSeeds(t, 12), 5)
	for i, l := range links {
		png, err := qr.PNG(l, 512)
		if err != nil {
			t.Fatal(err)
		}
		if readWithZbarimg(t, zbarimg, png) != l {
			t.Errorf("code %d: zbarimg read another payload", i+1)
		}
	}
}

func encodeBase32(b []byte) string { return base32Std.EncodeToString(b) }

var base32Std = base32.StdEncoding
