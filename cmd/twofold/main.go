// Command twofold is the Twofold MFA companion. With no subcommand it
// opens the desktop app; with one it runs that command and exits. This
// file is wiring only: the logic lives under token/ and ui/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"time"

	"github.com/twofoldmfa/twofold/internal/quietlog"
	"github.com/twofoldmfa/twofold/token/awsiam"
	"github.com/twofoldmfa/twofold/token/keyring"
	"github.com/twofoldmfa/twofold/token/oath"
	"github.com/twofoldmfa/twofold/token/piv"
	"github.com/twofoldmfa/twofold/token/screen"
	"github.com/twofoldmfa/twofold/token/vault"
)

// exitUsage is the exit status for a command line that makes no sense.
const exitUsage = 2

// exitLocked is the exit status when another process kept the vault
// locked for longer than --wait: sysexits.h's EX_TEMPFAIL, "try again".
const exitLocked = 75

// cli carries what every command needs: its streams, what it reaches
// outside the process through (deps), and the global options.
type cli struct {
	deps
	stdin          io.Reader
	stdout, stderr io.Writer
	vaultPath      string
	passphraseFile string
	pinFile        string   // --pin-file: a YubiKey's PIN, for opening the vault with it
	wait           waitFlag // --wait: how long a save waits for another writer's lock
}

// deps are the clock and the hardware and services the commands reach,
// all in one place: main gives the real ones (realDeps), tests fakes
// from the test-support packages (token/piv/pivtest, token/oath/oathtest,
// token/awsiam/iamtest).
type deps struct {
	now func() time.Time
	// keys reads the PIV state of the keys plugged in (a *piv.Scanner,
	// which also watches them for the app).
	keys keyLister
	// oath opens a key's OATH application.
	oath oath.Opener
	// capture takes a picture of every monitor (import --screen).
	capture func() ([]image.Image, error)
	// newIAM connects to IAM with a profile.
	newIAM func(ctx context.Context, profile string) (awsiam.IAM, error)
	// enrollClock is the clock 'aws enroll' waits on for the next code.
	enrollClock awsiam.Clock
	// lockWait is how long a save waits for another writer's lock when
	// --wait is not given.
	lockWait time.Duration
	// keyring is the desktop keyring of the keyring way in.
	keyring keyring.Store
}

// realDeps are the deps of the installed command.
func realDeps() deps {
	return deps{
		now:         time.Now,
		keys:        piv.NewScanner(),
		oath:        oath.PCSC{},
		capture:     screen.Capture,
		newIAM:      func(ctx context.Context, profile string) (awsiam.IAM, error) { return awsiam.New(ctx, profile) },
		enrollClock: awsiam.RealClock{},
		lockWait:    vault.DefaultLockWait,
		keyring:     keyring.OS{},
	}
}

// keyLister reads the hardware keys plugged in.
type keyLister interface {
	List(ctx context.Context) ([]piv.State, error)
}

// command is one subcommand.
type command struct {
	name    string
	args    string // usage after the name
	summary string
	run     func(c *cli, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "", "create a new vault", runInit},
		{"add", "- | URI | --qr IMAGE | --issuer I --account A --secret-file F [...] [--force]", "add a seed ('-': the link from standard input)", runAdd},
		{"list", "[--json]", "list the seeds", runList},
		{"code", "QUERY [--json] [--next] [--advance]", "show the current code of a seed", runCode},
		{"verify", "QUERY CODE [--device NAME]", "check the code another device shows for a seed", runVerify},
		{"qr", "QUERY [-o FILE.png] [--size PX]", "show a seed's backup QR code", runQR},
		{"rename", "QUERY [--issuer I] [--account A]", "rename a seed", runRename},
		{"rm", "QUERY [--yes]", "delete a seed", runRemove},
		{"passwd", "[--new-passphrase-file PATH]", "change the vault passphrase", runPasswd},
		{"keys", "[--json] | name SERIAL NICKNAME", "show the hardware keys plugged in and their state; name one", runKeys},
		{"check", "[--json] [--keys]", "the inventory findings: exit 0 when fine, 1 on a warning, 2 on failure", runCheck},
		{"account", "add NAME | edit QUERY | list | rm QUERY", "the accounts of the inventory", runAccount},
		{"import", "FILE... | - | --screen [--backup-passphrase-file PATH] [--json]", "add the seeds of Google, Aegis, 2FAS or Twofold exports, link lists and QR images", runImport},
		{"kit", "-o FILE.pdf [--paper a4|letter] [--force]", "print the emergency kit: every seed's QR code and secret, per account, as a PDF", runKit},
		{"export", "google -o DIR | google --uris | uris [-o FILE] | backup -o FILE", "write the seeds out for another app or as an encrypted backup", runExport},
		{"factor", "add ACCOUNT | rm | link | verify [...]", "the factors registered on an account", runFactor},
		{"aws", "sync [--profile P] [--json] | enroll --user NAME [...]", "what IAM has registered; enroll a virtual MFA device", runAWS},
		{"oath", "list | add QUERY | code QUERY | rm QUERY [--key SERIAL]", "seeds stored on YubiKeys (OATH)", runOATH},
		{"codes", "add ACCOUNT - [--replace] | add ACCOUNT --file F [--replace] | list ACCOUNT [--json] [--show] | use ACCOUNT CODE|- | rm ACCOUNT --yes",
			"an account's one-time recovery codes, kept encrypted: how many are left; mark one used", runCodes},
		{"unlock", "list [--json] | add keyring | rm keyring | add yubikey --key SERIAL [--slot 82..95] [--touch always|cached|never] | rm yubikey --key SERIAL",
			"the ways into the vault besides the passphrase: the desktop keyring, YubiKeys", runUnlock},
		{"merge", "FILE [--copy-passphrase-file PATH]", "merge another copy of the vault into it and say what came from each", runMerge},
	}
}

func main() {
	quietlog.Restore()
	limitMemory()
	c := &cli{deps: realDeps(), stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(c.main(os.Args[1:]))
}

// main runs the command line and returns the exit status.
func (c *cli) main(args []string) int {
	c.wait.def = c.lockWait
	global := flag.NewFlagSet("twofold", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	c.globalFlags(global)
	showVersion := global.Bool("version", false, "print the version")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage()
			return 0
		}
		fmt.Fprintf(c.stderr, "twofold: %v\n", err)
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(c.stdout, versionLine())
		return 0
	}
	args = global.Args()
	if len(args) == 0 {
		return c.report(runGUI(c))
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return c.report(cmd.run(c, args[1:]))
		}
	}
	if args[0] == "help" {
		return c.report(c.runHelp(args[1:]))
	}
	fmt.Fprintf(c.stderr, "twofold: unknown command %q (try 'twofold help')\n", args[0])
	return exitUsage
}

// exitError lets a command choose its exit status, with or without a
// message (check exits 1 for findings, having printed them).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks a command line that cannot be run as written.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// report prints err as one line and turns it into an exit status.
func (c *cli) report(err error) int {
	if err == nil {
		return 0
	}
	var help helpRequest
	if errors.As(err, &help) {
		c.printHelp(help)
		return 0
	}
	var exit *exitError
	if errors.As(err, &exit) {
		if exit.err != nil {
			fmt.Fprintf(c.stderr, "twofold: %v\n", exit.err)
		}
		return exit.code
	}
	fmt.Fprintf(c.stderr, "twofold: %v\n", err)
	var usage usageError
	if errors.As(err, &usage) || errors.Is(err, flag.ErrHelp) {
		return exitUsage
	}
	if errors.Is(err, vault.ErrLocked) {
		return exitLocked
	}
	return 1
}

// globalFlags registers the options every command accepts, before or
// after its name.
func (c *cli) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.vaultPath, "vault", firstNonEmpty(c.vaultPath, os.Getenv("TWOFOLD_VAULT")), "vault file")
	fs.StringVar(&c.passphraseFile, "passphrase-file", firstNonEmpty(c.passphraseFile, os.Getenv("TWOFOLD_PASSPHRASE_FILE")), "read the passphrase from this file")
	fs.StringVar(&c.pinFile, "pin-file", firstNonEmpty(c.pinFile, os.Getenv("TWOFOLD_PIN_FILE")), "read a YubiKey's PIN from this file, to open the vault with the key")
	fs.Var(&c.wait, "wait", "how long to wait for another process writing the vault, such as 2m (0: do not wait)")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// flags returns a flag set for a subcommand with the global options on it.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.globalFlags(fs)
	return fs
}

// parse parses flags and positional arguments in any order
// ("code aws --json" as well as "code --json aws") and checks the count of
// positional arguments against min and max.
func parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{name: fs.Name(), flags: fs}
			}
			return nil, usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if len(positional) < minArgs || len(positional) > maxArgs {
		return nil, usagef("%s: wrong number of arguments (see 'twofold help')", fs.Name())
	}
	return positional, nil
}
