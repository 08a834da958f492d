package main

import (
	"strings"

	"github.com/twofoldmfa/twofold/token/transfer"
)

// isTransferLink tells a Google Authenticator transfer link, which 'add'
// hands to the import: it holds many seeds, or one code of several.
func isTransferLink(text string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), "otpauth-migration:")
}

// importLink imports the seeds of a transfer link given to 'add', as
// 'import' would: the seeds of this code are added, and the codes of its
// export still to come are named.
func (c *cli) importLink(link string) error {
	got := transfer.ParseCodes([]string{link})
	src, err := batchSource("link", got.Batches)
	if err != nil {
		return err
	}
	src.unread = got.Unread
	return c.importSources([]importSource{src}, false)
}

// importQR imports a QR image given to 'add' that holds a transfer code.
func (c *cli) importQR(path string) error {
	sources, err := c.readImports([]string{path}, "")
	if err != nil {
		return err
	}
	return c.importSources(sources, false)
}
