// Package memo remembers the results of per-story work from one build for
// the next: a table from a 128-bit hash of a computation's whole input to
// the bytes of its result. A story whose text did not change gets its
// entities and its fingerprint back from the table instead of computing
// them again.
//
// A table is only as sound as its keys: a caller hashes everything its
// computation reads, and the table's version names the program that
// computed the results, so that a new digest binary never trusts an old
// one's.
//
// The encoding is a header and batches of entries:
//
//	"digest-memo 2\n" version "\n"
//	batch*
//	batch = count (uvarint)
//	        count × { key (16 bytes) length (uvarint) value (length bytes) }
//	        check (8 bytes: little-endian XXH3-64 of the batch so far)
//
// A build that changed a few stories appends one batch of their new
// results (see Delta) rather than writing the whole table again; when
// more than half of what the file holds is no longer used, the build
// writes only what it used, in one batch (Encode), so that the file stays
// within twice the corpus's results. A later entry of a key wins.
//
// A different header decodes as an empty table; a batch that is cut short
// or fails its check ends the table there, and makes the next save
// rewrite it: a damaged memo costs time, never correctness.
package memo

import (
	"bytes"
	"cmp"
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
	// oldSize is the size of the entries of the decoded data, dead ones
	// included; whole says the data decoded to its end, so that a batch
	// appended to it will be read.
	oldSize int
	whole   bool
	keys    []Key // this build's, by slot
	vals    [][]byte
	set     []bool
}

const magic = "digest-memo 2\n"

// Decode returns the table encoded in data if it was written by version,
// else an empty one, with room for n results of this build.
func Decode(data []byte, version string, n int) *Table {
	t := &Table{version: version, keys: make([]Key, n), vals: make([][]byte, n), set: make([]bool, n)}
	t.old, t.oldSize, t.whole = decode(data, version)
	return t
}

// Written reports whether data begins as a table written by version does,
// whatever it holds: an empty table counts, another program's does not.
func Written(data []byte, version string) bool {
	return bytes.HasPrefix(data, []byte(magic+version+"\n"))
}

// entrySize is what an entry of a value of n bytes takes.
func entrySize(n int) int { return 16 + uvarintLen(uint64(n)) + n }

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

func decode(data []byte, version string) (m map[Key][]byte, size int, whole bool) {
	head := magic + version + "\n"
	if !bytes.HasPrefix(data, []byte(head)) {
		return nil, 0, false
	}
	data = data[len(head):]
	for len(data) > 0 {
		n, ok := batchLen(data)
		if !ok {
			return m, size, false
		}
		batch := data[:n-8]
		data = data[n:]
		count, k := binary.Uvarint(batch)
		batch = batch[k:]
		if m == nil {
			m = make(map[Key][]byte, count)
		}
		for range count {
			key := Key{Hi: binary.LittleEndian.Uint64(batch), Lo: binary.LittleEndian.Uint64(batch[8:])}
			vlen, k := binary.Uvarint(batch[16:])
			start := 16 + k
			m[key] = batch[start : start+int(vlen) : start+int(vlen)]
			size += start + int(vlen)
			batch = batch[start+int(vlen):]
		}
	}
	return m, size, true
}

// batchLen returns the length of the batch data starts with, check
// included, after checking that its entries are whole and its check
// matches.
func batchLen(data []byte) (int, bool) {
	count, n := binary.Uvarint(data)
	// Each entry takes at least 17 bytes: a count beyond that is damage.
	if n <= 0 || count > uint64(len(data))/17 {
		return 0, false
	}
	i := n
	for range count {
		if len(data)-i < 17 {
			return 0, false
		}
		size, k := binary.Uvarint(data[i+16:])
		if k <= 0 || size > uint64(len(data)-i-16-k) {
			return 0, false
		}
		i += 16 + k + int(size)
	}
	if len(data)-i < 8 || binary.LittleEndian.Uint64(data[i:]) != xxh3.Hash(data[:i]) {
		return 0, false
	}
	return i + 8, true
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

// Encode returns the header and this build's results, each key once, in
// slot order: the same stories give the same bytes.
func (t *Table) Encode() []byte {
	return t.appendBatch([]byte(magic+t.version+"\n"), false)
}

// Delta returns the batch to append to the data the table was decoded
// from so that it holds this build's results: those it does not hold
// already, with the same value; nil when there are none. It reports false when the data should be
// written again with Encode instead: it was damaged or of another
// version, or more than half of it would no longer be used.
func (t *Table) Delta() ([]byte, bool) {
	if !t.whole {
		return nil, false
	}
	live, fresh := 0, 0
	seen := make(map[Key]bool, len(t.keys))
	for i, k := range t.keys {
		if !t.set[i] || seen[k] {
			continue
		}
		seen[k] = true
		size := entrySize(len(t.vals[i]))
		live += size
		if !t.kept(k, t.vals[i]) {
			fresh += size
		}
	}
	if t.oldSize+fresh > 2*live {
		return nil, false
	}
	if fresh == 0 {
		return nil, true
	}
	return t.appendBatch(nil, true), true
}

// kept reports whether the decoded data holds v for k already. Most keys
// hash a computation's input, and so always have the same value; a caller
// may also key results by position, whose values change.
func (t *Table) kept(k Key, v []byte) bool {
	old, ok := t.old[k]
	return ok && bytes.Equal(old, v)
}

// appendBatch appends a batch of this build's results to b, each key once,
// in slot order; only those the decoded data does not hold when onlyNew.
func (t *Table) appendBatch(b []byte, onlyNew bool) []byte {
	seen := make(map[Key]bool, len(t.keys))
	keep := make([]int, 0, len(t.keys))
	size := len(b) + binary.MaxVarintLen64 + 8
	for i, k := range t.keys {
		if !t.set[i] || seen[k] {
			continue
		}
		seen[k] = true
		if onlyNew && t.kept(k, t.vals[i]) {
			continue
		}
		keep = append(keep, i)
		size += entrySize(len(t.vals[i]))
	}
	out := make([]byte, len(b), size)
	copy(out, b)
	start := len(out)
	out = binary.AppendUvarint(out, uint64(len(keep)))
	for _, i := range keep {
		out = binary.LittleEndian.AppendUint64(out, t.keys[i].Hi)
		out = binary.LittleEndian.AppendUint64(out, t.keys[i].Lo)
		out = binary.AppendUvarint(out, uint64(len(t.vals[i])))
		out = append(out, t.vals[i]...)
	}
	return binary.LittleEndian.AppendUint64(out, xxh3.Hash(out[start:]))
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

// Compare orders keys, for writing them in an order of their own.
func Compare(a, b Key) int {
	if c := cmp.Compare(a.Hi, b.Hi); c != 0 {
		return c
	}
	return cmp.Compare(a.Lo, b.Lo)
}

// A memo written whole, rather than as a table, is sealed: it starts with
// a header naming what it holds and the program that wrote it (Header),
// and ends with a check of all before it (Seal). Unseal returns the body
// between them, or false for a memo of another kind or program, or a
// damaged one.

// Header returns the header of a sealed memo of the kind named, written
// by version.
func Header(kind, version string) []byte {
	return []byte("digest-" + kind + "\n" + version + "\n")
}

// Seal appends to b, which starts with a header, its check.
func Seal(b []byte) []byte {
	return binary.LittleEndian.AppendUint64(b, xxh3.Hash(b))
}

// Unseal returns the body of the sealed memo data, if it has the header
// of kind and version and its check matches.
func Unseal(data []byte, kind, version string) ([]byte, bool) {
	head := Header(kind, version)
	if len(data) < len(head)+8 || !bytes.HasPrefix(data, head) {
		return nil, false
	}
	body := len(data) - 8
	if xxh3.Hash(data[:body]) != binary.LittleEndian.Uint64(data[body:]) {
		return nil, false
	}
	return data[len(head):body], true
}
