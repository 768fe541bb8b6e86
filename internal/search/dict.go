package search

import (
	"encoding/binary"
	"math/bits"
	"slices"
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
	// The bytes of the terms of more than eight bytes again, as the words
	// of a tokenizer's batch, which count compares with them.
	long []uint64
	// The slots whose tf is not zero, for a worker counting the terms of
	// a document: see count.
	touched []uint32
}

// A slot holds a word and a tag. The word of a term of at most eight
// bytes is its bytes, zero-padded; of a longer one, its first seven bytes
// shifted up a byte, a low byte of zero. Terms have no zero bytes, so the
// word alone settles a short term's match. The tag, the hash with the low
// six bits replaced by the length, rules out most other long terms
// before their words are read from dict.long.
//
// A worker keeps its counts of the term in the slot too, where it looks
// anyway, rather than in arrays by term ID: its frequencies in the current
// document and the number of documents so far that hold it.
type slot struct {
	word uint64
	tag  uint32
	id   int32 // term ID + 1
	df   int32
	long int32 // where a long term's words start in dict.long
	tf   termFreq
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

// key returns the word of term's slot and its hash.
func key(term []byte) (word uint64, h uint32) {
	word = load8(term)
	if len(term) <= 8 {
		return word, shortHash(word)
	}
	acc := word * hashMul
	for rest := term[8:]; len(rest) > 0; rest = rest[min(8, len(rest)):] {
		acc = (bits.RotateLeft64(acc, 29) ^ load8(rest)) * hashMul
	}
	return word << 8, uint32(acc >> 32)
}

// longKey is key of a term of more than eight bytes from its words, as
// in a tokenizer's batch.
func longKey(words []uint64) (word uint64, h uint32) {
	acc := words[0] * hashMul
	for _, x := range words[1:] {
		acc = (bits.RotateLeft64(acc, 29) ^ x) * hashMul
	}
	return words[0] << 8, uint32(acc >> 32)
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
				if len(term) > 8 {
					s.long = int32(len(d.long))
					for rest := term; len(rest) > 0; rest = rest[min(8, len(rest)):] {
						d.long = append(d.long, load8(rest))
					}
				}
				d.arena = append(d.arena, term...)
				d.end = append(d.end, int32(len(d.arena)))
				return i
			}
			if s.word == word && (len(term) <= 8 || s.tag == tag && string(d.term(s.id-1)) == string(term)) {
				return i
			}
		}
		d.grow()
	}
}

// count counts the terms of a tokenizer's batch, words, in the head
// (title and tags) of the current document or in its body, and returns
// how many there are. A term's first count in the document adds its
// slot to touched.
func (d *dict) count(words []uint64, head bool) int {
	if len(d.slots) == 0 {
		d.grow()
	}
	inc := termFreq(1) // a count in the body
	if head {
		inc = 1 << 32
	}
	// Room in touched for every term, which countKnown fills without
	// growing it.
	n := len(d.touched)
	d.touched = slices.Grow(d.touched, len(words))
	// With cap the same as len, the slicing of a long term's words takes
	// one register fewer.
	words = words[:len(words):len(words)]
	extra := 0 // words that are not a term's first
	for j := 0; ; {
		// The terms already in the table, as nearly all are, in a loop
		// of their own that calls nothing and so keeps its state in
		// registers.
		var e int
		j, n, e = countKnown(d, words, j, inc, n)
		extra += e
		if j == len(words) {
			break
		}
		// A new term: find adds it, and may grow the table, which
		// remakes touched.
		d.touched = d.touched[:n]
		var i uint32
		if word := words[j]; word&0xff != 0 {
			var a [8]byte
			binary.LittleEndian.PutUint64(a[:], word)
			i = d.find(a[:wordLen(word)])
			j++
		} else {
			l := int(word >> 8)
			chunks := words[j+1 : j+1+(l+7)>>3]
			var a [maxTermLen]byte
			for c, x := range chunks {
				binary.LittleEndian.PutUint64(a[8*c:], x)
			}
			i = d.find(a[:l])
			j += 1 + len(chunks)
			extra += len(chunks)
		}
		s := &d.slots[i]
		if s.tf == 0 {
			d.touched = append(d.touched, i)
		}
		s.tf += inc
		n = len(d.touched)
		d.touched = slices.Grow(d.touched, len(words)-j)
	}
	d.touched = d.touched[:n]
	return len(words) - extra
}

// countKnown counts the terms of words from j on, as count does, for as
// long as they are in the table. n is the length of d.touched in use,
// whose capacity has room for a slot a term. It returns where it
// stopped, that length after, and how many of the words it went past
// are not a term's first.
func countKnown(d *dict, words []uint64, j int, inc termFreq, n int) (int, int, int) {
	slots, touched := d.slots, d.touched[:cap(d.touched)]
	words = words[:len(words):len(words)] // one register fewer, as in count
	if len(slots) == 0 {
		return j, n, 0
	}
	// An int of at least zero, which spares the probes their checks of
	// slots[k].
	mask := len(slots) - 1
	extra := 0
	for j < len(words) {
		// The short terms, in a loop of their own, into which the
		// long ones do not bring their variables.
		for ; uint(j) < uint(len(words)); j++ { // uint: no check of words[j]
			word := words[j]
			if word&0xff == 0 {
				break
			}
			k := int(shortHash(word)) & mask
			s := &slots[k]
			for s.word != word {
				if s.id == 0 {
					return j, n, extra
				}
				k = (k + 1) & mask
				s = &slots[k]
			}
			if s.tf == 0 {
				touched[n] = uint32(k)
				n++
			}
			s.tf += inc
		}
		if j == len(words) {
			break
		}
		l := int(words[j] >> 8)
		chunks := words[j+1 : j+1+(l+7)>>3]
		word, h := longKey(chunks)
		tag := h&^63 | uint32(l)
		k := int(h) & mask
		s := &slots[k]
		for s.word != word || s.tag != tag || !s.is(d, chunks) {
			if s.id == 0 {
				return j, n, extra
			}
			k = (k + 1) & mask
			s = &slots[k]
		}
		if s.tf == 0 {
			touched[n] = uint32(k)
			n++
		}
		s.tf += inc
		j += 1 + len(chunks)
		extra += len(chunks)
	}
	return j, n, extra
}

// is reports whether the term of s, the same length as a long term of a
// tokenizer's batch, is that term, of which words are the bytes.
func (s *slot) is(d *dict, words []uint64) bool {
	return slices.Equal(d.long[s.long:int(s.long)+len(words)], words)
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
		if s.tf != 0 {
			d.touched = append(d.touched, i)
		}
	}
}
