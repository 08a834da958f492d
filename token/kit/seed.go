package kit

import (
	"fmt"

	"github.com/signintech/gopdf"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/aws"
	"github.com/twofoldmfa/twofold/token/qr"
)

const (
	qrSize = 150.0 // points on paper, about 53 mm: a phone reads it from afar
	// qrModule is the pixels per QR module: an integral scale keeps every
	// module the same size, so the code stays sharp when rendered.
	qrModule = 4
	qrGap    = 16.0
)

// seed writes one seed's block: its QR code on the left, and on the right
// its names, its secret in groups of four and how it makes codes. The
// block is never split across pages.
func (k *kit) seed(s token.Seed) {
	img, err := qr.Image(s.URI(), -qrModule)
	if err != nil {
		k.setErr(fmt.Errorf("QR code of %s: %w", s.Label(), err))
		return
	}
	x := margin + qrSize + qrGap
	width := margin + k.width() - x
	type line struct {
		text string
		st   style
	}
	var lines []line
	add := func(text string, st style) {
		for _, l := range k.wrap(text, st, width) {
			lines = append(lines, line{l, st})
		}
	}
	add(orNameless(s.Issuer), strong)
	add(s.Account, body)
	add("Secret (base32):", small)
	add(token.GroupSecret(s.Secret), secret)
	add(howItWorks(s), small)
	if d, ok := aws.Recognize(s); ok {
		add(fmt.Sprintf("AWS virtual MFA device %s of account %s.", d.Name, d.Account), small)
	}
	add(history(s), small)
	h := 0.0
	for _, l := range lines {
		h += k.lineHeight(l.st)
	}
	k.need(max(h, qrSize) + 12)
	top := k.y + 6
	k.setErr(k.pdf.ImageFrom(img, margin, top, &gopdf.Rect{W: qrSize, H: qrSize}))
	y := top
	for _, l := range lines {
		k.drawLine(x, y, l.text, l.st, false)
		y += k.lineHeight(l.st)
	}
	k.y = top + max(h, qrSize) + 6
}

func orNameless(issuer string) string {
	if issuer == "" {
		return "(no issuer)"
	}
	return issuer
}

// howItWorks says how the seed makes codes, for typing it in by hand.
func howItWorks(s token.Seed) string {
	if s.Kind == token.HOTP {
		return fmt.Sprintf("Counter-based (HOTP), %s, %d digits; counter %d when printed (it moves on with each code used).", s.Algorithm, s.Digits, s.Counter)
	}
	return fmt.Sprintf("Time-based (TOTP), %s, %d digits, a new code every %d s.", s.Algorithm, s.Digits, s.Period)
}

// history says when the seed was added and last proved on another device.
func history(s token.Seed) string {
	out := ""
	if !s.Added.IsZero() {
		out = "Added " + s.Added.UTC().Format("2006-01-02") + ". "
	}
	switch {
	case s.Verified.IsZero():
		out += "Never verified on a second device."
	case s.VerifiedOn != "":
		out += fmt.Sprintf("Verified on %s, %s.", s.VerifiedOn, s.Verified.UTC().Format("2006-01-02"))
	default:
		out += "Verified on a second device, " + s.Verified.UTC().Format("2006-01-02") + "."
	}
	return out
}
