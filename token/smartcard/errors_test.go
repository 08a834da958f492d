package smartcard_test

import (
	"errors"
	"testing"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
	"github.com/twofoldmfa/twofold/token/smartcard"
)

func TestErrorCarriesCodeAndSentinel(t *testing.T) {
	for code, want := range map[uint32]error{
		smartcard.CodeRemovedCard:      smartcard.ErrRemoved,
		smartcard.CodeResetCard:        smartcard.ErrRemoved,
		smartcard.CodeNoSmartcard:      smartcard.ErrRemoved,
		smartcard.CodeSharingViolation: smartcard.ErrBusy,
		smartcard.CodeNoReaders:        smartcard.ErrNoReader,
	} {
		var err error = &smartcard.Error{Op: "SCardTransmit", Code: code}
		var se *smartcard.Error
		if !errors.As(err, &se) || se.Code != code || !errors.Is(err, want) {
			t.Errorf("%08X: %v, want %v", code, err, want)
		}
	}
	if err := (&smartcard.Error{Op: "SCardConnect", Code: 0x80100001}); err.Unwrap() != nil || err.Error() != "SCardConnect: PC/SC error 0x80100001" {
		t.Errorf("an unknown code: %q unwraps to %v", err, err.Unwrap())
	}
	if !errors.Is(smartcard.ErrMute, smartcard.ErrRemoved) {
		t.Error("a mute card is not a removed one")
	}
}

func TestKeyErrorsCarryData(t *testing.T) {
	var err error = &smartcard.MultipleKeysError{Serials: []uint32{10000001, 10000002}}
	var many *smartcard.MultipleKeysError
	if !errors.Is(err, smartcard.ErrMultipleKeys) || !errors.As(err, &many) || len(many.Serials) != 2 {
		t.Errorf("%v", err)
	}
	if got := err.Error(); got != "more than one YubiKey is plugged in (10000001, 10000002)" {
		t.Errorf("text %q", got)
	}
	err = &smartcard.NoSuchKeyError{Serial: 5}
	if !errors.Is(err, smartcard.ErrNoKey) || err.Error() != "YubiKey 5: no YubiKey found: plug one in" {
		t.Errorf("%v", err)
	}
}

// ReadSerial reads PIV's GET SERIAL on firmware 5 and the OTP
// application's before it, as Yubico's tools do; a card that is no
// YubiKey says so.
func TestReadSerial(t *testing.T) {
	for _, cfg := range []vyubikey.Config{
		{Serial: 10000001, Version: "5.4.3"},
		{Serial: 10000002, Version: "4.3.7"},
	} {
		card, err := vyubikey.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		sn, err := smartcard.ReadSerial(vyubikey.Direct{Card: card})
		if err != nil || sn != cfg.Serial {
			t.Errorf("firmware %s: serial %d, %v; want %d", cfg.Version, sn, err, cfg.Serial)
		}
	}
	card, err := vyubikey.New(vyubikey.Config{NotYubiKey: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := smartcard.ReadSerial(vyubikey.Direct{Card: card}); !errors.Is(err, smartcard.ErrNotYubiKey) {
		t.Errorf("a bank card: %v, want ErrNotYubiKey", err)
	}
}
