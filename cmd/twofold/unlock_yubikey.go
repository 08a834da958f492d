package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/unlock"
	"github.com/twofoldmfa/twofold/token/vault"
)

// errNoPIN is returned when there is no file to read a PIN from and no
// terminal to ask on.
var errNoPIN = errors.New("no PIN: use --pin-file (or TWOFOLD_PIN_FILE) or run in a terminal")

// yubiKeyWay returns the key of the first enrolled YubiKey that is
// plugged in and opens the vault, else nil. A key that is not plugged in
// is passed over in silence; one whose slot holds another key is said
// (and gets no PIN), as is a wrong or blocked PIN, before the next way.
func (c *cli) yubiKeyWay(path string, ways []vault.Way) vault.Key {
	for _, w := range ways {
		if w.Kind != vault.WayYubiKey {
			continue
		}
		key, err := c.tryYubiKey(path, w)
		if err == nil {
			fmt.Fprintf(c.stderr, "twofold: unlocking with YubiKey %d\n", w.Serial)
			return key
		}
		if !unlock.NotPlugged(err) {
			fmt.Fprintf(c.stderr, "twofold: YubiKey %d did not open the vault: %s; trying the next way in\n", w.Serial, yubiKeyProblem(err))
		}
	}
	return nil
}

// tryYubiKey opens the key of w (no PIN for a slot holding another key)
// and unwraps the vault's slot with it, the PIN asked once; the shared
// secret is kept for the open that follows, so the key can be closed.
func (c *cli) tryYubiKey(path string, w vault.Way) (vault.Key, error) {
	y, err := unlock.OpenYubiKey(context.Background(), w)
	if err != nil {
		return nil, err
	}
	defer y.Close()
	key := c.yubiKeyKey(y)
	if err := vault.CheckKey(path, key); err != nil {
		return nil, err
	}
	return key, nil
}

// yubiKeyKey is y's key, the PIN from --pin-file or the terminal, a touch
// announced on stderr.
func (c *cli) yubiKeyKey(y *unlock.YubiKey) vault.Key {
	return y.Key(func(left int) (string, error) { return c.pin(y, left) },
		func() { fmt.Fprintf(c.stderr, "twofold: touch YubiKey %d when it blinks\n", y.Serial) })
}

// pin reads the PIN from --pin-file, or asks on the terminal with the
// tries left; from a file, tries left below the most are said first. A
// PIN that is not 6 to 8 characters (PIV's rule) is refused here, so it
// costs no try.
func (c *cli) pin(k *unlock.YubiKey, left int) (string, error) {
	p, err := c.readPIN(k, left)
	if err != nil {
		return "", err
	}
	if n := len(p); n < 6 || n > 8 {
		return "", fmt.Errorf("a PIN has 6 to 8 characters, not %d (nothing was sent to the key)", n)
	}
	return p, nil
}

func (c *cli) readPIN(k *unlock.YubiKey, left int) (string, error) {
	if c.pinFile != "" {
		if _, most, err := k.PINRetries(); err == nil && left < most {
			fmt.Fprintf(c.stderr, "twofold: YubiKey %d: %d PIN tries left\n", k.Serial, left)
		}
		line, err := readFirstLine(c.pinFile)
		if err != nil {
			return "", fmt.Errorf("reading PIN file %s: %w", c.pinFile, err)
		}
		return line, nil
	}
	p, err := c.ask(fmt.Sprintf("PIN of YubiKey %d (%d tries left): ", k.Serial, left))
	if errors.Is(err, errNoPassphrase) {
		return "", errNoPIN
	}
	return p, err
}

// yubiKeyProblem words why a YubiKey did not open the vault.
func yubiKeyProblem(err error) string {
	var wrong *piv.WrongPINError
	switch {
	case errors.As(err, &wrong):
		return fmt.Sprintf("wrong PIN (%d tries left)", wrong.Retries)
	case errors.Is(err, piv.ErrPINBlocked):
		return "its PIN is blocked (unblock it with the PUK: ykman piv access unblock-pin); no PIN was sent"
	case errors.Is(err, piv.ErrSlotMismatch), errors.Is(err, piv.ErrEmptySlot), errors.Is(err, piv.ErrNotP256):
		return err.Error() + " (a key with this serial, but not the slot key enrolled); no PIN was asked"
	}
	return err.Error()
}

func parseRetiredSlot(s string) (piv.RetiredSlot, error) {
	n, err := strconv.ParseUint(s, 16, 8)
	if err != nil || !piv.RetiredSlot(n).Valid() {
		return 0, fmt.Errorf("slot %q: %w", s, piv.ErrNotRetiredSlot)
	}
	return piv.RetiredSlot(n), nil
}

// addYubiKeyWay enrols the P-256 key in a retired slot of the key with
// serial (generated there, on the key, when the slot is empty), tries it
// with the PIN, and saves the vault with the new way.
func (c *cli) addYubiKeyWay(serial uint32, slotName, touch string) error {
	slot, err := parseRetiredSlot(slotName)
	if err != nil {
		return usagef("unlock add yubikey: --slot: %v", err)
	}
	if touch != "" && touch != "always" && touch != "cached" && touch != "never" {
		return usagef("unlock add yubikey: --touch: want always, cached or never")
	}
	// The vault is opened first (by any way in, this key's included), the
	// key after: it is held exclusively until the vault is saved.
	err = c.editLocked(func(v *vault.Vault) error {
		k, err := piv.OpenKey(context.Background(), serial)
		if err != nil {
			return fmt.Errorf("unlock add yubikey: %w", err)
		}
		defer k.Close()
		ak, err := c.enrolmentKey(k, slot, touch)
		if err != nil {
			return fmt.Errorf("unlock add yubikey: %w", err)
		}
		y, err := unlock.Enrolling(k, ak)
		if err != nil {
			return fmt.Errorf("unlock add yubikey: %w", err)
		}
		if err := v.AddYubiKey(y.Way()); err != nil {
			return fmt.Errorf("unlock add yubikey: %w", err)
		}
		if err := v.Opens(c.yubiKeyKey(y)); err != nil {
			return fmt.Errorf("unlock add yubikey: YubiKey %d did not open the vault: %s; nothing was changed", serial, yubiKeyProblem(err))
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "YubiKey %d (slot %s) now opens the vault, with its PIN.\n", serial, slot)
	return nil
}

// enrolmentKey is the P-256 key in slot, made there on the key when the
// slot is empty (PIN once, touch as asked or the key's default).
func (c *cli) enrolmentKey(k *piv.Key, slot piv.RetiredSlot, touch string) (piv.AgreementKey, error) {
	ak, err := k.Agreement(slot)
	switch {
	case errors.Is(err, piv.ErrEmptySlot):
		ak, err = k.Generate(slot, piv.Policies{PIN: "once", Touch: touch}, piv.Management{Default: true})
		if errors.Is(err, piv.ErrNotDefaultManagementKey) {
			return ak, fmt.Errorf("YubiKey %d's management key is not the factory one: make the key with 'ykman piv keys generate -a ECCP256 %s -' and run this again", k.Serial, slot)
		}
		if err == nil {
			fmt.Fprintf(c.stderr, "twofold: made a P-256 key in slot %s of YubiKey %d (PIN %s, touch %s)\n", slot, k.Serial, ak.PINPolicy, ak.TouchPolicy)
		}
		return ak, err
	case err != nil:
		return ak, err
	case touch != "" && touch != ak.TouchPolicy:
		return ak, fmt.Errorf("slot %s of YubiKey %d already holds a key whose touch policy is %s, not %s (choose another --slot)", slot, k.Serial, ak.TouchPolicy, touch)
	}
	return ak, nil
}

// removeYubiKeyWay removes the way in of the key with serial; the key
// itself is left as it is.
func (c *cli) removeYubiKeyWay(serial uint32) error {
	err := c.editLocked(func(v *vault.Vault) error {
		if err := v.RemoveYubiKey(serial); errors.Is(err, vault.ErrNoSuchWay) {
			return fmt.Errorf("unlock rm yubikey: YubiKey %d is not a way into the vault", serial)
		} else if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "YubiKey %d no longer opens the vault.\n", serial)
	return nil
}
