//go:build !unix

package vault

import "os"

// lockOpenFlags opens (creating) the lock file; Windows has neither
// named pipes in the file system nor O_NOFOLLOW, and newLock refuses a
// link beforehand.
const lockOpenFlags = os.O_CREATE | os.O_RDONLY
