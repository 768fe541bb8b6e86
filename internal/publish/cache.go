package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// The build cache sits beside the output folder, as .<base>.digest-cache:
// what one build leaves for the next to reuse. Everything in it can be
// recomputed, so deleting it is always safe; it only costs time.

// cacheDir is the cache folder of the output folder out.
func cacheDir(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".digest-cache"), nil
}

// spareDir is where Commit keeps the previous output for the next build to
// recycle as its staging folder (see Stage.recycled). It is inside the
// cache folder, so on the output's filesystem, and deleting it is safe.
func spareDir(out string) (string, error) {
	dir, err := cacheDir(out)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "spare"), nil
}

// lastBuild is the cache file naming the inputs of the build now in out.
const lastBuild = "last-build"

// Current reports whether out holds the output of a build whose inputs had
// the fingerprint fp: the last Commit to out recorded fp, and out is still
// the very folder that Commit put in place. A build killed after its swap
// but before recording, or any other build since, makes it false.
func Current(out string, fp string, now time.Time) bool {
	dir, err := cacheDir(out)
	if err != nil {
		return false
	}
	b, err := os.ReadFile(filepath.Join(dir, lastBuild))
	if err != nil {
		return false
	}
	note, until, _ := strings.Cut(string(b), "until ")
	if u, err := strconv.ParseInt(strings.TrimSpace(until), 10, 64); err != nil || (u != 0 && !now.Before(time.Unix(u, 0))) {
		return false
	}
	return folderID(out) != "" && note == fp+"\n"+folderID(out)+"\n" && hasMarker(out)
}

// Record makes Commit note fp as the fingerprint of this build's inputs,
// for Current. until, when not zero, is when the output stops being
// current though no input changed: when a story dated in the future
// becomes due.
func (s *Stage) Record(fp string, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fingerprint = fp
	s.until = until
}

// recordBuild writes the last-build note after a successful swap, and
// forgets any earlier note first, so that a kill in between leaves no
// note that could claim the new output is the old one's.
func (s *Stage) recordBuild() error {
	dir, err := cacheDir(s.out)
	if err != nil {
		return err
	}
	note := filepath.Join(dir, lastBuild)
	if s.fingerprint == "" {
		if err := os.Remove(note); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	id := folderID(s.out)
	if id == "" {
		return fmt.Errorf("cannot identify %s", s.out)
	}
	tmp := note + ".tmp"
	var until int64
	if !s.until.IsZero() {
		until = s.until.Unix()
	}
	if err := os.WriteFile(tmp, []byte(s.fingerprint+"\n"+id+"\nuntil "+strconv.FormatInt(until, 10)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, note)
}

// forgetBuild removes the last-build note before a swap changes out.
func forgetBuild(out string) error {
	dir, err := cacheDir(out)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, lastBuild)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// folderID identifies the folder at p by device and inode: a swap puts a
// different folder there.
func folderID(p string) string {
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return ""
	}
	return strings.Join([]string{strconv.FormatUint(uint64(st.Dev), 10), strconv.FormatUint(st.Ino, 10)}, ":")
}
