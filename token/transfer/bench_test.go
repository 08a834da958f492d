package transfer

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/vault"
)

// aegisDBOf builds an Aegis db of n distinct TOTP entries.
func aegisDBOf(n int) string {
	var b strings.Builder
	b.WriteString(`{"version": 2, "entries": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		key := make([]byte, 20)
		binary.BigEndian.PutUint64(key, uint64(i)+1)
		fmt.Fprintf(&b, `{"type": "totp", "uuid": "u%d", "name": "user%d@example.com", "issuer": "Service %d", "info": {"secret": %q, "algo": "SHA1", "digits": 6, "period": 30}}`,
			i, i, i, base32.StdEncoding.EncodeToString(key))
	}
	b.WriteString(`], "groups": []}`)
	return b.String()
}

// BenchmarkImportAegis1000 is the import of a 1,000-seed encrypted Aegis
// export into a vault, KDF apart: the password slot uses scrypt's lowest
// cost, so what is measured is decryption, parsing, validation and the
// duplicate check of AddSeeds.
func BenchmarkImportAegis1000(b *testing.B) {
	content := aegisEncrypted(b, aegisDBOf(1000), "bench", 1, false)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		c, err := ParseAegis(content, fixedPassphrase("bench"))
		if err != nil {
			b.Fatal(err)
		}
		var d vault.Data
		r, err := d.AddSeeds(c.Seeds, now, vault.SkipDuplicates)
		if err != nil || len(r.Added) != 1000 {
			b.Fatalf("%d added, %v", len(r.Added), err)
		}
	}
}

// linksOf is a text of n otpauth:// links, each with its own secret.
func linksOf(n int) []byte {
	var b strings.Builder
	key := make([]byte, 20)
	for i := range n {
		binary.BigEndian.PutUint64(key, uint64(i)+1)
		fmt.Fprintf(&b, "otpauth://totp/Service%%20%d:user%d%%40example.com?secret=%s&issuer=Service%%20%d\n",
			i, i, strings.TrimRight(base32.StdEncoding.EncodeToString(key), "="), i)
	}
	return []byte(b.String())
}

// BenchmarkImportLinks100000 is the import of a list of 100,000
// otpauth:// links into a vault of 1,000 seeds that are the list's
// first 1,000 (skipped as duplicates; the vault ends full, at
// vault.MaxSeeds), KDF apart: parsing, validation, the duplicate check
// and the encoding of the vault that is saved (vault.Seal at the test
// build's lowest work factor).
func BenchmarkImportLinks100000(b *testing.B) {
	content := linksOf(100_000)
	held, err := readURIList(linksOf(1000), nil)
	if err != nil || len(held.Unread) > 0 {
		b.Fatal(err, held.Unread)
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		c, err := readURIList(content, nil)
		if err != nil || len(c.Unread) > 0 {
			b.Fatal(err, c.Unread)
		}
		seeds := c.Seeds
		d := vault.Data{Version: vault.SchemaVersion, Seeds: append([]token.Seed{}, held.Seeds...)}
		r, err := d.AddSeeds(seeds, now, vault.SkipDuplicates)
		if err != nil || len(r.Added) != 99_000 || len(r.Skipped) != 1000 {
			b.Fatalf("%d added, %v", len(r.Added), err)
		}
		if _, err := vault.Seal(d, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
