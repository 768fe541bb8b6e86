package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

var errNotOwned = errors.New("folder is not empty and has no digest marker; left alone")

// removeOwned deletes the folder dir if it carries digest's marker (or is
// empty), and otherwise leaves it alone. It works on file descriptors and
// never follows a symlink, so links inside the tree are removed, not their
// targets. The marker goes last, so a deletion cut short stays recognisable
// and the next Begin finishes it. count, if non-nil, is called with the
// slash path of every non-folder entry removed (the marker excepted).
func removeOwned(dir string, count func(rel string)) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if err == unix.ENOENT {
			return nil
		}
		return &fs.PathError{Op: "remove", Path: dir, Err: err}
	}
	if !hasMarkerAt(fd) {
		unix.Close(fd)
		if err := unix.Rmdir(dir); err != nil {
			if err == unix.ENOTEMPTY || err == unix.EEXIST {
				return &fs.PathError{Op: "remove", Path: dir, Err: errNotOwned}
			}
			return &fs.PathError{Op: "remove", Path: dir, Err: err}
		}
		return nil
	}
	r := &remover{count: count, sem: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	err = r.contents(fd, dir, "", true)
	unix.Close(fd)
	if err != nil {
		return err
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	return nil
}

// remover deletes trees, descending into sibling folders in parallel:
// unlinks in different folders don't contend for the same folder lock.
type remover struct {
	count func(rel string)
	sem   chan struct{} // bounds extra goroutines
}

// contents deletes everything inside the folder open as fd (whose path is
// p, and p relative to the tree root is rel); at the root the marker goes last.
func (r *remover) contents(fd int, p, rel string, root bool) error {
	// Read the whole listing before deleting: getdents is not guaranteed
	// stable while entries vanish. Dup so closing f leaves fd to the caller.
	dfd, err := unix.Dup(fd)
	if err != nil {
		return &fs.PathError{Op: "remove", Path: p, Err: err}
	}
	f := os.NewFile(uintptr(dfd), p)
	ents, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	for _, e := range ents {
		name := e.Name()
		if root && name == markerName {
			continue
		}
		erel := path.Join(rel, name)
		if !e.IsDir() {
			if err := r.unlink(fd, p, name, erel); err != nil {
				fail(err)
			}
			continue
		}
		select {
		case r.sem <- struct{}{}:
			wg.Go(func() {
				defer func() { <-r.sem }()
				if err := r.dir(fd, p, name, erel); err != nil {
					fail(err)
				}
			})
		default:
			if err := r.dir(fd, p, name, erel); err != nil {
				fail(err)
			}
		}
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if root {
		if err := unix.Unlinkat(fd, markerName, 0); err != nil && err != unix.ENOENT {
			return &fs.PathError{Op: "remove", Path: filepath.Join(p, markerName), Err: err}
		}
	}
	return nil
}

// unlink removes a non-folder entry (file, symlink, ...) of the folder fd.
func (r *remover) unlink(fd int, p, name, rel string) error {
	err := unix.Unlinkat(fd, name, 0)
	switch err {
	case nil:
		if r.count != nil {
			r.count(rel)
		}
		return nil
	case unix.ENOENT:
		return nil
	case unix.EISDIR:
		// The listing's type was stale; it is a folder after all.
		return r.dir(fd, p, name, rel)
	}
	return &fs.PathError{Op: "remove", Path: filepath.Join(p, name), Err: err}
}

// dir deletes the subfolder name of the folder fd with everything in it.
func (r *remover) dir(parent int, p, name, rel string) error {
	sub := filepath.Join(p, name)
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	switch err {
	case nil:
	case unix.ENOENT:
		return nil
	case unix.ENOTDIR, unix.ELOOP:
		// Replaced by a symlink or file since listed: remove the entry itself.
		return r.unlink(parent, p, name, rel)
	default:
		return &fs.PathError{Op: "remove", Path: sub, Err: err}
	}
	err = r.contents(fd, sub, rel, false)
	unix.Close(fd)
	if err != nil {
		return err
	}
	if err := unix.Unlinkat(parent, name, unix.AT_REMOVEDIR); err != nil && err != unix.ENOENT {
		return &fs.PathError{Op: "remove", Path: sub, Err: err}
	}
	return nil
}
