package search

import (
	"encoding/binary"
	"math"
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
	// The slots whose tf is not zero, for a worker counting the terms of
	// a document: see count.
	touched []uint32
}

// A slot holds a term's first eight bytes, zero-padded, and a tag, its
// hash with the low six bits replaced by its length. Terms have no zero
// bytes, so for a term of at most eight bytes, as most are, the tag and
// the bytes settle a match without reading the arena.
//
// A worker keeps its counts of the term in the slot too, where it looks
// anyway, rather than in arrays by term ID: its frequencies in the current
// document and the number of documents so far that hold it.
type slot struct {
	word uint64
	tag  uint32
	id   int32 // term ID + 1
	tf   termFreq
	df   int32
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
func (d *dict) id(term []byte) int32 { return d.slots[d.find(term)].id - 1 }

// find returns the index of term's slot, adding the term if it is new.
func (d *dict) find(term []byte) uint32 {
	var word uint64
	var h uint32
	if len(term) <= 8 {
		word = load8(term) // key(term), inlined for the common case
		h = shortHash(word)
	} else {
		word, h = key(term)
	}
	tag := tag(term, h)
	for {
		mask := uint32(len(d.slots) - 1)
		for i := h & mask; len(d.slots) > 0; i = (i + 1) & mask {
			s := &d.slots[i]
			if s.id == 0 {
				if 2*len(d.end) >= len(d.slots) {
					break // grow, then look again
				}
				id := int32(len(d.end))
				*s = slot{word: word, tag: tag, id: id + 1}
				d.arena = append(d.arena, term...)
				d.end = append(d.end, int32(len(d.arena)))
				return i
			}
			if s.tag == tag && s.word == word && (len(term) <= 8 || string(d.term(s.id-1)) == string(term)) {
				return i
			}
		}
		d.grow()
	}
}

// count counts the terms of t's batch in the head (title and tags) of
// the current document or in its body. A term's first count in the
// document adds its slot to touched.
func (d *dict) count(t *tokenizer, head bool) {
	if len(d.slots) == 0 {
		d.grow()
	}
	start, k := int32(0), 0
	for _, word := range t.words {
		var i uint32
		if word != 0 {
			// The first probe of find, inlined, from the word: most
			// terms are found there.
			h := shortHash(word)
			i = h & uint32(len(d.slots)-1)
			if s := &d.slots[i]; s.word != word || s.tag != h&^63|uint32(wordLen(word)) {
				var a [8]byte
				binary.LittleEndian.PutUint64(a[:], word)
				i = d.find(a[:wordLen(word)])
			}
		} else {
			i = d.find(t.buf[start:t.ends[k]])
			start = t.ends[k]
			k++
		}
		s := &d.slots[i]
		if s.tf == (termFreq{}) {
			d.touched = append(d.touched, i)
		}
		c := &s.tf.body
		if head {
			c = &s.tf.head
		}
		if *c < math.MaxUint16 {
			*c++
		}
	}
}

func (d *dict) grow() {
	old := d.slots
	d.slots = make([]slot, max(1024, 2*len(d.slots)))
	d.touched = d.touched[:0]
	mask := uint32(len(d.slots) - 1)
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		_, h := key(d.term(s.id - 1))
		i := h & mask
		for d.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = s
		// The order of touched does not matter: see worker.addDoc.
		if s.tf != (termFreq{}) {
			d.touched = append(d.touched, i)
		}
	}
}
