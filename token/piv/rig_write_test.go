package piv

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/go-piv/piv-go/v2/piv"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
)

func presentReader(t *testing.T) string {
	t.Helper()
	readers, err := PCSC{}.Readers()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readers {
		if r.Present {
			return r.Name
		}
	}
	t.Fatal("no key present")
	return ""
}

// TestRigPivGoWrites drives the virtual key with piv-go's writing calls
// (management key authentication, key generation, attestation, certificate
// import, PIN change and unblock), then reads the result back.
func TestRigPivGoWrites(t *testing.T) {
	for _, tc := range []struct {
		name, alg, key string
	}{
		{"3des default", "", ""},
		{"aes192", "aes192", "00112233445566778899aabbccddeeff0011223344556677"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			socks := plugIn(t, vyubikey.Config{Serial: 5550020, Version: "5.4.3",
				ManagementKey: tc.key, ManagementKeyAlgorithm: tc.alg})
			card := socks[0].Card()
			mgmt := piv.DefaultManagementKey
			if tc.key != "" {
				mgmt, _ = hex.DecodeString(tc.key)
			}
			yk, err := piv.Open(presentReader(t))
			if err != nil {
				t.Fatal(err)
			}
			pub, err := yk.GenerateKey(mgmt, piv.SlotSignature, piv.Key{
				Algorithm: piv.AlgorithmEC256, PINPolicy: piv.PINPolicyAlways, TouchPolicy: piv.TouchPolicyNever})
			if err != nil {
				t.Fatalf("GenerateKey: %v", err)
			}
			attCert, err := yk.AttestationCertificate()
			if err != nil {
				t.Fatal(err)
			}
			slotCert, err := yk.Attest(piv.SlotSignature)
			if err != nil {
				t.Fatal(err)
			}
			v := piv.Verifier{Roots: card.CA().Pool()}
			a, err := v.Verify(attCert, slotCert)
			if err != nil || a.Serial != 5550020 || a.PINPolicy != piv.PINPolicyAlways {
				t.Fatalf("Verify = %+v, %v", a, err)
			}
			// Sign with the new key (PIN always), then store a certificate for it.
			priv, err := yk.PrivateKey(piv.SlotSignature, pub, piv.KeyAuth{PIN: piv.DefaultPIN})
			if err != nil {
				t.Fatal(err)
			}
			digest := sha256.Sum256([]byte("twofold"))
			sig, err := priv.(*piv.ECDSAPrivateKey).Sign(rand.Reader, digest[:], nil)
			if err != nil || !ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest[:], sig) {
				t.Fatalf("signature: %v", err)
			}
			tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bob"},
				NotBefore: time.Now(), NotAfter: time.Now().Add(24 * time.Hour)}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
			if err != nil {
				t.Fatal(err)
			}
			cert, _ := x509.ParseCertificate(der)
			if err := yk.SetCertificate(mgmt, piv.SlotSignature, cert); err != nil {
				t.Fatalf("SetCertificate: %v", err)
			}
			if err := yk.SetManagementKey(mgmt, []byte("0123456789abcdef01234567")); err != nil {
				t.Fatalf("SetManagementKey: %v", err)
			}
			// PIN: a wrong one costs a retry, a change works, the PUK unblocks.
			var ae piv.AuthErr
			if err := yk.VerifyPIN("000000"); !errors.As(err, &ae) || ae.Retries != 2 {
				t.Fatalf("wrong PIN: %v", err)
			}
			if err := yk.SetPIN(piv.DefaultPIN, "246810"); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				yk.VerifyPIN("000000")
			}
			if err := yk.Unblock(piv.DefaultPUK, "135790"); err != nil {
				t.Fatalf("Unblock: %v", err)
			}
			if err := yk.VerifyPIN("135790"); err != nil {
				t.Fatal(err)
			}
			yk.Close()

			st, err := scannerFor(socks).One(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			c := slotByName(st, "9c")
			if c.Origin != "generated" || c.PINPolicy != "always" || c.Attestation != AttestationVerified ||
				c.Certificate == nil || c.Certificate.Subject != "CN=bob" {
				t.Errorf("slot 9c = %+v", c)
			}
			if *st.PIN.Default || !*st.PUK.Default || *st.ManagementKey.Default || *st.PIN.RetriesLeft != 3 {
				t.Errorf("credentials: PIN %+v PUK %+v mgmt %+v", st.PIN, st.PUK, st.ManagementKey)
			}
		})
	}
}
