package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"digest": main,
	})
}

// TestScripts runs the CLI scripts in testdata/script: whole commands as a
// user types them, with their output and files checked.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}

// TestExitCodes checks how run reports misuse (exit 2), help (exit 0) and
// failure (exit 1).
func TestExitCodes(t *testing.T) {
	tests := []struct {
		args     []string
		wantErr  error // nil, errUsage, flag.ErrHelp, or errOther
		inStderr string
	}{
		{args: nil, wantErr: errUsage, inStderr: "Usage:"},
		{args: []string{"bogus"}, wantErr: errUsage, inStderr: `unknown command "bogus"`},
		{args: []string{"build", "-nope"}, wantErr: errUsage, inStderr: "flag provided but not defined"},
		{args: []string{"build", "extra"}, wantErr: errUsage, inStderr: `unexpected argument "extra"`},
		{args: []string{"build", "-h"}, wantErr: flag.ErrHelp, inStderr: "usage: digest build"},
		{args: []string{"serve", "-h"}, wantErr: flag.ErrHelp, inStderr: "usage: digest serve"},
		{args: []string{"parse", "-h"}, wantErr: flag.ErrHelp, inStderr: "usage: digest parse"},
		{args: []string{"parse"}, wantErr: errUsage, inStderr: "usage: digest parse"},
		{args: []string{"parse", "-format=xml", "x.txt"}, wantErr: errUsage, inStderr: `unknown format "xml"`},
		{args: []string{"parse", "does-not-exist.txt"}, wantErr: errOther},
		{args: []string{"build", "-src", "does-not-exist"}, wantErr: errOther},
		{args: []string{"version"}, wantErr: nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tt.args, &stdout, &stderr)
			switch {
			case tt.wantErr == errOther:
				if err == nil || errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
					t.Errorf("err = %v, want a failure (exit 1)", err)
				}
			case !errors.Is(err, tt.wantErr) && err != tt.wantErr:
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(stderr.String(), tt.inStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.inStderr)
			}
		})
	}
}

var errOther = errors.New("any failure")

func init() {
	// Tests run in the package folder; the scripts need the sample site.
	if wd, err := os.Getwd(); err == nil {
		os.Setenv("REPO", wd+"/../..")
	}
}
