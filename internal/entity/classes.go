package entity

import "strings"

// A wordSet is one of the fixed word lists (stopCaps, orgHeads, ...): a
// bit in one hash table from word to lists, so that a word is looked up
// once for all the lists it may be in.
type wordSet uint32

// classTable maps a word to the wordSet bits it has. It is filled while
// the package initialises and only read afterwards.
type classTable struct {
	slots []classSlot // a power of two in size
	// tags has a tag of the hash of each slot's word, 0 for an empty
	// slot. Most words looked up are in no list: the probe that says so
	// reads this array, small enough to stay in the first-level cache,
	// rather than the slots.
	tags   []uint16
	n      int
	maxLen int
	next   wordSet
}

type classSlot struct {
	s    string
	h    uint32
	bits wordSet
}

var classes = &classTable{slots: make([]classSlot, 8192), tags: make([]uint16, 8192), next: 1}

// Bits no list has, for a token's cls: classKnown once its lists are
// known, classStop when the token ends in a full stop.
const (
	classKnown wordSet = 1 << 31
	classStop  wordSet = 1 << 30
)

// tagOf is the tag of hash h in classTable.tags: never 0.
func tagOf(h uint32) uint16 { return uint16(h>>16) | 1 }

// set makes a new word list of the space-separated words.
func set(words string) wordSet {
	c := classes
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
	if 4*(c.n+1) > len(c.slots) {
		panic("entity: class table full")
	}
	c.maxLen = max(c.maxLen, len(w))
	h := hashString(w)
	mask := uint32(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &c.slots[i]
		if sl.bits == 0 {
			*sl = classSlot{s: w, h: h, bits: bit}
			c.tags[i] = tagOf(h)
			c.n++
			return
		}
		if sl.h == h && sl.s == w {
			sl.bits |= bit
			return
		}
	}
}

// classOf returns the lists w is in.
func classOf(w string) wordSet {
	c := classes
	if len(w) > c.maxLen || len(w) == 0 {
		return 0
	}
	h := hashString(w)
	tag := tagOf(h)
	mask := uint32(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch c.tags[i] {
		case 0:
			return 0
		case tag:
			if sl := &c.slots[i]; sl.h == h && sl.s == w {
				return sl.bits
			}
		}
	}
}

// classOfBytes is classOf(string(w)).
func classOfBytes(w []byte) wordSet {
	c := classes
	if len(w) > c.maxLen || len(w) == 0 {
		return 0
	}
	h := hashBytes(w)
	tag := tagOf(h)
	mask := uint32(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch c.tags[i] {
		case 0:
			return 0
		case tag:
			if sl := &c.slots[i]; sl.h == h && sl.s == string(w) {
				return sl.bits
			}
		}
	}
}

// has tells whether w is in the list.
func (s wordSet) has(w string) bool { return classOf(w)&s != 0 }

// hasBytes is has(string(w)).
func (s wordSet) hasBytes(w []byte) bool { return classOfBytes(w)&s != 0 }
