package publish

import (
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"github.com/zeebo/xxh3"
	"golang.org/x/sys/unix"
)

// The manifest is a cache file, beside last-build, listing every file of
// the output now in place: its name, size and content hash, and the
// identity lstat gives its inode (device, inode number, change time). With
// it a build tells an unchanged page by one lstat of the previous file and
// a hash of the new bytes, instead of opening the file, reading it back and
// comparing. At 10,000 stories that was 418 MB read back, 5-16% of the
// build's CPU time in profiles; with a cold page cache, as when CI restores
// the output from a cache, it had to come from disk.
//
// It is sound because a file's change time moves whenever its bytes, mode
// or links change, and no program can set it back: a file that still has
// the recorded device, inode, size and change time still holds the bytes
// the build wrote. Three limits keep it so:
//   - It is removed before every swap and written after one, naming the
//     output folder it describes (folderID): it describes the committed
//     output or nothing.
//   - A file changed within the clock tick before the manifest is written
//     is listed without a change time, which vouches for nothing: an edit
//     in the same tick would not move its change time (git calls this
//     "racy"). So is a file on a filesystem that gives no change times.
//   - A manifest that fails its checksum is ignored.
//
// The manifest lists every file of the output, so that Commit counts the
// files a build removed without walking the previous output.
//
// Whatever the manifest cannot vouch for is read back and compared, so the
// output is the same with or without it; deleting it only costs time.
//
// The hash is 128-bit XXH3: at about 40 GB/s here it costs a build of
// 10,000 stories about 10 ms, and a changed page of unchanged size keeps
// its old file with a chance of 2⁻¹²⁸.

const (
	manifestName  = "manifest"
	manifestMagic = "digest manifest 1\n"
	entrySize     = 48 // the fixed part of a record: six little-endian uint64
)

// An entry is what the manifest records of one output file.
type entry struct {
	hash           xxh3.Uint128
	size, dev, ino uint64
	ctime          int64 // nanoseconds since 1970; 0: vouches for nothing
}

// matches reports whether st, from lstat, is still the file e describes.
func (e *entry) matches(st *unix.Stat_t) bool {
	return e.ctime != 0 && st.Mode&unix.S_IFMT == unix.S_IFREG && uint64(st.Ino) == e.ino &&
		uint64(st.Dev) == e.dev && uint64(st.Size) == e.size && st.Ctim.Nano() == e.ctime
}

// made collects the entries of the files a build writes, from many goroutines.
type made struct {
	mu      sync.Mutex
	names   []string
	entries []entry
}

func (m *made) add(name string, e entry) {
	m.mu.Lock()
	m.names = append(m.names, name)
	m.entries = append(m.entries, e)
	m.mu.Unlock()
}

// entryOf is the entry of a file holding bytes with the given hash and
// whose lstat is st.
func entryOf(sum xxh3.Uint128, st *unix.Stat_t) entry {
	return entry{hash: sum, size: uint64(st.Size), dev: uint64(st.Dev), ino: uint64(st.Ino), ctime: st.Ctim.Nano()}
}

// readManifest returns the entries of the manifest of out, or nil when
// there is none, it is damaged, or it describes another folder.
func readManifest(out string) map[string]entry {
	b, err := readCacheFile(out, manifestName)
	if err != nil {
		return nil
	}
	m, err := decodeManifest(b, folderID(out))
	if err != nil {
		return nil
	}
	return m
}

var errBadManifest = errors.New("damaged manifest")

// decodeManifest parses a manifest written for the folder id.
func decodeManifest(b []byte, id string) (map[string]entry, error) {
	if len(b) < 8 || xxh3.Hash(b[:len(b)-8]) != binary.LittleEndian.Uint64(b[len(b)-8:]) {
		return nil, errBadManifest
	}
	b = b[:len(b)-8]
	head := manifestMagic + id + "\n"
	if id == "" || len(b) < len(head) || string(b[:len(head)]) != head {
		return nil, errBadManifest
	}
	// One string holds every name: the map's keys are slices of it.
	all := string(b)
	i := len(head)
	n, k := binary.Uvarint(b[i:])
	if k <= 0 || n > uint64(len(b)) {
		return nil, errBadManifest
	}
	i += k
	m := make(map[string]entry, n)
	for range n {
		l, k := binary.Uvarint(b[i:])
		if k <= 0 || uint64(len(b)-i-k) < l+entrySize {
			return nil, errBadManifest
		}
		i += k
		name := all[i : i+int(l)]
		i += int(l)
		u := func(j int) uint64 { return binary.LittleEndian.Uint64(b[i+8*j:]) }
		m[name] = entry{hash: xxh3.Uint128{Hi: u(0), Lo: u(1)}, size: u(2), dev: u(3), ino: u(4), ctime: int64(u(5))}
		i += entrySize
	}
	if i != len(b) {
		return nil, errBadManifest
	}
	return m, nil
}

// racyWindow is how long before the manifest is written a file must have
// last changed for its entry to be kept. Linux stamps files from a clock
// that ticks every few milliseconds; filesystems that keep whole seconds
// (no file with a fraction) need seconds.
func racyWindow(m *made) time.Duration {
	for _, e := range m.entries {
		if e.ctime%1e9 != 0 {
			return 100 * time.Millisecond
		}
	}
	return 2 * time.Second
}

// encodeManifest is the manifest of the files in m, for the folder id,
// written at now.
func encodeManifest(m *made, id string, now time.Time) []byte {
	limit := now.Add(-racyWindow(m)).UnixNano()
	b := make([]byte, 0, len(manifestMagic)+len(id)+1+binary.MaxVarintLen64+len(m.names)*(40+entrySize)+8)
	b = append(b, manifestMagic...)
	b = append(b, id...)
	b = append(b, '\n')
	b = binary.AppendUvarint(b, uint64(len(m.entries)))
	for i, e := range m.entries {
		if e.ctime >= limit {
			e.ctime = 0
		}
		b = binary.AppendUvarint(b, uint64(len(m.names[i])))
		b = append(b, m.names[i]...)
		for _, u := range [...]uint64{e.hash.Hi, e.hash.Lo, e.size, e.dev, e.ino, uint64(e.ctime)} {
			b = binary.LittleEndian.AppendUint64(b, u)
		}
	}
	return binary.LittleEndian.AppendUint64(b, xxh3.Hash(b))
}

// writeManifest records the files this build wrote as the manifest of
// out, which must be this build's committed output. A manifest that
// fails to be written costs the next build time, never correctness.
func (s *Stage) writeManifest() error {
	id := folderID(s.out)
	if id == "" {
		return errors.New("cannot identify " + s.out)
	}
	return writeCacheFile(s.out, manifestName, encodeManifest(&s.made, id, time.Now()))
}
