package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version and commit are the release this binary was built as and the
// commit it was built from; release builds (make dist) set both with
// -ldflags "-X main.version=0.1.0 -X main.commit=0123456789ab", the version
// taken from FyneApp.toml. Other builds say what the Go toolchain recorded
// (the module version, and the commit when built in a clone).
var version, commit = "", ""

// versionLine is what 'twofold --version' prints.
func versionLine() string {
	v, rev := version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if rev == "" && s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if rev != "" {
		rev = " (commit " + rev + ")"
	}
	return fmt.Sprintf("twofold %s%s, %s %s/%s", v, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// helpRequest is returned by parse and dispatch when a command was asked
// for its help (-h, --help, or 'twofold help COMMAND'); report prints the
// help and exits 0.
type helpRequest struct {
	name  string        // "qr", "account add"
	flags *flag.FlagSet // nil for a group of subcommands
	subs  []subcommand  // the group's verbs, when flags is nil
}

func (h helpRequest) Error() string { return "help requested for " + h.name }

// usage prints the list of commands.
func (c *cli) usage() {
	fmt.Fprintln(c.stdout, "usage: twofold [--vault PATH] [--passphrase-file PATH] [--pin-file PATH] [--wait DURATION] [COMMAND [ARGS]]")
	fmt.Fprintln(c.stdout, "\nWith no command, opens the Twofold window. Commands:")
	for _, cmd := range commands {
		fmt.Fprintf(c.stdout, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(c.stdout, "\n'twofold help COMMAND' shows a command's arguments and every option;")
	fmt.Fprintln(c.stdout, "'twofold --version' the version.")
	fmt.Fprintln(c.stdout, "Environment: TWOFOLD_VAULT, TWOFOLD_PASSPHRASE_FILE stand in for the flags.")
}

// runHelp is 'twofold help [COMMAND [SUBCOMMAND]]'.
func (c *cli) runHelp(args []string) error {
	if len(args) == 0 {
		c.usage()
		return nil
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return cmd.run(c, append(append([]string{}, args[1:]...), "--help"))
		}
	}
	return usagef("help: unknown command %q (try 'twofold help')", args[0])
}

// printHelp prints one command's help: its usage lines from the command
// table, and each of its options or verbs.
func (c *cli) printHelp(h helpRequest) {
	top, sub, _ := strings.Cut(h.name, " ")
	for _, cmd := range commands {
		if cmd.name != top {
			continue
		}
		for _, form := range strings.Split(cmd.args, " | ") {
			if sub == "" || form == sub || strings.HasPrefix(form, sub+" ") {
				fmt.Fprintf(c.stdout, "usage: twofold %s %s\n", top, form)
			}
		}
		fmt.Fprintf(c.stdout, "\n%s.\n", strings.ToUpper(cmd.summary[:1])+cmd.summary[1:])
	}
	if h.flags == nil {
		fmt.Fprintln(c.stdout, "\nVerbs (each has its own help: 'twofold help "+top+" VERB'):")
		for _, s := range h.subs {
			fmt.Fprintf(c.stdout, "  %s\n", s.name)
		}
		return
	}
	globals := c.globalFlagNames()
	var lines []string
	h.flags.VisitAll(func(f *flag.Flag) {
		if !globals[f.Name] {
			lines = append(lines, optionLine(f))
		}
	})
	if len(lines) > 0 {
		fmt.Fprintln(c.stdout, "\nOptions:")
		fmt.Fprint(c.stdout, strings.Join(lines, ""))
	}
	fmt.Fprintln(c.stdout, "\nGlobal options (before or after the command): --vault PATH, --passphrase-file PATH, --pin-file PATH, --wait DURATION.")
}

// optionLine words one option: its name, the kind of value it takes, what
// it does and its default when that says something.
func optionLine(f *flag.Flag) string {
	dashes := "--"
	if len(f.Name) == 1 {
		dashes = "-"
	}
	kind, usage := flag.UnquoteUsage(f)
	name := dashes + f.Name
	switch kind {
	case "":
	case "string":
		name += " TEXT"
	case "int", "uint":
		name += " N"
	default:
		name += " " + strings.ToUpper(kind)
	}
	line := fmt.Sprintf("  %-28s %s", name, usage)
	if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && !strings.Contains(usage, "default") {
		line += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	return line + "\n"
}

// globalFlagNames are the options every command accepts.
func (c *cli) globalFlagNames() map[string]bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	probe := *c
	probe.globalFlags(fs)
	names := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
}
