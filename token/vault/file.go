package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxFileSize bounds a vault file read from disk. A vault of thousands of
// seeds and accounts is well under a megabyte; anything near this size is
// not a vault, and reading it whole would only cost memory.
const MaxFileSize = 64 << 20

// ErrNotVaultFile is returned when the vault path names something that
// cannot be a vault: a directory, a FIFO, a device, a socket, or a file
// larger than MaxFileSize. It is refused before any of it is read.
var ErrNotVaultFile = errors.New("not a vault file")

// readVaultFile reads the file at path, refusing anything but a regular
// file of at most MaxFileSize bytes. The open is non-blocking, so a FIFO
// put in place between the check and the open cannot make it hang; the
// file is checked again once open.
func readVaultFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkVaultFile(info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkVaultFile(info); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrNotVaultFile, MaxFileSize>>20)
	}
	return b, nil
}

func checkVaultFile(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is a %s, not a regular file", ErrNotVaultFile, info.Name(), fileType(info.Mode()))
	}
	if info.Size() > MaxFileSize {
		return fmt.Errorf("%w: %s is larger than %d MiB", ErrNotVaultFile, info.Name(), MaxFileSize>>20)
	}
	return nil
}

func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
