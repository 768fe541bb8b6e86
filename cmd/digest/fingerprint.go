package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"digest/internal/parallel"

	"github.com/zeebo/xxh3"
	"golang.org/x/sys/unix"
)

// inputsFingerprint hashes everything a build's output depends on: the
// digest binary itself, the options, and the name, size, modification
// and change times and inode of every file the build reads. Two builds
// with the same fingerprint make the same output, so the second may stop
// at once.
// The hash is 128-bit XXH3, not SHA-256: nobody forges these inputs to
// collide, and hashing the 17 MB binary took 15 ms of every build with
// SHA-256 against 1 ms. It also returns the size of the input files
// together, and the folders it listed, by their names under the site
// folder (as fs.FS names them): the build reads them from there rather
// than list them again, which at 10,000 stories took 5-10 ms on one core
// (and sees the files the fingerprint stamped, no others). Files changed
// within racyWindow before o.Now are fingerprinted by content too.
func inputsFingerprint(o buildOptions) (inputs, error) {
	h := xxh3.New()
	self, err := executableHash()
	if err != nil {
		return inputs{}, err
	}
	fmt.Fprintf(h, "digest %s\nbase-url %q drafts %t future %t\n", self, o.BaseURL, o.Drafts, o.Future)
	// Each input by its path, which is the site folder's and then the
	// name the stamp gives.
	prefix := filepath.Clean(o.Src) + string(filepath.Separator)
	names := []string{prefix + "digest.yaml", prefix + "tags.yaml"}
	listed := map[string][]fs.DirEntry{}
	for _, dir := range []string{"content", "templates"} {
		var err error
		if names, err = appendTree(names, listed, prefix, dir); err != nil {
			return inputs{}, err
		}
	}
	// Stamped in chunks on all cores, and hashed in order: at 10,000
	// stories the lstats alone were 40 ms of a build on one core.
	const chunk = 512
	stamps := make([][]byte, (len(names)+chunk-1)/chunk)
	sizes := make([]int64, len(stamps))
	racy := make([][]string, len(stamps))
	// Without a start time (serve's polling) no file is racy.
	since := int64(math.MaxInt64)
	if !o.Now.IsZero() {
		since = o.Now.Add(-racyWindow).UnixNano()
	}
	err = parallel.For(len(stamps), func(c int) error {
		var b []byte
		for _, rel := range names[c*chunk : min(len(names), (c+1)*chunk)] {
			var err error
			var n, changed int64
			if b, n, changed, err = appendStamp(b, rel, len(prefix)); err != nil {
				return err
			}
			sizes[c] += n
			if changed >= since {
				racy[c] = append(racy[c], rel)
			}
		}
		stamps[c] = b
		return nil
	})
	if err != nil {
		return inputs{}, err
	}
	in := inputs{listed: listed}
	for c, b := range stamps {
		h.Write(b)
		in.size += sizes[c]
	}
	in.stamps = sum(h)
	for _, names := range racy {
		for _, p := range names {
			if err := hashContent(h, p, len(prefix)); err != nil {
				return inputs{}, err
			}
		}
	}
	in.fingerprint = sum(h)
	return in, nil
}

// hashContent adds to h the name of the file at p (less its first skip
// bytes) and its content, if it is a regular file.
func hashContent(h *xxh3.Hasher, p string, skip int) error {
	f, err := os.Open(p)
	if err != nil {
		if os.IsNotExist(err) {
			return nil // gone since it was stamped: its stamp says absent next time
		}
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return err
	}
	fmt.Fprintf(h, "content %q\n", filepath.ToSlash(p[skip:]))
	_, err = io.Copy(h, f)
	return err
}

// inputs is what inputsFingerprint finds of a build's input files.
type inputs struct {
	// fingerprint is what Current compares: the stamps, and the content
	// of every racy file (see racyWindow).
	fingerprint string
	// stamps hashes the stamps alone: what serve polls for a change.
	stamps string
	size   int64 // of the files together
	listed map[string][]fs.DirEntry
}

// racyWindow is how close to a build's start an input may have been
// modified or changed for its stamp alone to stand for its content. A file
// rewritten at the same size within one tick of the file system's clock
// keeps its times, so a stamp taken in that tick cannot tell the rewrite
// from the file stamped. As git does with "racily clean" files, such a
// file is fingerprinted by its content too. Two seconds covers the
// coarsest clocks in use (FAT's). The content is hashed before the build
// reads it: a rewrite in between makes the next build build again, not
// stop.
const racyWindow = 2 * time.Second

// appendTree appends to names the path of the folder prefix+dir and of
// everything under it, in lexical order of each folder's entries, and
// records each folder's entries in listed by its name, dir and below (with
// slashes). A missing dir adds only its name (stamped absent).
func appendTree(names []string, listed map[string][]fs.DirEntry, prefix, dir string) ([]string, error) {
	p := prefix + dir
	names = append(names, p)
	ents, err := os.ReadDir(p)
	if err != nil {
		if os.IsNotExist(err) {
			return names, nil
		}
		return names, err
	}
	listed[filepath.ToSlash(dir)] = ents
	for _, e := range ents {
		sub := dir + string(filepath.Separator) + e.Name()
		if e.IsDir() {
			if names, err = appendTree(names, listed, prefix, sub); err != nil {
				return names, err
			}
			continue
		}
		names = append(names, prefix+sub)
	}
	return names, nil
}

// sum is the hex of h's 128-bit hash.
func sum(h *xxh3.Hasher) string {
	b := h.Sum128().Bytes()
	return hex.EncodeToString(b[:])
}

// appendStamp appends to b the stamp of the file at path p: its name (p
// less its first skip bytes, the site folder), type, size, modification
// and change times and inode, or that it is absent. lstat straight into a
// Stat_t: a build stamps every input, and os.Lstat allocates a FileInfo
// for each. It also returns the size of a regular file and the later of
// its two times, in Unix nanoseconds.
func appendStamp(b []byte, p string, skip int) ([]byte, int64, int64, error) {
	b = strconv.AppendQuote(b, filepath.ToSlash(p[skip:]))
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return append(b, " absent\n"...), 0, 0, nil
		}
		return b, 0, 0, &fs.PathError{Op: "lstat", Path: p, Err: err}
	}
	var size int64
	if st.Mode&unix.S_IFMT == unix.S_IFREG {
		size = st.Size
	}
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(st.Mode&unix.S_IFMT), 8)
	b = append(b, ' ')
	b = strconv.AppendInt(b, st.Size, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, st.Mtim.Nano(), 10)
	// The change time and inode too, as git's index has them: a file
	// replaced by one of the same size with its old modification time
	// (rsync -t, tar, cp -p) still gets a new change time, which no
	// program can set.
	b = append(b, ' ')
	b = strconv.AppendInt(b, st.Ctim.Nano(), 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, st.Ino, 10)
	return append(b, '\n'), size, max(st.Mtim.Nano(), st.Ctim.Nano()), nil
}

var (
	selfHash     string
	selfHashErr  error
	selfHashOnce sync.Once
)

// executableHash hashes the running binary: a new digest may render the
// same input differently.
func executableHash() (string, error) {
	selfHashOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			selfHashErr = err
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			selfHashErr = err
			return
		}
		defer f.Close()
		h := xxh3.New()
		if _, err := io.Copy(h, f); err != nil {
			selfHashErr = err
			return
		}
		selfHash = sum(h)
	})
	return selfHash, selfHashErr
}
