package entity

import "unsafe"

// Bits of what a story's words table knows about a word as written.
const (
	seenLower  = 1 << iota // seen written in lower case
	seenMidCap             // seen capitalised inside a sentence
	watched                // a word the table keeps: its other bits are complete
)

// wordTable tells, for a word of one story, whether it was seen written in
// lower case or capitalised inside a sentence. Find only ever asks about
// the words that open sentences, so the table watches those alone: every
// other word of the story is tested against a small filter of the watched
// ones rather than stored. It keeps its slots from story to story.
type wordTable struct {
	slots  []wordSlot // a power of two in size
	used   []uint32   // indices of the filled slots, for reset
	filter [17]uint64 // a bit per filterKey of a watched word; the last word stays 0, for noKey
	arena  []byte     // watched words lower-cased, until reset
}

type wordSlot struct {
	s    string
	h    uint32
	bits uint8 // 0 for an empty slot
}

// hashString hashes a word for the package's small tables. It looks at
// five bytes and the length, not every byte: words that agree on those
// are rare, and the tables compare the words themselves anyway.
func hashString(s string) uint32 { return hashWord(s) }

// hashBytes is hashString(string(s)).
func hashBytes(s []byte) uint32 { return hashWord(s) }

func hashWord[T string | []byte](s T) uint32 {
	n := uint(len(s)) // unsigned: n/2 is a shift
	if n == 0 {
		return 0
	}
	h := uint32(n) ^ uint32(s[0])<<8 ^ uint32(s[n-1])<<16 ^ uint32(s[n/2])<<24
	h ^= uint32(s[n/4]) ^ uint32(s[(3*n)/4])<<12
	h *= 0x9E3779B1
	return h ^ h>>15
}

// filterKey is the index of word s's bit in the filter: from its length
// and its first and last bytes, which is cheaper than its hash and tells
// most words apart from the few watched. tokenize keeps it with each word.
func filterKey(s string) uint16 {
	n := uint(len(s))
	if n == 0 {
		return 0
	}
	return uint16((n*0x3b ^ uint(s[0])*0x11 ^ uint(s[n-1])) & 1023)
}

// noKey is a key beyond those of words, whose bit is never set.
const noKey = 1024

// filterBit is the filter's word and bit of word s.
func filterBit(s string) (word int, bit uint64) {
	k := filterKey(s)
	return int(k >> 6), 1 << (k & 63)
}

// watch makes the table keep word s.
func (t *wordTable) watch(s string) {
	h := hashString(s)
	if t.slotHashed(s, h) != nil {
		return
	}
	if 2*(len(t.used)+1) > len(t.slots) {
		t.grow()
	}
	w, b := filterBit(s)
	t.filter[w] |= b
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].bits != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = wordSlot{s: s, h: h, bits: watched}
	t.used = append(t.used, i)
}

// watchLower makes the table keep strings.ToLower(s).
func (t *wordTable) watchLower(s string) {
	var buf [64]byte
	l := lowerBytes(buf[:0], s)
	if string(l) == s {
		t.watch(s)
		return
	}
	if t.slotBytes(l) != nil {
		return
	}
	// The lower-cased word lives in the arena until reset, which never
	// writes the bytes of a word again: a full arena gets a new array.
	if len(t.arena)+len(l) > cap(t.arena) {
		t.arena = make([]byte, 0, max(2*cap(t.arena), 1024, len(l)))
	}
	start := len(t.arena)
	t.arena = append(t.arena, l...)
	t.watch(unsafe.String(&t.arena[start], len(l)))
}

// mark sets bits on word s, when the table watches it.
func (t *wordTable) mark(s string, bits uint8) {
	if w, b := filterBit(s); t.filter[w]&b == 0 {
		return
	}
	if sl := t.slot(s); sl != nil {
		sl.bits |= bits
	}
}

func (t *wordTable) grow() {
	old := t.slots
	n := max(2*len(old), 256)
	t.slots = make([]wordSlot, n)
	t.used = t.used[:0]
	mask := uint32(n - 1)
	for _, sl := range old {
		if sl.bits == 0 {
			continue
		}
		i := sl.h & mask
		for t.slots[i].bits != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
		t.used = append(t.used, i)
	}
}

func (t *wordTable) slot(s string) *wordSlot { return t.slotHashed(s, hashString(s)) }

func (t *wordTable) slotHashed(s string, h uint32) *wordSlot {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.bits == 0 {
			return nil
		}
		if sl.h == h && sl.s == s {
			return sl
		}
	}
}

// slotBytes is slot(string(s)).
func (t *wordTable) slotBytes(s []byte) *wordSlot {
	if len(t.slots) == 0 {
		return nil
	}
	h := hashBytes(s)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.bits == 0 {
			return nil
		}
		if sl.h == h && sl.s == string(s) {
			return sl
		}
	}
}

func (t *wordTable) reset() {
	for _, i := range t.used {
		t.slots[i] = wordSlot{}
	}
	t.used = t.used[:0]
	t.filter = [17]uint64{}
	t.arena = t.arena[:0]
}

// wordBits returns what the story's words say of word s.
func (f *finder) wordBits(s string) uint8 {
	if sl := f.words.slot(s); sl != nil {
		return sl.bits
	}
	return f.scanWordBits(s, seenLower|seenMidCap)
}

// lowerSeen tells whether strings.ToLower(s) was seen written in lower case.
func (f *finder) lowerSeen(s string) bool {
	var buf [64]byte
	l := lowerBytes(buf[:0], s)
	if sl := f.words.slotBytes(l); sl != nil {
		return sl.bits&seenLower != 0
	}
	return f.scanWordBits(string(l), seenLower)&seenLower != 0
}

// scanWordBits finds the bits of a word the table does not watch in the
// story's tokens themselves: the rare case, and a slow one. It stops at
// the first token that completes the bits of want: the words asked about
// are most often common ones ("in", "but"), written in lower case early on.
func (f *finder) scanWordBits(s string, want uint8) uint8 {
	var bits uint8
	// A word that is not a number keeps filterKey of its text, the others
	// noKey, which no string has: a token whose key differs is neither s
	// nor a word to count, and few tokens are left to compare.
	key := filterKey(s)
	for i, toks := range f.toks {
		p := f.texts[i]
		for k := range toks {
			t := &toks[k]
			if t.key() != key || t.text(p) != s {
				continue
			}
			if !t.cap() {
				bits |= seenLower
			} else if !t.sentStart() && !f.caps[i] {
				bits |= seenMidCap
			}
			if bits&want == want {
				return bits
			}
		}
	}
	return bits
}
