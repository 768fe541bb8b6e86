package entity

import (
	"strings"
	"unsafe"
)

// A wordSet is one of the fixed word lists (stopCaps, orgHeads, ...): a
// bit in one hash table from word to lists, so that a word is looked up
// once for all the lists it may be in.
type wordSet uint32

// classTable maps a word to the wordSet bits it has. It is filled before
// it is read (while the package initialises, or the gazetteer loads) and
// only read afterwards. Its arrays are of a fixed size, so that a probe
// needs no bounds check.
type classTable struct {
	slots [classSize]classSlot
	// tags has a tag of the hash of each slot's word, 0 for an empty
	// slot. Most words looked up are in no list: the probe that says so
	// reads this array, small enough to stay in the first-level cache,
	// rather than the slots.
	tags   [classSize]uint16
	n      int
	maxLen int
	next   wordSet
}

const classSize = 8192 // a power of two

type classSlot struct {
	s    string
	k    uint64 // wordKey(s)
	bits wordSet
}

var classes = classTable{next: 1}

// Bits no list has, for a token's cls: classKnown once its lists are
// known, classStop when the token ends in a full stop.
const (
	classKnown wordSet = 1 << 31
	classStop  wordSet = 1 << 30
)

// tagOf is the tag of hash h in classTable.tags: never 0.
func tagOf(h uint32) uint16 { return uint16(h>>16) | 1 }

// wordKey packs a word of one to eight bytes into a number that, with
// its length, tells it from every other word: the table compares it
// rather than the bytes. A longer word's key mixes its first and last
// eight bytes, and the bytes are compared too.
func wordKey(w string) uint64 {
	n := uint(len(w))
	switch {
	case n > 8:
		return load64(w) ^ load64(w[n-8:])*0x9E3779B97F4A7C15
	case n >= 4:
		return uint64(load32(w)) | uint64(load32(w[n-4:]))<<32
	}
	return uint64(w[0]) | uint64(w[n/2])<<8 | uint64(w[n-1])<<16
}

// classHash hashes a word of key k and length n for classTable.
func classHash(k uint64, n int) uint32 {
	return uint32((k + uint64(n)) * 0x9E3779B97F4A7C15 >> 32)
}

// set makes a new word list of the space-separated words.
func set(words string) wordSet {
	c := &classes
	bit := c.next
	if bit == classStop {
		panic("entity: too many word lists")
	}
	c.next <<= 1
	for _, w := range strings.Fields(words) {
		c.add(w, bit)
	}
	return bit
}

func (c *classTable) add(w string, bit wordSet) {
	if 2*(c.n+1) > len(c.slots) {
		panic("entity: class table full")
	}
	c.maxLen = max(c.maxLen, len(w))
	k := wordKey(w)
	h := classHash(k, len(w))
	for i := h; ; i++ {
		sl := &c.slots[i%classSize]
		if sl.bits == 0 {
			*sl = classSlot{s: w, k: k, bits: bit}
			c.tags[i%classSize] = tagOf(h)
			c.n++
			return
		}
		if sl.s == w {
			sl.bits |= bit
			return
		}
	}
}

// classOf returns the lists w is in.
func classOf(w string) wordSet { return classes.lookup(w) }

// lookup returns the bits of w. It makes no call, not even to compare
// strings, so that it needs no stack frame nor spills: it is asked about
// most words of a story.
func (c *classTable) lookup(w string) wordSet {
	n := len(w)
	if n > c.maxLen || n == 0 {
		return 0
	}
	// wordKey, written out: it is too big to inline
	var k uint64
	switch {
	case n > 8:
		k = load64(w) ^ load64(w[n-8:])*0x9E3779B97F4A7C15
	case n >= 4:
		k = uint64(load32(w)) | uint64(load32(w[n-4:]))<<32
	default:
		k = uint64(w[0]) | uint64(w[uint(n)/2])<<8 | uint64(w[n-1])<<16
	}
	h := classHash(k, n)
	tag := tagOf(h)
probe:
	for i := h; ; i++ {
		switch c.tags[i%classSize] {
		case 0:
			return 0
		case tag:
			sl := &c.slots[i%classSize]
			if sl.k != k || len(sl.s) != n {
				continue
			}
			if n > 8 {
				// sl.s == w, eight bytes at a time: memequal is a call
				a := sl.s
				for o := 0; o < n-8; o += 8 {
					if load64(a[o:]) != load64(w[o:]) {
						continue probe
					}
				}
				if load64(a[n-8:]) != load64(w[n-8:]) {
					continue
				}
			}
			return sl.bits
		}
	}
}

// classOfBytes is classOf(string(w)).
func classOfBytes(w []byte) wordSet {
	// classOf keeps nothing of the string: it may share w's bytes
	return classOf(unsafe.String(unsafe.SliceData(w), len(w)))
}

// has tells whether w is in the list.
func (s wordSet) has(w string) bool { return classOf(w)&s != 0 }

// hasBytes is has(string(w)).
func (s wordSet) hasBytes(w []byte) bool { return classOfBytes(w)&s != 0 }
