package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"digest/internal/content"
	"digest/internal/memo"
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
// (and sees the files the fingerprint stamped, no others).
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
	var names []string
	var listed map[string][]fs.DirEntry
	racy := false
	// Listed, then stamped in chunks on all cores, and hashed in order: at 10,000
	// stories the lstats alone were 40 ms of a build on one core.
	//
	// A stamp shows every later change only if the file's change time is
	// older than the file system's clock tick when it is taken: a file
	// changed within that tick, and changed again within it at the same
	// size, keeps all of its times. So when an input changed that
	// recently (racy, as git calls it), the stamps are taken again once
	// the tick is past; a file that goes on changing gets no fingerprint
	// recorded, and the next build runs.
	const chunk = 512
	var stamps [][]byte
	var sizes []int64
	var until []time.Time
	var keys [][]fileKey
	for try := 0; ; try++ {
		// A folder changed after it was listed has a change time after
		// start, less the tick: racy too, so it is listed again.
		start := time.Now()
		names = []string{prefix + "digest.yaml", prefix + "tags.yaml"}
		listed = map[string][]fs.DirEntry{}
		for _, dir := range []string{"content", "templates"} {
			if names, err = appendTree(names, listed, prefix, dir); err != nil {
				return inputs{}, err
			}
		}
		stamps = make([][]byte, (len(names)+chunk-1)/chunk)
		sizes = make([]int64, len(stamps))
		until = make([]time.Time, len(stamps))
		keys = make([][]fileKey, len(stamps))
		err = parallel.For(len(stamps), func(c int) error {
			var b []byte
			for _, rel := range names[c*chunk : min(len(names), (c+1)*chunk)] {
				var err error
				var n int64
				var changed time.Time
				at := len(b) // where this file's stamp begins
				var regular bool
				if b, n, changed, regular, err = appendStamp(b, rel, len(prefix)); err != nil {
					return err
				}
				sizes[c] += n
				if t := changed.Add(tick(changed)); t.After(until[c]) {
					until[c] = t
				}
				// A story file's stamp keys its bytes in the sources
				// memo. Not a symbolic link's: its stamp does not
				// change with the file it leads to.
				if name := filepath.ToSlash(rel[len(prefix):]); regular && strings.HasPrefix(name, "content/") {
					keys[c] = append(keys[c], fileKey{name, xxh3.Hash128(b[at:])})
				}
			}
			stamps[c] = b
			return nil
		})
		if err != nil {
			return inputs{}, err
		}
		wait := time.Time{}
		for _, t := range until {
			if t.After(wait) {
				wait = t
			}
		}
		if !wait.After(start) {
			break
		}
		// A change time far ahead (a clock set wrong) is not waited for.
		if try == 2 || time.Until(wait) > 3*time.Second {
			racy = true
			break
		}
		time.Sleep(time.Until(wait))
	}
	in := inputs{listed: listed, racy: racy}
	for c, b := range stamps {
		h.Write(b)
		in.size += sizes[c]
	}
	// Stamps of files that kept changing vouch for nothing.
	if !racy {
		in.keys = keys
	}
	in.fingerprint = sum(h)
	return in, nil
}

// tick is how long after a change at t the file system's clock may still
// show t. Linux stamps files from a clock that moves once per scheduler
// tick, at most 10 ms; a change time with no fraction of a second comes
// from a file system that keeps whole seconds (or two, as FAT does).
func tick(t time.Time) time.Duration {
	if t.Nanosecond() == 0 {
		return 2 * time.Second
	}
	return 10 * time.Millisecond
}

// inputs is what inputsFingerprint finds of a build's input files.
type inputs struct {
	fingerprint string
	// racy: an input kept changing within the file system's clock tick
	// while it was stamped, so the fingerprint cannot vouch for the
	// output the build makes (see inputsFingerprint).
	racy   bool
	size   int64 // of the files together
	listed map[string][]fs.DirEntry
	// keys are the hashes of the stamps of the regular files under
	// content/, for the sources memo; nil when racy.
	keys [][]fileKey
}

// stamps returns in.keys by file name, with a memo slot for each, or nil
// when racy. A build that stops because nothing changed never needs it.
func (in inputs) stamps() map[string]content.Stamp {
	if in.keys == nil {
		return nil
	}
	n := 0
	for _, ks := range in.keys {
		n += len(ks)
	}
	m := make(map[string]content.Stamp, n)
	for _, ks := range in.keys {
		for _, k := range ks {
			m[k.name] = content.Stamp{Key: k.key, Slot: len(m)}
		}
	}
	return m
}

// A fileKey is the hash of a file's stamp, by the file's name in the
// site folder.
type fileKey struct {
	name string
	key  memo.Key
}

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
// for each. It also returns the size of a regular file, the change time
// (zero for an absent file), and whether the file is a regular one.
func appendStamp(b []byte, p string, skip int) ([]byte, int64, time.Time, bool, error) {
	b = strconv.AppendQuote(b, filepath.ToSlash(p[skip:]))
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return append(b, " absent\n"...), 0, time.Time{}, false, nil
		}
		return b, 0, time.Time{}, false, &fs.PathError{Op: "lstat", Path: p, Err: err}
	}
	var size int64
	regular := st.Mode&unix.S_IFMT == unix.S_IFREG
	if regular {
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
	return append(b, '\n'), size, time.Unix(st.Ctim.Unix()), regular, nil
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
