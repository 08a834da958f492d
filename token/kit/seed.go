package kit

import (
	"cmp"
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
	add(cmp.Or(s.Issuer, k.w.noIssuer), strong)
	add(s.Account, body)
	add(k.w.secretLabel, small)
	add(token.GroupSecret(s.Secret), secret)
	add(k.howItWorks(s), small)
	if d, ok := aws.Recognize(s); ok {
		add(k.w.awsDevice(d.Name, d.Account), small)
	}
	add(k.history(s), small)
	h := 0.0
	for _, l := range lines {
		h += k.lineHeight(l.st)
	}
	k.need(max(h, qrSize) + 12)
	top := k.y + 6
	if !k.dry {
		img, err := qr.Image(s.URI(), -qrModule)
		if err != nil {
			k.setErr(fmt.Errorf("QR code of %s: %w", s.Label(), err))
			return
		}
		k.setErr(k.pdf.ImageFrom(img, margin, top, &gopdf.Rect{W: qrSize, H: qrSize}))
	}
	y := top
	for _, l := range lines {
		k.drawLine(x, y, l.text, l.st, false)
		y += k.lineHeight(l.st)
	}
	k.y = top + max(h, qrSize) + 6
}

// howItWorks says how the seed makes codes, for typing it in by hand.
func (k *kit) howItWorks(s token.Seed) string {
	if s.Kind == token.HOTP {
		return k.w.hotp(s.Algorithm, s.Digits, s.Counter)
	}
	return k.w.totp(s.Algorithm, s.Digits, s.Period)
}

// history says when the seed was added and last proved on another device.
func (k *kit) history(s token.Seed) string {
	out := ""
	if !s.Added.IsZero() {
		out = k.w.added(day(s.Added))
	}
	switch {
	case s.Verified.IsZero():
		out += k.w.neverVerified
	case s.VerifiedOn != "":
		out += k.w.verifiedOn(s.VerifiedOn, day(s.Verified))
	default:
		out += k.w.verified(day(s.Verified))
	}
	return out
}
