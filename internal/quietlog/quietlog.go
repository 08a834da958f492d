// Package quietlog keeps package-initialisation log noise off stderr.
//
// Fyne's lang package logs "Error parsing user locale C" from its init
// function whenever the locale is C.UTF-8 (the default in containers and
// CI), which would put three stray lines before every command's output.
// Go initialises packages in import-path order among those whose imports
// are ready; this package imports only io and log, so it becomes ready
// while Fyne's lang package still waits for text/template and the
// golang.org/x/text packages, and silences the standard logger first.
// main calls Restore before doing anything else. A test of the built
// command checks that the order holds.
package quietlog

import (
	"io"
	"log"
	"os"
)

func init() { log.SetOutput(io.Discard) }

// Restore sends the standard logger to stderr again, but for two known
// Fyne messages that report nothing wrong (known.go).
func Restore() { log.SetOutput(&filter{w: os.Stderr}) }
