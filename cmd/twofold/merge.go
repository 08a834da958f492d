package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/twofoldmfa/twofold/token/vault"
)

// Merging copies of the vault: 'twofold merge FILE' by hand, and the
// conflict copies a sync tool leaves beside the vault, merged by every
// command that opens it (mergeCopies). The domain reports as data
// (vault.MergeReport); the words are here.

func runMerge(c *cli, args []string) error {
	fs := c.flags("merge")
	copyPassFile := fs.String("copy-passphrase-file", "", "read the copy's passphrase from this file (when it is not the vault's)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	path, err := c.path()
	if err != nil {
		return err
	}
	key, err := c.wayIn(path)
	if err != nil {
		return err
	}
	copyKey := key
	if *copyPassFile != "" {
		copyPass, err := readPassphraseFile(*copyPassFile)
		if err != nil {
			return err
		}
		copyKey = vault.Passphrase(copyPass)
	}
	rep, err := vault.MergeFile(path, key, pos[0], copyKey, c.wait.duration())
	var copyErr *vault.CopyError
	if errors.As(err, &copyErr) && errors.Is(err, vault.ErrWrongPassphrase) && *copyPassFile == "" {
		// The copy has a passphrase of its own: ask for it.
		copyPass, askErr := c.ask("Passphrase of the copy: ")
		if askErr != nil {
			return fmt.Errorf("%s does not open with the vault's passphrase: %w", pos[0], askErr)
		}
		rep, err = vault.MergeFile(path, key, pos[0], vault.Passphrase(copyPass), c.wait.duration())
	}
	if errors.As(err, &copyErr) {
		return fmt.Errorf("merging %s: %w", pos[0], copyErr.Err)
	}
	if err != nil {
		return describeVaultError(path, err)
	}
	c.sayMerge(rep, "the copy")
	if !rep.ChangesOurs() {
		fmt.Fprintf(c.stderr, "twofold: %s holds nothing the vault lacks; the vault is unchanged\n", pos[0])
	}
	return nil
}

// mergeCopies merges the conflict copies beside the vault at path (see
// vault.MergeConflictCopies) and says on stderr what it merged and what
// it left alone. Only an error of the vault itself is returned.
func (c *cli) mergeCopies(path string, key vault.Key) error {
	res, err := vault.MergeConflictCopies(path, key, c.wait.duration())
	for _, r := range res.Refused {
		fmt.Fprintf(c.stderr, "twofold: conflict copy %s left alone: %s\n", r.Copy.Path, refusalReason(r.Err))
	}
	if err != nil {
		return err
	}
	for _, m := range res.Merged {
		fmt.Fprintf(c.stderr, "twofold: merged %s's conflict copy %s into the vault\n", toolName(m.Copy.Tool), filepath.Base(m.Copy.Path))
		c.sayMerge(m.Report, "the copy")
		if !m.Removed {
			fmt.Fprintf(c.stderr, "twofold: could not remove %s (%v); its content is in the vault, remove it yourself\n", m.Copy.Path, m.RemoveErr)
		}
	}
	return nil
}

func refusalReason(err error) string {
	switch {
	case errors.Is(err, vault.ErrWrongPassphrase):
		return "it does not open with this vault's passphrase (merge it with 'twofold merge FILE', which asks for its own)"
	case errors.Is(err, vault.ErrNewerVersion):
		return "it was written by a newer version of Twofold"
	case errors.Is(err, vault.ErrCorrupt), errors.Is(err, vault.ErrNotVaultFile), errors.Is(err, vault.ErrWorkFactor):
		return "it is damaged or not a vault"
	}
	return err.Error()
}

func toolName(t vault.SyncTool) string {
	switch t {
	case vault.Syncthing:
		return "Syncthing"
	case vault.Dropbox:
		return "Dropbox or Nextcloud"
	case vault.OneDrive:
		return "OneDrive"
	}
	return string(t)
}

// sayMerge writes one line per record a merge took or kept, and per
// field both sides changed; other names the copy merged in.
func (c *cli) sayMerge(rep vault.MergeReport, other string) {
	side := func(s vault.Side) string {
		if s == vault.Theirs {
			return other
		}
		return "this vault"
	}
	for _, ch := range rep.Changes {
		what := recordWords(ch.Kind, ch.Name)
		switch ch.Change {
		case vault.Added:
			fmt.Fprintf(c.stderr, "  from %s: added %s\n", side(ch.Side), what)
		case vault.Edited:
			fmt.Fprintf(c.stderr, "  from %s: changed %s\n", side(ch.Side), what)
		case vault.Deleted:
			fmt.Fprintf(c.stderr, "  from %s: deleted %s\n", side(ch.Side), what)
		case vault.KeptOverDeletion:
			fmt.Fprintf(c.stderr, "  from %s: kept %s, deleted on the other side but changed here after\n", side(ch.Side), what)
		case vault.KeptBoth:
			fmt.Fprintf(c.stderr, "  from %s: kept %s as a seed of its own, since both sides changed its secret (delete the one that no longer works)\n", side(ch.Side), what)
		}
	}
	for _, cf := range rep.Conflicts {
		what := recordWords(cf.Kind, cf.Name)
		lost := side(1 - cf.Winner)
		if cf.Secret {
			fmt.Fprintf(c.stderr, "  both changed %s: kept the %s of %s (changed later); the one of %s differed\n", what, cf.Field, side(cf.Winner), lost)
			continue
		}
		fmt.Fprintf(c.stderr, "  both changed %s: kept the %s of %s (changed later), not %q from %s\n", what, strings.ReplaceAll(cf.Field, "_", " "), side(cf.Winner), cf.Lost, lost)
	}
}

func recordWords(kind vault.RecordKind, name string) string {
	switch kind {
	case vault.KeyRecordKind:
		return "key " + name
	case vault.RecoveryCodesRecord:
		return "the recovery codes of account " + name
	case vault.FactorRecord:
		return "factor " + name
	}
	return string(kind) + " " + name
}
