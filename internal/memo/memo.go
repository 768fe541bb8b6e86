// Package memo remembers the results of per-story work from one build for
// the next: a table from a 128-bit hash of a computation's whole input to
// the bytes of its result. A story whose text did not change gets its
// entities and its fingerprint back from the table instead of computing
// them again.
//
// A table is only as sound as its keys: a caller hashes everything its
// computation reads, and the table's version names the program that
// computed the results, so that a new digest binary never trusts an old
// one's. The table holds only what the last build used, so it never grows
// beyond one entry per story.
//
// The encoding is
//
//	"digest-memo 1\n" version "\n"
//	count (uvarint)
//	count × { key (16 bytes) length (uvarint) value (length bytes) }
//
// Anything else, or a different version, decodes as an empty table: a
// damaged memo costs time, never correctness.
package memo

import (
	"bytes"
	"encoding/binary"

	"github.com/zeebo/xxh3"
)

// A Key is the hash of a computation's input.
type Key = xxh3.Uint128

// A Table holds the results of the last build, to look up, and collects
// this build's, to save. Lookups are safe from many goroutines, and so are
// calls of Set with different slots.
type Table struct {
	version string
	old     map[Key][]byte // values are views of the decoded data
	keys    []Key          // this build's, by slot
	vals    [][]byte
	set     []bool
}

const magic = "digest-memo 1\n"

// Decode returns the table encoded in data if it was written by version,
// else an empty one, with room for n results of this build.
func Decode(data []byte, version string, n int) *Table {
	t := &Table{version: version, keys: make([]Key, n), vals: make([][]byte, n), set: make([]bool, n)}
	t.old = decode(data, version)
	return t
}

func decode(data []byte, version string) map[Key][]byte {
	head := magic + version + "\n"
	if !bytes.HasPrefix(data, []byte(head)) {
		return nil
	}
	data = data[len(head):]
	count, n := binary.Uvarint(data)
	// Each entry takes at least 17 bytes: a count beyond that is damage.
	if n <= 0 || count > uint64(len(data))/17 {
		return nil
	}
	data = data[n:]
	m := make(map[Key][]byte, count)
	for range count {
		if len(data) < 16 {
			return nil
		}
		k := Key{Hi: binary.LittleEndian.Uint64(data), Lo: binary.LittleEndian.Uint64(data[8:])}
		size, n := binary.Uvarint(data[16:])
		if n <= 0 || size > uint64(len(data)-16-n) {
			return nil
		}
		start := 16 + n
		m[k] = data[start : start+int(size) : start+int(size)]
		data = data[start+int(size):]
	}
	if len(data) != 0 {
		return nil
	}
	return m
}

// Len is the number of results the last build left.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.old)
}

// Lookup returns the last build's result for key. A nil table has none.
func (t *Table) Lookup(key Key) ([]byte, bool) {
	if t == nil {
		return nil, false
	}
	v, ok := t.old[key]
	return v, ok
}

// Set records this build's result for key in slot i, for Encode. Each slot
// is set by one goroutine at most. A nil table keeps nothing.
func (t *Table) Set(i int, key Key, val []byte) {
	if t == nil {
		return
	}
	t.keys[i], t.vals[i], t.set[i] = key, val, true
}

// Encode returns this build's results, each key once, in slot order: the
// same stories give the same bytes.
func (t *Table) Encode() []byte {
	seen := make(map[Key]bool, len(t.keys))
	keep := make([]int, 0, len(t.keys))
	size := len(magic) + len(t.version) + 1 + binary.MaxVarintLen64
	for i, k := range t.keys {
		if t.set[i] && !seen[k] {
			seen[k] = true
			keep = append(keep, i)
			size += 16 + binary.MaxVarintLen64 + len(t.vals[i])
		}
	}
	b := make([]byte, 0, size)
	b = append(b, magic...)
	b = append(b, t.version...)
	b = append(b, '\n')
	b = binary.AppendUvarint(b, uint64(len(keep)))
	for _, i := range keep {
		b = binary.LittleEndian.AppendUint64(b, t.keys[i].Hi)
		b = binary.LittleEndian.AppendUint64(b, t.keys[i].Lo)
		b = binary.AppendUvarint(b, uint64(len(t.vals[i])))
		b = append(b, t.vals[i]...)
	}
	return b
}

// A Hasher builds a key from the parts of an input. Each part is framed by
// its length, so that no two different lists of parts share a key.
type Hasher struct{ h xxh3.Hasher }

// String adds s.
func (h *Hasher) String(s string) {
	var n [binary.MaxVarintLen64]byte
	h.h.Write(binary.AppendUvarint(n[:0], uint64(len(s))))
	h.h.WriteString(s)
}

// Int adds x.
func (h *Hasher) Int(x int) {
	var n [binary.MaxVarintLen64]byte
	h.h.Write(binary.AppendVarint(n[:0], int64(x)))
}

// Key returns the key of the parts added since Reset.
func (h *Hasher) Key() Key { return h.h.Sum128() }

// Reset forgets the parts added.
func (h *Hasher) Reset() { h.h.Reset() }
