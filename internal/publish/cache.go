package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"digest/internal/memo"

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
	b, err := readCacheFile(out, lastBuild)
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
	if s.fingerprint == "" {
		return removeCacheFile(s.out, lastBuild)
	}
	id := folderID(s.out)
	if id == "" {
		return fmt.Errorf("cannot identify %s", s.out)
	}
	var until int64
	if !s.until.IsZero() {
		until = s.until.Unix()
	}
	return writeCacheFile(s.out, lastBuild, []byte(s.fingerprint+"\n"+id+"\nuntil "+strconv.FormatInt(until, 10)+"\n"))
}

// ReadMemo returns the memo file name of out (see package memo), or nil
// if there is none: a build without it only takes longer.
func ReadMemo(out, name string) []byte {
	b, err := readCacheFile(out, memoPrefix+name)
	if err != nil {
		return nil
	}
	return b
}

// MapMemo is ReadMemo without the copy: the memo file name of out mapped
// into memory, read-only, and the function that unmaps it, after which
// nothing may touch the bytes. A build reads about 55 MB of memos at
// 10,000 stories; mapped, they are neither copied nor put in the heap.
// Memo files are replaced by a rename or grown by appends, never rewritten
// in place, so the mapped bytes stay what they were when mapped.
func MapMemo(out, name string) (data []byte, unmap func()) {
	dir, err := cacheDir(out)
	if err != nil {
		return nil, func() {}
	}
	f, err := os.Open(filepath.Join(dir, memoPrefix+name))
	if err != nil {
		return nil, func() {}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || fi.Size() != int64(int(fi.Size())) {
		return nil, func() {}
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_PRIVATE)
	if err != nil {
		return ReadMemo(out, name), func() {}
	}
	return b, func() { unix.Munmap(b) }
}

// MemoSize is the size of the memo files names of out together.
func MemoSize(out string, names ...string) int64 {
	dir, err := cacheDir(out)
	if err != nil {
		return 0
	}
	var n int64
	for _, name := range names {
		if fi, err := os.Stat(filepath.Join(dir, memoPrefix+name)); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// WriteMemo replaces the memo file name of out with data. Memos are keyed
// by their inputs, not by the output, so a build writes them when it has
// them, whether or not it later succeeds.
func WriteMemo(out, name string, data []byte) error {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return fmt.Errorf("publish: bad memo name %q", name)
	}
	return writeCacheFile(out, memoPrefix+name, data)
}

// SaveMemo saves t, decoded from the memo file name of out, as that file:
// it appends this build's new results when t says that is enough (see
// memo.Table.Delta) and replaces the file otherwise. An edit build at
// 10,000 stories so writes a few kilobytes instead of 21 MB.
func SaveMemo(out, name string, t *memo.Table) error {
	d, ok := t.Delta()
	if !ok {
		return WriteMemo(out, name, t.Encode())
	}
	if len(d) == 0 {
		return nil
	}
	dir, err := cacheDir(out)
	if err != nil {
		return err
	}
	// One write: appends of whole batches do not interleave, and one
	// cut short fails its check and is dropped with what follows it.
	f, err := os.OpenFile(filepath.Join(dir, memoPrefix+name), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(d); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// memoPrefix keeps memos' names apart from the cache's other files.
const memoPrefix = "memo-"

// readCacheFile returns the cache file name of out.
func readCacheFile(out, name string) ([]byte, error) {
	dir, err := cacheDir(out)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, name))
}

// writeCacheFile replaces the cache file name of out with data, by a
// rename, so that no reader sees part of it.
func writeCacheFile(out, name string, data []byte) error {
	dir, err := cacheDir(out)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p+".tmp", data, 0o644); err != nil {
		return err
	}
	return os.Rename(p+".tmp", p)
}

// removeCacheFile removes the cache file name of out, if there: Commit
// removes the notes describing out before a swap changes it.
func removeCacheFile(out, name string) error {
	dir, err := cacheDir(out)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
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
