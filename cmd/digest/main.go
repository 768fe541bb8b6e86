// Command digest builds a news-digest website from raw news text and
// Markdown stories.
//
//	digest build [-src DIR] [-out DIR] [-base-url URL] [-drafts]
//	digest serve [-addr 127.0.0.1:1313]
//	digest parse [-format=json|text] FILE...
//	digest version
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// version is set at link time with -ldflags "-X main.version=...".
var version = "dev"

// errUsage marks misuse of the command line: main exits 2 on it.
var errUsage = errors.New("usage")

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "digest:", err)
		os.Exit(1)
	}
}

const usage = `digest turns raw news text and Markdown stories into a tagged news-digest site.

Usage:
  digest build [-src DIR] [-out DIR] [-base-url URL] [-drafts]
  digest serve [-addr 127.0.0.1:1313]
  digest parse [-format=json|text] FILE...
  digest version

Run "digest COMMAND -h" for a command's flags.
`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "parse":
		return runParse(rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "digest", version)
		return nil
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "digest: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

// newFlagSet returns a FlagSet that reports misuse as errUsage and prints
// its usage to stderr.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: digest %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors other than -h into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
