package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/twofoldmfa/twofold/token/keyring"
	"github.com/twofoldmfa/twofold/token/unlock"
	"github.com/twofoldmfa/twofold/token/vault"
)

// wayIn chooses how to open the vault at path: with --passphrase-file,
// the passphrase; else the desktop keyring when the vault has a keyring
// way and the keyring opens it; else an enrolled YubiKey plugged in, with
// its PIN; else the passphrase, asked. A way that fails is said in one
// line before the next is tried.
func (c *cli) wayIn(path string) (vault.Key, error) {
	if c.passphraseFile == "" {
		// An unreadable vault is said by the open that follows.
		if ways, err := vault.ReadWays(path); err == nil {
			if key := c.keyringWay(path, ways); key != nil {
				return key, nil
			}
			if key := c.yubiKeyWay(path, ways); key != nil {
				return key, nil
			}
		}
	}
	pass, err := c.passphrase("Vault passphrase: ")
	if err != nil {
		return nil, err
	}
	return vault.Passphrase(pass), nil
}

// keyringWay returns the key of the vault's keyring way when the keyring
// holds one that opens it, else nil.
func (c *cli) keyringWay(path string, ways []vault.Way) vault.Key {
	key, err := unlock.Keyring(c.keyring, path, ways)
	switch {
	case err == nil:
		fmt.Fprintln(c.stderr, "twofold: unlocking with the desktop keyring")
		return key
	case !errors.Is(err, unlock.ErrNoWay):
		fmt.Fprintf(c.stderr, "twofold: the desktop keyring did not open the vault: %s; trying the next way in\n", keyringProblem(err))
	}
	return nil
}

// keyringProblem words why the keyring way did not open the vault.
func keyringProblem(err error) string {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "its entry is no longer in the keyring (add it again with 'twofold unlock add keyring')"
	case errors.Is(err, keyring.ErrNotAKey), errors.Is(err, vault.ErrWrongKey):
		return "its entry in the keyring holds another key (add it again with 'twofold unlock add keyring')"
	}
	return err.Error()
}

func runUnlock(c *cli, args []string) error {
	fs := c.flags("unlock")
	asJSON := fs.Bool("json", false, "print JSON (list)")
	serial := fs.Uint("key", 0, "the YubiKey's serial number (yubikey)")
	slot := fs.String("slot", "82", "the retired PIV slot, 82 to 95 (add yubikey)")
	touch := fs.String("touch", "", "the touch policy of a key made in the slot: always, cached or never (add yubikey; default: the key's)")
	pos, err := parse(fs, args, 1, 2)
	if err != nil {
		return err
	}
	if len(pos) == 2 && pos[1] == "yubikey" && (pos[0] == "add" || pos[0] == "rm") {
		if *serial == 0 || *serial > 1<<32-1 {
			return usagef("unlock %s yubikey: give the key's serial number with --key SERIAL ('twofold keys' shows it)", pos[0])
		}
		if pos[0] == "add" {
			return c.addYubiKeyWay(uint32(*serial), *slot, *touch)
		}
		return c.removeYubiKeyWay(uint32(*serial))
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		return c.listWays(*asJSON)
	case pos[0] == "add" && len(pos) == 2 && pos[1] == "keyring":
		return c.addKeyringWay()
	case pos[0] == "rm" && len(pos) == 2 && pos[1] == "keyring":
		return c.removeKeyringWay()
	}
	return usagef("unlock: want 'unlock list [--json]', 'unlock add keyring|yubikey' or 'unlock rm keyring|yubikey'")
}

// listWays prints the ways in, read without opening the vault.
func (c *cli) listWays(asJSON bool) error {
	path, err := c.path()
	if err != nil {
		return err
	}
	ways, err := vault.ReadWays(path)
	if err != nil {
		return describeVaultError(path, fmt.Errorf("reading vault: %w", err))
	}
	if asJSON {
		return writeJSON(c, ways)
	}
	for _, w := range ways {
		switch w.Kind {
		case vault.WayKeyring:
			fmt.Fprintf(c.stdout, "keyring     the desktop keyring (entry %q)\n", w.Item)
		case vault.WayYubiKey:
			fmt.Fprintf(c.stdout, "yubikey     YubiKey %d, slot %s\n", w.Serial, w.Slot)
		default:
			fmt.Fprintf(c.stdout, "passphrase  the passphrase\n")
		}
	}
	return nil
}

// addKeyringWay keeps a new random key in the keyring and adds the way
// it opens, in place of any keyring way the vault had.
func (c *cli) addKeyringWay() error {
	var item, old string
	secret := make([]byte, vault.KeyringSecretSize)
	defer clear(secret)
	err := c.editLocked(func(v *vault.Vault) error {
		for _, w := range v.Ways() {
			if w.Kind == vault.WayKeyring {
				old = w.Item
			}
		}
		id := make([]byte, 8)
		if _, err := rand.Read(id); err != nil {
			return err
		}
		if _, err := rand.Read(secret); err != nil {
			return err
		}
		item = "vault-" + hex.EncodeToString(id)
		if err := c.keyring.Set(item, secret); err != nil {
			item = ""
			return fmt.Errorf("unlock add keyring: %w", err)
		}
		return v.AddKeyring(item, secret)
	})
	if err != nil {
		if item != "" {
			c.keyring.Delete(item) // the vault does not name it
		}
		return err
	}
	if old != "" {
		c.deleteKeyringEntry(old)
	}
	fmt.Fprintln(c.stdout, "The desktop keyring now opens the vault: commands in this session need no passphrase.")
	return nil
}

// removeKeyringWay removes the keyring way and its keyring entry.
func (c *cli) removeKeyringWay() error {
	var item string
	err := c.editLocked(func(v *vault.Vault) (err error) {
		item, err = v.RemoveKeyring()
		if errors.Is(err, vault.ErrNoSuchWay) {
			return errors.New("unlock rm keyring: the vault has no keyring way in")
		}
		return err
	})
	if err != nil {
		return err
	}
	c.deleteKeyringEntry(item)
	fmt.Fprintln(c.stdout, "The desktop keyring no longer opens the vault.")
	return nil
}

// deleteKeyringEntry deletes an entry the vault no longer names; one
// that cannot be deleted is said, and is harmless (it opens nothing).
func (c *cli) deleteKeyringEntry(item string) {
	if err := c.keyring.Delete(item); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		fmt.Fprintf(c.stderr, "twofold: the keyring entry %q stays in the keyring (it opens nothing now): %v\n", item, err)
	}
}
