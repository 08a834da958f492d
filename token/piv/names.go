package piv

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"fmt"

	"github.com/go-piv/piv-go/v2/piv"
)

// Names follow ykman's spelling, lower case, so that output reads the same
// as Yubico's tools.

func algorithmName(a piv.Algorithm) string {
	switch a {
	case piv.AlgorithmEC256:
		return "eccp256"
	case piv.AlgorithmEC384:
		return "eccp384"
	case piv.AlgorithmEd25519:
		return "ed25519"
	case piv.AlgorithmX25519:
		return "x25519"
	case piv.AlgorithmRSA1024:
		return "rsa1024"
	case piv.AlgorithmRSA2048:
		return "rsa2048"
	case piv.AlgorithmRSA3072:
		return "rsa3072"
	case piv.AlgorithmRSA4096:
		return "rsa4096"
	}
	return "unknown"
}

func publicKeyAlgorithm(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		return fmt.Sprintf("eccp%d", k.Curve.Params().BitSize)
	case *rsa.PublicKey:
		return fmt.Sprintf("rsa%d", k.N.BitLen())
	case ed25519.PublicKey:
		return "ed25519"
	}
	return "unknown"
}

func pinPolicyName(p piv.PINPolicy) string {
	switch p {
	case piv.PINPolicyNever:
		return "never"
	case piv.PINPolicyOnce:
		return "once"
	case piv.PINPolicyAlways:
		return "always"
	case piv.PINPolicyMatchOnce:
		return "match_once"
	case piv.PINPolicyMatchAlways:
		return "match_always"
	}
	return "unknown"
}

func touchPolicyName(p piv.TouchPolicy) string {
	switch p {
	case piv.TouchPolicyNever:
		return "never"
	case piv.TouchPolicyAlways:
		return "always"
	case piv.TouchPolicyCached:
		return "cached"
	}
	return "unknown"
}

func originName(o piv.Origin) string {
	switch o {
	case piv.OriginGenerated:
		return "generated"
	case piv.OriginImported:
		return "imported"
	}
	return ""
}
