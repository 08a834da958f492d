//go:build !(cgo && (linux || darwin || freebsd))

package piv

import "errors"

var errUnsupported = errors.New("reading hardware keys is not supported on this platform yet")

type scContext struct{}

func newContext() (*scContext, error)                        { return nil, errUnsupported }
func (c *scContext) Close() error                            { return nil }
func (c *scContext) readers() ([]string, error)              { return nil, errUnsupported }
func (c *scContext) status([]string) ([]ReaderStatus, error) { return nil, errUnsupported }
func (c *scContext) connect(string) (*scCard, error)         { return nil, errUnsupported }

type scCard struct{ reset bool }

func (k *scCard) Close() error                            { return nil }
func (k *scCard) transmit([]byte) ([]byte, uint16, error) { return nil, 0, errUnsupported }
