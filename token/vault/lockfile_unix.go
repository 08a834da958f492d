//go:build unix

package vault

import (
	"os"
	"syscall"
)

// lockOpenFlags opens (creating) the lock file without following a
// symbolic link and without blocking on a named pipe.
const lockOpenFlags = os.O_CREATE | os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
