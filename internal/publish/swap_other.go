//go:build !linux

package publish

import (
	"errors"
	"os"
)

var errNoExchange = errors.New("atomic exchange not supported on this system")

func exchange(a, b string) error { return errNoExchange }

func exchangeUnsupported(err error) bool { return errors.Is(err, errNoExchange) }

func renameNoReplace(a, b string) error {
	if _, err := os.Lstat(b); err == nil {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: os.ErrExist}
	}
	return os.Rename(a, b)
}

// syncFS has no syncfs here; flushing the folder itself is the best cheap approximation.
func syncFS(f *os.File) error {
	return f.Sync()
}

// startWriteback does nothing here: Commit's sync writes everything.
func startWriteback(fd int) {}
