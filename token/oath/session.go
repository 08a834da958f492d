package oath

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"fmt"

	"github.com/twofoldmfa/twofold/token/smartcard"
)

// Transport exchanges one APDU with the card. smartcard.Card satisfies it.
type Transport = smartcard.Transmitter

// Session is the OATH application selected on one key.
type Session struct {
	t         Transport
	Version   [3]byte // firmware version
	salt      []byte
	challenge []byte // set when the application is password protected
}

// Select selects the OATH application and reads its version and salt.
func Select(t Transport) (*Session, error) {
	b, err := send(t, insSelect, 0x04, 0x00, aid)
	if err != nil {
		if _, ok := err.(*StatusError); ok {
			return nil, ErrNoOATH
		}
		return nil, fmt.Errorf("selecting OATH: %w", err)
	}
	items, err := parseTLVs(b)
	if err != nil {
		return nil, fmt.Errorf("selecting OATH: %w", err)
	}
	s := &Session{t: t}
	if v, ok := find(items, tagVersion); ok && len(v) == 3 {
		copy(s.Version[:], v)
	}
	s.salt, _ = find(items, tagName)
	s.challenge, _ = find(items, tagChallenge)
	return s, nil
}

// Locked reports whether the application needs the access password.
func (s *Session) Locked() bool { return len(s.challenge) > 0 }

// Capacity is how many credentials the firmware holds.
func (s *Session) Capacity() int {
	if int(s.Version[0])<<16|int(s.Version[1])<<8|int(s.Version[2]) >= firmwareCapacity57 {
		return capacityFrom57
	}
	return capacityBefore57
}

// deriveKey is the access key of the YKOATH specification:
// PBKDF2-HMAC-SHA1(password, salt, 1000 iterations, 16 bytes).
func (s *Session) deriveKey(password []byte) ([]byte, error) {
	return pbkdf2.Key(sha1.New, string(password), s.salt, passwordIterations, passwordKeyLength)
}

func hmacSHA1(key, msg []byte) []byte {
	m := hmac.New(sha1.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// Validate unlocks the application with password and checks the card's
// answer to our own challenge, so a card that does not know the key cannot
// pass for one that does. A wrong password gives ErrWrongPassword.
func (s *Session) Validate(password []byte) error {
	if !s.Locked() {
		return nil
	}
	key, err := s.deriveKey(password)
	if err != nil {
		return fmt.Errorf("deriving the access key: %w", err)
	}
	ours := make([]byte, challengeLength)
	if _, err := rand.Read(ours); err != nil {
		return err
	}
	data := appendTLV(nil, tagResponse, hmacSHA1(key, s.challenge))
	data = appendTLV(data, tagChallenge, ours)
	b, err := send(s.t, insValidate, 0, 0, data)
	if err != nil {
		return fmt.Errorf("validating: %w", err)
	}
	items, err := parseTLVs(b)
	if err != nil {
		return fmt.Errorf("validating: %w", err)
	}
	if got, ok := find(items, tagResponse); !ok || !hmac.Equal(got, hmacSHA1(key, ours)) {
		return fmt.Errorf("validating: the key's answer does not prove it knows the password")
	}
	s.challenge = nil
	return nil
}

// SetPassword sets the access password; an empty one removes it. The
// session must be unlocked.
func (s *Session) SetPassword(password []byte) error {
	var data []byte
	if len(password) == 0 {
		data = appendTLV(nil, tagKey, nil)
	} else {
		key, err := s.deriveKey(password)
		if err != nil {
			return fmt.Errorf("deriving the access key: %w", err)
		}
		challenge := make([]byte, challengeLength)
		if _, err := rand.Read(challenge); err != nil {
			return err
		}
		data = appendTLV(nil, tagKey, append([]byte{typeTOTP | algoSHA1}, key...))
		data = appendTLV(data, tagChallenge, challenge)
		data = appendTLV(data, tagResponse, hmacSHA1(key, challenge))
	}
	if _, err := send(s.t, insSetCode, 0, 0, data); err != nil {
		return fmt.Errorf("setting the access password: %w", err)
	}
	return nil
}

// send transmits one command, follows SEND REMAINING while the card
// answers 61xx, and turns a final status other than 9000 into an error.
func send(t Transport, ins, p1, p2 byte, data []byte) ([]byte, error) {
	apdu := []byte{0x00, ins, p1, p2}
	if len(data) > 0 {
		if len(data) > 0xFF {
			return nil, fmt.Errorf("command data of %d bytes does not fit a short APDU", len(data))
		}
		apdu = append(append(apdu, byte(len(data))), data...)
	}
	out, sw, err := smartcard.Exchange(t, apdu, []byte{0x00, insSendRemaining, 0x00, 0x00, 0x00})
	if err != nil {
		return nil, err
	}
	if sw != swOK {
		return nil, statusErr(ins, sw)
	}
	return out, nil
}
