package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/twofoldmfa/twofold/token/transfer"
)

// exportPNGSize is the side of an exported transfer code in pixels: ten
// seeds make a dense code, which a phone reads best when it is large.
const exportPNGSize = 768

func runExport(c *cli, args []string) error {
	return dispatch(c, "export", []subcommand{
		{"google", runExportGoogle}, {"uris", runExportURIs}, {"backup", runExportBackup},
	}, args)
}

func runExportGoogle(c *cli, args []string) error {
	fs := c.flags("export google")
	dir := fs.String("o", "", "write the codes as PNG files into the directory `DIR`")
	asURIs := fs.Bool("uris", false, "print the otpauth-migration links, one a line, instead")
	force := fs.Bool("force", false, "overwrite files that exist")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if (*dir == "") == !*asURIs {
		return usagef("export google: give -o DIR or --uris")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	links, refused := transfer.EncodeMigration(v.Data.Seeds, transfer.NewBatchID())
	for _, r := range refused {
		fmt.Fprintf(c.stderr, "twofold: left out %s: %v\n", r.Seed.Label(), r.Reason)
	}
	if len(links) == 0 {
		return errors.New("export google: no seed fits Google Authenticator's format")
	}
	// The warning follows what it warns about: said before a refusal to
	// overwrite, it would describe files never written.
	warn := func() {
		fmt.Fprintf(c.stderr, "twofold: %s the secrets of %s: anyone who sees them can make their codes. Scan them only with your own phone, then delete them.\n",
			theseCodes(len(links)), count(len(v.Data.Seeds)-len(refused), "seed"))
	}
	if *asURIs {
		warn()
		for _, l := range links {
			fmt.Fprintln(c.stdout, l)
		}
		return nil
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return fmt.Errorf("export google: %w", err)
	}
	codes, _, err := transfer.MigrationCodes(v.Data.Seeds, exportPNGSize)
	if err != nil {
		return fmt.Errorf("export google: %w", err)
	}
	var written []string
	for i, code := range codes {
		path := filepath.Join(*dir, fmt.Sprintf("export-%02d-of-%02d.png", i+1, len(codes)))
		if err = c.writeSecret(path, code.PNG, *force); err == nil {
			written = append(written, path)
			continue
		}
		if len(written) == 0 {
			return fmt.Errorf("export google: %w", err)
		}
		for _, p := range written {
			os.Remove(p)
		}
		return fmt.Errorf("export google: %w (the %s written before removed)", err, count(len(written), "file was", "files were"))
	}
	warn()
	for _, p := range written {
		fmt.Fprintln(c.stdout, p)
	}
	return nil
}

func runExportURIs(c *cli, args []string) error {
	fs := c.flags("export uris")
	out := fs.String("o", "", "write the links to this `FILE` instead of stdout")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	warn := func() {
		fmt.Fprintf(c.stderr, "twofold: %s in clear: anyone who reads them can make their codes.\n", count(len(v.Data.Seeds), "otpauth link holds a seed's secret", "otpauth links hold the seeds' secrets"))
	}
	text := transfer.FormatURIList(v.Data.Seeds)
	if *out == "" {
		warn()
		_, err := c.stdout.Write(text)
		return err
	}
	if err := c.writeSecret(*out, text, *force); err != nil {
		return fmt.Errorf("export uris: %w", err)
	}
	warn()
	return nil
}

func runExportBackup(c *cli, args []string) error {
	fs := c.flags("export backup")
	out := fs.String("o", "", "the backup `FILE` to write")
	passFile := fs.String("backup-passphrase-file", "", "read the backup's passphrase from this file (else asked twice)")
	force := fs.Bool("force", false, "overwrite the file if it exists")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export backup: give -o FILE")
	}
	if !*force {
		if _, err := os.Lstat(*out); err == nil {
			return fmt.Errorf("export backup: %s exists (use --force to overwrite)", *out)
		}
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	pass, err := c.newPassphrase(*passFile)
	if err != nil {
		return err
	}
	b, err := transfer.EncodeBackup(v.Data, pass)
	if err != nil {
		return fmt.Errorf("export backup: %w", err)
	}
	if err := c.writeSecret(*out, b, *force); err != nil {
		return fmt.Errorf("export backup: %w", err)
	}
	fmt.Fprintf(c.stderr, "twofold: wrote %s: %s and the inventory, encrypted under the backup's passphrase. Read it back with 'twofold import %s'.\n", *out, count(len(v.Data.Seeds), "seed"), *out)
	return nil
}

// theseCodes words how many transfer codes an export shows, with its verb.
func theseCodes(n int) string {
	if n == 1 {
		return "this code holds"
	}
	return fmt.Sprintf("these %d codes hold", n)
}
