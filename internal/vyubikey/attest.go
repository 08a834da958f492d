package vyubikey

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"
)

// CA is a test certificate authority standing in for Yubico's attestation
// root.
type CA struct {
	Cert *x509.Certificate
	key  crypto.Signer
}

// NewCA makes a self-signed test CA.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(20, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, key: key}, nil
}

// PEM returns the CA certificate in PEM form, for tools that take a file.
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// Pool returns a pool holding only this CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

func randomSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n.Add(n, big.NewInt(1))
}

// Yubico's attestation extensions (Yubico PIV attestation documentation).
var (
	oidFirmware   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 41482, 3, 3}
	oidSerial     = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 41482, 3, 7}
	oidPolicy     = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 41482, 3, 8}
	oidFormFactor = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 41482, 3, 9}
)

// attestationCert issues the card's own attestation certificate (slot f9).
func (ca *CA) attestationCert(key crypto.Signer, serial uint32) (*x509.Certificate, error) {
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "Yubico PIV Attestation", SerialNumber: fmt.Sprint(serial)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// attest issues the certificate that ATTEST returns for a slot: the slot's
// public key, signed by the card's attestation key.
func (c *Card) attest(slot byte, s *slotKey) ([]byte, error) {
	serial, err := asn1.Marshal(int64(c.serial))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: fmt.Sprintf("YubiKey PIV Attestation %02x", slot)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(10, 0, 0),
		ExtraExtensions: []pkix.Extension{
			{Id: oidFirmware, Value: c.version[:]},
			{Id: oidSerial, Value: serial},
			{Id: oidPolicy, Value: []byte{s.pinPolicy, s.touchPolicy}},
			{Id: oidFormFactor, Value: []byte{c.formFactor}},
		},
	}
	return x509.CreateCertificate(rand.Reader, tmpl, c.attestCert, s.key.Public(), c.attestKey)
}

// slotCertificate makes a self-signed certificate for a slot's key.
func slotCertificate(key crypto.Signer, subject string, notAfter time.Time) ([]byte, error) {
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: subject},
		NotBefore:    notAfter.AddDate(-1, 0, 0),
		NotAfter:     notAfter,
	}
	if tmpl.NotBefore.After(time.Now()) {
		tmpl.NotBefore = time.Now().Add(-time.Hour)
	}
	return x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
}

// certObject wraps a DER certificate as the PIV certificate data object
// content (NIST SP 800-73-4 part 1, table 10): 70 cert, 71 CertInfo, FE LRC.
func certObject(der []byte) []byte {
	b := tlv(0x70, der)
	b = append(b, tlv(0x71, []byte{0})...)
	return append(b, tlv(0xfe, nil)...)
}
