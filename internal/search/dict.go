package search

import (
	"encoding/binary"
	"math/bits"
)

// dict maps terms to dense IDs. It does what a map[string]int32 would, at
// a fraction of the cost: the index spends most of its time looking terms
// up.
type dict struct {
	// The slots of an open-addressing table whose length is a power of
	// two; a slot's id is 0 when it is empty.
	slots []slot
	end   []int32 // by term ID: where its bytes end in arena
	arena []byte  // the terms' bytes, one after the other
}

// A slot holds a term's first eight bytes, zero-padded, and a tag, its
// hash with the low six bits replaced by its length. Terms have no zero
// bytes, so for a term of at most eight bytes, as most are, the tag and
// the bytes settle a match without reading the arena.
type slot struct {
	word uint64
	tag  uint32
	id   int32 // term ID + 1
}

func (d *dict) len() int { return len(d.end) }

// term returns the bytes of term id.
func (d *dict) term(id int32) []byte {
	start := int32(0)
	if id > 0 {
		start = d.end[id-1]
	}
	return d.arena[start:d.end[id]]
}

// key returns the first eight bytes of term, zero-padded, and its hash.
func key(term []byte) (word uint64, h uint32) {
	word = load8(term)
	if len(term) <= 8 {
		return word, shortHash(word)
	}
	acc := word * hashMul
	for rest := term[8:]; len(rest) > 0; rest = rest[min(8, len(rest)):] {
		acc = (bits.RotateLeft64(acc, 29) ^ load8(rest)) * hashMul
	}
	return word, uint32(acc >> 32)
}

const hashMul = 0x9e3779b97f4a7c15 // 2⁶⁴ / φ

// shortHash is the hash of a term of at most eight bytes.
func shortHash(word uint64) uint32 { return uint32(word * hashMul >> 32) }

// load8 returns the first eight bytes of b, zero-padded.
func load8(b []byte) uint64 {
	switch {
	case len(b) >= 8:
		return binary.LittleEndian.Uint64(b)
	case cap(b) >= 8:
		// Load eight bytes and mask those past b: copying b into an
		// array first would stall the load.
		return binary.LittleEndian.Uint64(b[:8]) & (1<<(8*len(b)) - 1)
	}
	var a [8]byte
	copy(a[:], b)
	return binary.LittleEndian.Uint64(a[:])
}

// tag returns the tag of a term whose hash is h.
func tag(term []byte, h uint32) uint32 { return h&^63 | uint32(min(len(term), 63)) }

// id returns the ID of term, adding it if it is new.
func (d *dict) id(term []byte) int32 {
	if 2*len(d.end) >= len(d.slots) {
		d.grow()
	}
	var word uint64
	var h uint32
	if len(term) <= 8 {
		word = load8(term) // key(term), inlined for the common case
		h = shortHash(word)
	} else {
		word, h = key(term)
	}
	tag := tag(term, h)
	mask := uint32(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &d.slots[i]
		if s.id == 0 {
			id := int32(len(d.end))
			*s = slot{word, tag, id + 1}
			d.arena = append(d.arena, term...)
			d.end = append(d.end, int32(len(d.arena)))
			return id
		}
		if s.tag == tag && s.word == word && (len(term) <= 8 || string(d.term(s.id-1)) == string(term)) {
			return s.id - 1
		}
	}
}

func (d *dict) grow() {
	d.slots = make([]slot, max(1024, 2*len(d.slots)))
	mask := uint32(len(d.slots) - 1)
	for id := range d.end {
		term := d.term(int32(id))
		word, h := key(term)
		i := h & mask
		for d.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = slot{word, tag(term, h), int32(id + 1)}
	}
}
