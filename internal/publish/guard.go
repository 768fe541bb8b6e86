package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// refuseDangerous rejects output folders whose replacement would destroy
// something precious even if digest's marker somehow were inside.
func refuseDangerous(abs, src string) error {
	real := resolve(abs)
	refuse := func(what, todo string) error {
		return fmt.Errorf("publish: %w %s: it %s; %s", ErrRefused, abs, what, todo)
	}
	if real == "/" || abs == "/" {
		return refuse("is the root folder", "give -out a dedicated folder such as ./public")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if within(resolve(home), real) {
			return refuse("is or contains your home folder", "give -out a dedicated folder such as ./public")
		}
	}
	if src != "" {
		if s, err := filepath.Abs(src); err == nil && within(resolve(s), real) {
			return refuse("is or contains the site's source folder "+s, "give -out a folder outside the sources, such as ./public")
		}
	}
	if wd, err := os.Getwd(); err == nil && within(resolve(wd), real) {
		// Swapping the folder we run in would leave us in the deleted copy.
		return refuse("is or contains the current folder", "run digest from outside it or choose another -out")
	}
	return nil
}

// resolve returns abs with symlinks resolved as far as the path exists, so
// that an alias of home or the sources is caught too.
func resolve(abs string) string {
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	dir, base := filepath.Split(abs)
	if dir == abs || base == "" {
		return abs
	}
	return filepath.Join(resolve(filepath.Clean(dir)), base)
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// checkOut reports whether out exists, refusing a file, a symlink, or a
// non-empty folder without digest's marker.
func checkOut(out string) (exists bool, err error) {
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("publish: output folder: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return false, fmt.Errorf("publish: %w %s: it is a symlink; give -out the real folder it points to, or remove the link", ErrRefused, out)
	case !fi.IsDir():
		return false, fmt.Errorf("publish: %w %s: it is a file, not a folder; remove it or choose another -out", ErrRefused, out)
	}
	if hasMarker(out) {
		return true, nil
	}
	empty, err := isEmptyDir(out)
	if err != nil {
		return false, fmt.Errorf("publish: output folder: %w", err)
	}
	if !empty {
		return false, fmt.Errorf("publish: %w %s: it is not empty and was not created by digest (no %s file in it), and digest replaces the whole folder; choose another -out, or empty that folder yourself", ErrRefused, out, markerName)
	}
	return true, nil
}

func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// hasMarker reports whether dir carries digest's ownership marker.
func hasMarker(dir string) bool {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	return hasMarkerAt(fd)
}

// hasMarkerAt reports whether the folder open as dirfd holds a regular
// marker file with digest's text.
func hasMarkerAt(dirfd int) bool {
	fd, err := unix.Openat(dirfd, markerName, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return false
	}
	buf := make([]byte, len(markerMagic))
	n, err := unix.Pread(fd, buf, 0)
	return err == nil && n == len(buf) && string(buf) == markerMagic
}

// Sibling kinds. Staging folders are builds in progress (or trees being
// deleted); an "old" folder exists only between the fallback swap's two
// renames and is the previous output, to be restored if out is missing.
const (
	kindStaging = "staging"
	kindOld     = "old"
)

// siblingName names a hidden sibling of out: .<base>.digest-<kind>-<nanotime>-<pid>-<rand>.
// The fixed-width time makes the newest "old" folder sort last.
func siblingName(base, kind string) string {
	return fmt.Sprintf(".%s.digest-%s-%020d-%d-%08x", base, kind, time.Now().UnixNano(), os.Getpid(), rand.Uint32())
}

// parseSibling returns the kind of a sibling name made by siblingName for
// base, or "" for any other name.
func parseSibling(name, base string) string {
	rest, ok := strings.CutPrefix(name, "."+base+".digest-")
	if !ok {
		return ""
	}
	kind, rest, ok := strings.Cut(rest, "-")
	if !ok || (kind != kindStaging && kind != kindOld) {
		return ""
	}
	parts := strings.Split(rest, "-")
	if len(parts) != 3 || len(parts[0]) != 20 || len(parts[2]) != 8 {
		return ""
	}
	for i, p := range parts {
		base := 10
		if i == 2 {
			base = 16
		}
		if _, err := strconv.ParseUint(p, base, 64); err != nil {
			return ""
		}
	}
	return kind
}

// siblings lists parent's entries of the given kind for base, oldest first.
func siblings(parent, base, kind string) []string {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		if parseSibling(e.Name(), base) == kind {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// restoreOld puts back the newest previous output that a killed fallback
// swap left under an "old" name while out is missing. It reports whether out exists now.
func restoreOld(parent, base string) (bool, error) {
	olds := siblings(parent, base, kindOld)
	for i := len(olds) - 1; i >= 0; i-- {
		p := filepath.Join(parent, olds[i])
		// Locked by another: a live build is between its renames right now.
		lock := tryLockDir(p)
		if lock == nil {
			continue
		}
		if !hasMarker(p) {
			lock.Close()
			continue
		}
		err := os.Rename(p, filepath.Join(parent, base))
		lock.Close()
		if err != nil {
			return false, fmt.Errorf("publish: restore previous output from %s: %w; rename it to %s by hand", p, err, base)
		}
		return true, nil
	}
	return false, nil
}

// cleanLeftovers deletes staging and old folders that killed builds left next
// to out. It skips folders another live build holds locked and folders without
// digest's marker (unless empty); failures only leave clutter, so they are ignored.
func cleanLeftovers(parent, base string) {
	for _, kind := range []string{kindStaging, kindOld} {
		for _, name := range siblings(parent, base, kind) {
			p := filepath.Join(parent, name)
			lock := tryLockDir(p)
			if lock == nil {
				continue
			}
			removeOwned(p, nil)
			lock.Close()
		}
	}
}

// tryLockDir is lockDir for callers that only go on with a lock of their
// own: it returns nil when dir cannot be opened or another holds it.
func tryLockDir(dir string) *os.File {
	f, busy, err := lockDir(dir)
	if busy || err != nil {
		return nil
	}
	return f
}

// lockDir opens dir (not following symlinks) and takes a non-blocking
// exclusive flock on it. busy reports another holder. The kernel drops the
// lock when the holder dies, even by SIGKILL, which is how Begin tells a live
// build's folders from a dead one's. Filesystems without flock get no lock.
func lockDir(dir string) (f *os.File, busy bool, err error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	f = os.NewFile(uintptr(fd), dir)
	for {
		err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err == unix.EWOULDBLOCK {
		f.Close()
		return nil, true, nil
	}
	return f, false, nil
}
