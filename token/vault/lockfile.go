package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/gofrs/flock"
)

// ErrLockFile is returned when PATH.lock is something other than a
// regular file: a symbolic link (which the lock's creation would follow
// outside the vault's directory), a named pipe (which would block the
// open past any wait), a directory or a device. Nothing is created or
// waited on; the person removes it.
var ErrLockFile = errors.New("the vault's lock file is not a regular file")

// newLock returns the lock of the vault at path, refusing a lock file
// that is not a regular file. The open itself neither follows a link nor
// blocks (lockOpenFlags), for a file swapped in after the check.
func newLock(path string) (*flock.Flock, error) {
	lockPath := path + ".lock"
	info, err := os.Lstat(lockPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("checking the lock file: %w", err)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%w: %s is a %s; remove it", ErrLockFile, lockPath, fileType(info.Mode()))
	}
	return flock.New(lockPath, flock.SetFlag(lockOpenFlags), flock.SetPermissions(0o600)), nil
}
