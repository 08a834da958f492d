package transfer

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

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
