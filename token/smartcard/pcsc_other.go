//go:build !windows && !(cgo && (linux || darwin || freebsd))

package smartcard

// Context is an open PC/SC context; on this platform none can be opened.
type Context struct{}

// Establish reports that this platform has no PC/SC binding.
func Establish() (*Context, error) { return nil, ErrUnsupported }

// Close does nothing.
func (c *Context) Close() error { return nil }

// Readers reports ErrUnsupported.
func (c *Context) Readers() ([]string, error) { return nil, ErrUnsupported }

// Status reports ErrUnsupported.
func (c *Context) Status([]string) ([]ReaderState, error) { return nil, ErrUnsupported }

// Connect reports ErrUnsupported.
func (c *Context) Connect(string) (*Card, error) { return nil, ErrUnsupported }

// Card is a connection to a card; on this platform none can be made.
type Card struct{}

// ResetOnClose does nothing.
func (k *Card) ResetOnClose() {}

// Close does nothing.
func (k *Card) Close() error { return nil }

// Transmit reports ErrUnsupported.
func (k *Card) Transmit([]byte) ([]byte, uint16, error) {
	_, _ = errEmptyAPDU, ErrMute
	return nil, 0, ErrUnsupported
}
