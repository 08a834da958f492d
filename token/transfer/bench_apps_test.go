package transfer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/vault"
)

// benchSecret is the n-th distinct 160-bit secret.
func benchSecret(n int) string {
	key := make([]byte, 20)
	binary.BigEndian.PutUint64(key, uint64(n)+1)
	return base32.StdEncoding.EncodeToString(key)
}

// benchJSON builds a JSON list of n entries, each from entry(i).
func benchJSON(n int, entry func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = entry(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// benchImport reads content and adds its seeds to an empty vault, as
// 'twofold import' does, expecting n new seeds.
func benchImport(b *testing.B, content []byte, pass Passphrase, n int) {
	b.Helper()
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		c, err := ReadEntries(content, pass)
		if err != nil {
			b.Fatal(err)
		}
		var d vault.Data
		r, err := d.AddSeeds(c.Seeds, now, vault.SkipDuplicates)
		if err != nil || len(r.Added) != n || len(c.Unread) != 0 {
			b.Fatalf("%d added, %d unread, %v", len(r.Added), len(c.Unread), err)
		}
	}
}

func andOTPListOf(n int) string {
	return benchJSON(n, func(i int) string {
		return fmt.Sprintf(`{"secret":%q,"issuer":"Service %d","label":"user%d@example.com","digits":6,"type":"TOTP","algorithm":"SHA1","thumbnail":"Default","last_used":0,"used_frequency":0,"period":30,"tags":[]}`, benchSecret(i), i, i)
	})
}

// BenchmarkImportAndOTP1000 reads an encrypted andOTP backup in its old
// format (the key is one SHA-256, so the KDF is out of the figure).
func BenchmarkImportAndOTP1000(b *testing.B) {
	key := sha256.Sum256([]byte("bench"))
	block, _ := aes.NewCipher(key[:])
	aead, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcmNonceBytes)
	rand.Read(nonce)
	content := aead.Seal(nonce, nonce, []byte(andOTPListOf(1000)), nil)
	benchImport(b, content, fixedPassphrase("bench"), 1000)
}

// BenchmarkImportBitwarden1000 reads a password-protected Bitwarden export
// whose PBKDF2 runs one iteration: decryption, MACs and parsing.
func BenchmarkImportBitwarden1000(b *testing.B) {
	items := benchJSON(1000, func(i int) string {
		return fmt.Sprintf(`{"type":1,"name":"Service %d","login":{"username":"user%d","password":"p","totp":"otpauth://totp/Service%%20%d:user%d?secret=%s&issuer=Service%%20%d"}}`, i, i, i, i, benchSecret(i), i)
	})
	plain := `{"encrypted":false,"folders":[],"items":` + items + `}`
	const salt = "benchsalt"
	master, _ := pbkdf2Key("bench", salt, 1)
	encKey, macKey := stretchBitwarden(master)
	seal := func(text string) string {
		iv := make([]byte, 16)
		rand.Read(iv)
		block, _ := aes.NewCipher(encKey)
		pad := 16 - len(text)%16
		data := []byte(text + strings.Repeat(string(rune(pad)), pad))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(data, data)
		m := hmac.New(sha256.New, macKey)
		m.Write(iv)
		m.Write(data)
		enc := base64.StdEncoding.EncodeToString
		return "2." + enc(iv) + "|" + enc(data) + "|" + enc(m.Sum(nil))
	}
	f, _ := json.Marshal(map[string]any{"encrypted": true, "passwordProtected": true, "salt": salt, "kdfType": 0,
		"kdfIterations": 1, "encKeyValidation_DO_NOT_EDIT": seal("check"), "data": seal(plain)})
	benchImport(b, f, fixedPassphrase("bench"), 1000)
}

func BenchmarkImportBitwardenCSV1000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n")
	for i := range 1000 {
		fmt.Fprintf(&sb, ",,login,Service %d,,,0,,user%d,pw,%s\n", i, i, benchSecret(i))
	}
	benchImport(b, []byte(sb.String()), noPassphrase, 1000)
}

func BenchmarkImportProton1000(b *testing.B) {
	entries := benchJSON(1000, func(i int) string {
		return fmt.Sprintf(`{"id":"%d","content":{"uri":"otpauth://totp/user%d?secret=%s&issuer=Service%%20%d","entry_type":"Totp","name":"Service %d"},"note":null}`, i, i, benchSecret(i), i, i)
	})
	benchImport(b, []byte(`{"version":1,"entries":`+entries+`}`), noPassphrase, 1000)
}

func BenchmarkImportAuthPro1000(b *testing.B) {
	auths := benchJSON(1000, func(i int) string {
		return fmt.Sprintf(`{"Type":2,"Issuer":"Service %d","Username":"user%d","Secret":%q,"Algorithm":0,"Digits":6,"Period":30,"Counter":0}`, i, i, benchSecret(i))
	})
	benchImport(b, []byte(`{"Authenticators":`+auths+`,"Categories":[]}`), noPassphrase, 1000)
}

func BenchmarkImportFreeOTP1000(b *testing.B) {
	tokens := benchJSON(1000, func(i int) string {
		key, _ := base32.StdEncoding.DecodeString(benchSecret(i))
		signed := make([]string, len(key))
		for j, v := range key {
			signed[j] = fmt.Sprint(int8(v))
		}
		return fmt.Sprintf(`{"algo":"SHA1","counter":0,"digits":6,"issuerExt":"Service %d","label":"user%d","period":30,"secret":[%s],"type":"TOTP"}`, i, i, strings.Join(signed, ","))
	})
	benchImport(b, []byte(`{"tokenOrder":[],"tokens":`+tokens+`}`), noPassphrase, 1000)
}

func BenchmarkImportLastPass1000(b *testing.B) {
	accounts := benchJSON(1000, func(i int) string {
		return fmt.Sprintf(`{"issuerName":"Service %d","userName":"user%d","secret":%q,"timeStep":30,"digits":6,"algorithm":"SHA1"}`, i, i, benchSecret(i))
	})
	benchImport(b, []byte(`{"version":3,"accounts":`+accounts+`}`), noPassphrase, 1000)
}

func BenchmarkImportURIList1000(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, "otpauth://totp/Service%%20%d:user%d?secret=%s&issuer=Service%%20%d\n", i, i, benchSecret(i), i)
	}
	benchImport(b, []byte(sb.String()), noPassphrase, 1000)
}

func BenchmarkImportFreeOTPXML1000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="tokenOrder">[]</string>`)
	for i := range 1000 {
		key, _ := base32.StdEncoding.DecodeString(benchSecret(i))
		signed := make([]string, len(key))
		for j, v := range key {
			signed[j] = fmt.Sprint(int8(v))
		}
		fmt.Fprintf(&sb, `<string name="Service %d:user%d">{&quot;algo&quot;:&quot;SHA1&quot;,&quot;digits&quot;:6,&quot;issuerExt&quot;:&quot;Service %d&quot;,&quot;label&quot;:&quot;user%d&quot;,&quot;period&quot;:30,&quot;secret&quot;:[%s],&quot;type&quot;:&quot;TOTP&quot;}</string>`,
			i, i, i, i, strings.Join(signed, ","))
	}
	sb.WriteString(`</map>`)
	benchImport(b, []byte(sb.String()), noPassphrase, 1000)
}

func BenchmarkImportAuthy1000(b *testing.B) {
	tokens := benchJSON(1000, func(i int) string {
		return fmt.Sprintf(`{&quot;digits&quot;:6,&quot;name&quot;:&quot;Service %d: user%d&quot;,&quot;originalName&quot;:&quot;Service %d:user%d&quot;,&quot;decryptedSecret&quot;:&quot;%s&quot;}`, i, i, i, i, benchSecret(i))
	})
	content := `<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="` + authyTokensKey + `">` + tokens + `</string></map>`
	benchImport(b, []byte(content), noPassphrase, 1000)
}
