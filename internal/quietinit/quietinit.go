// Package quietinit keeps package-initialisation log noise off stderr.
//
// Fyne's lang package logs "Error parsing user locale C" from its init
// function whenever the locale is C or POSIX (the default in containers
// and CI, e.g. LANG=C.UTF-8). That would put three stray lines before
// every command's output. Go initialises packages in import-path order
// among those whose imports are ready, so this package lives in its own
// module whose path sorts before "fyne.io" and runs first. It silences
// the standard logger only while packages initialise; main calls Restore
// before doing anything else.
package quietinit

import (
	"io"
	"log"
	"os"
)

func init() { log.SetOutput(io.Discard) }

// Restore sends the standard logger to stderr again.
func Restore() { log.SetOutput(os.Stderr) }
