//go:build unix

package main

import "syscall"

// oNonBlock makes opening a named pipe return at once, even with no
// writer at the other end; reads then wait for data as usual, and see
// the end of the file at once when there is no writer.
const oNonBlock = syscall.O_NONBLOCK
