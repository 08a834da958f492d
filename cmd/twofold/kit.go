package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/twofoldmfa/twofold/token/kit"
)

func runKit(c *cli, args []string) error {
	fs := c.flags("kit")
	out := fs.String("o", "", "write the kit as a PDF to this `FILE`")
	paper := fs.String("paper", string(kit.A4), "the paper size: a4 or letter")
	force := fs.Bool("force", false, "replace the file if it exists")
	language := fs.String("lang", "", "the kit's language: en or ja (default: the locale's, else en)")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("kit: give -o FILE.pdf")
	}
	size, err := kit.ParsePaper(*paper)
	if err != nil {
		return usagef("kit: --paper: %v", err)
	}
	words := localeLanguage()
	if *language != "" {
		if words, err = kit.ParseLanguage(*language); err != nil {
			return usagef("kit: --lang: %v", err)
		}
	}
	// Refuse before the passphrase is asked; writeSecret checks again
	// when the kit is ready (a link is replaced, never followed).
	existing, err := os.Lstat(*out)
	switch {
	case err == nil && existing.IsDir():
		return fmt.Errorf("kit: %s is a directory", *out)
	case err == nil && !*force:
		return fmt.Errorf("kit: %s exists (use --force to replace it)", *out)
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "twofold: %s\n", kit.Warning(len(v.Data.Seeds)))
	if w := kit.CodesWarning(v.Data.RecoveryCodes); w != "" {
		fmt.Fprintf(c.stderr, "twofold: %s\n", w)
	}
	var pdf bytes.Buffer
	err = kit.Write(&pdf, kit.Input{Seeds: v.Data.Seeds, Accounts: v.Data.Accounts, Keys: v.Data.Keys, Paper: size, RecoveryCodes: v.Data.RecoveryCodes, Language: words}, c.now())
	if err != nil {
		return fmt.Errorf("kit: %w", err)
	}
	if err := c.writeSecret(*out, pdf.Bytes(), *force); err != nil {
		return fmt.Errorf("kit: %w", err)
	}
	fmt.Fprintf(c.stdout, "Wrote %s: %s and %s on %s paper.\n", *out, count(len(v.Data.Accounts), "account"), count(len(v.Data.Seeds), "seed"), paperName(size))
	return nil
}

func paperName(p kit.Paper) string {
	if p == kit.Letter {
		return "Letter"
	}
	return "A4"
}

// localeLanguage is the kit language of the user's locale, as gettext
// reads it (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG); English where the
// kit has no words for it.
func localeLanguage() kit.Language {
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v, _, _ := strings.Cut(os.Getenv(name), ":")
		if v == "" {
			continue
		}
		if l, err := kit.ParseLanguage(v); err == nil {
			return l
		}
		return kit.English
	}
	return kit.English
}
