package vyubikey

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/hex"
	"testing"
)

func mustCard(t *testing.T, cfg Config) *Card {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// send transmits a hex APDU and returns data and status word.
func send(t *testing.T, c *Card, apdu string) ([]byte, int) {
	t.Helper()
	b, err := hex.DecodeString(apdu)
	if err != nil {
		t.Fatal(err)
	}
	resp, removed := c.Transmit(b)
	if removed || len(resp) < 2 {
		t.Fatalf("%s: response %x removed %v", apdu, resp, removed)
	}
	n := len(resp) - 2
	return resp[:n], int(resp[n])<<8 | int(resp[n+1])
}

func TestPINCounters(t *testing.T) {
	c := mustCard(t, Config{PIN: "654321"})
	send(t, c, "00a4040005a000000308")
	if _, s := send(t, c, "0020008000"); s != 0x63c3 {
		t.Errorf("empty VERIFY = %04x, want 63c3", s)
	}
	wrong := "00200080083132333435363738"
	if _, s := send(t, c, wrong); s != 0x63c2 {
		t.Errorf("wrong PIN = %04x", s)
	}
	if st := c.Stats(); st.PINAttempts != 1 || st.RetryQueries != 1 {
		t.Errorf("stats %+v", st)
	}
	send(t, c, wrong)
	if _, s := send(t, c, wrong); s != 0x6983 {
		t.Errorf("third wrong PIN = %04x, want blocked", s)
	}
	if _, s := send(t, c, "0020008008363534333231ffff"); s != 0x6983 {
		t.Errorf("right PIN after block = %04x", s)
	}
}

func TestChainingAndGetResponse(t *testing.T) {
	c := mustCard(t, Config{Slots: []SlotConfig{{Slot: "9a", Subject: string(bytes.Repeat([]byte("x"), 300))}}})
	send(t, c, "00a4040005a000000308")
	data, s := send(t, c, "00cb3fff055c035fc105")
	if s>>8 != 0x61 || len(data) != responseChunk {
		t.Fatalf("first chunk: %d bytes, %04x", len(data), s)
	}
	for s>>8 == 0x61 {
		var more []byte
		more, s = send(t, c, "00c0000000")
		data = append(data, more...)
	}
	if s != 0x9000 || data[0] != 0x53 {
		t.Fatalf("certificate object: %04x %x", s, data[:4])
	}
	// A chained PUT DATA needs the management key first.
	if _, s := send(t, c, "10db3fff035c0301"); s != 0x9000 {
		t.Errorf("chained part = %04x", s)
	}
	if _, s := send(t, c, "00db3fff085fc1025303010203"); s != 0x6982 {
		t.Errorf("unauthenticated PUT DATA = %04x", s)
	}
}

func TestParseCommandExtended(t *testing.T) {
	cmd, ok := parseCommand([]byte{0x00, 0xcb, 0x3f, 0xff, 0x00, 0x00, 0x03, 0x5c, 0x01, 0x7e, 0x00, 0x00})
	if !ok || !bytes.Equal(cmd.data, []byte{0x5c, 0x01, 0x7e}) {
		t.Errorf("extended APDU: %+v %v", cmd, ok)
	}
}

func TestATRChecksum(t *testing.T) {
	var x byte
	for _, b := range (&Card{}).ATR()[1:] {
		x ^= b
	}
	if x != 0 {
		t.Errorf("ATR check byte wrong: %x", x)
	}
}

// Key agreement in a retired slot: refused before the PIN, refused for
// another algorithm, then the x coordinate of the shared point.
func TestKeyAgreementInRetiredSlot(t *testing.T) {
	c := mustCard(t, Config{Slots: []SlotConfig{{Slot: "85", PINPolicy: "once", TouchPolicy: "always", NoCertificate: true}}})
	send(t, c, "00a4040005a000000308")
	meta, s := send(t, c, "00f70085")
	if s != 0x9000 {
		t.Fatalf("metadata of slot 85: %04x", s)
	}
	items, ok := parseTLVs(meta)
	if !ok || !bytes.Equal(items[0x02], []byte{pinOnce, touchAlways}) {
		t.Fatalf("slot 85 policies %x", items[0x02])
	}
	point, ok := parseTLVs(items[0x04])
	if !ok || len(point[0x86]) != 65 {
		t.Fatalf("slot 85 public key %x", items[0x04])
	}
	peer, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	body := append([]byte{0x82, 0x00, 0x85, 65}, peer.PublicKey().Bytes()...)
	apdu := func(alg byte) string {
		return hex.EncodeToString(append([]byte{0x00, 0x87, alg, 0x85, byte(len(body) + 2), 0x7c, byte(len(body))}, body...))
	}
	if _, s := send(t, c, apdu(algECCP256)); s != 0x6982 {
		t.Errorf("agreement before the PIN: %04x, want 6982", s)
	}
	send(t, c, "0020008008313233343536ffff")
	if _, s := send(t, c, apdu(algECCP384)); s != 0x6a86 {
		t.Errorf("agreement with the wrong algorithm: %04x, want 6a86", s)
	}
	resp, s := send(t, c, apdu(algECCP256))
	cardPub, err := ecdh.P256().NewPublicKey(point[0x86])
	if err != nil {
		t.Fatal(err)
	}
	want, err := peer.ECDH(cardPub)
	if err != nil {
		t.Fatal(err)
	}
	if s != 0x9000 || !bytes.Equal(resp, append([]byte{0x7c, 34, 0x82, 32}, want...)) {
		t.Errorf("agreement: %04x %x, want 7c22 8220 %x", s, resp, want)
	}
	if st := c.Stats(); st.Agreements != 1 || st.Touches != 1 {
		t.Errorf("stats %+v", st)
	}
}
