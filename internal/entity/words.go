package entity

// Bits of what a story's words table knows about a word as written.
const (
	seenLower  = 1 << iota // seen written in lower case
	seenMidCap             // seen capitalised inside a sentence
)

// wordTable is an open-addressing hash set of the words of one story,
// with a few bits per word. It keeps its slots from story to story.
type wordTable struct {
	slots []wordSlot // a power of two in size
	used  []uint32   // indices of the filled slots, for reset
}

type wordSlot struct {
	s    string
	h    uint32
	bits uint8
}

func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func hashBytes(s []byte) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// add sets bits on word s.
func (t *wordTable) add(s string, bits uint8) {
	if 2*(len(t.used)+1) > len(t.slots) {
		t.grow()
	}
	h := hashString(s)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.bits == 0 {
			*sl = wordSlot{s: s, h: h, bits: bits}
			t.used = append(t.used, i)
			return
		}
		if sl.h == h && sl.s == s {
			sl.bits |= bits
			return
		}
	}
}

func (t *wordTable) grow() {
	old := t.slots
	n := max(2*len(old), 1024)
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

// get returns the bits of word s.
func (t *wordTable) get(s string) uint8 {
	if len(t.slots) == 0 {
		return 0
	}
	h := hashString(s)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.bits == 0 {
			return 0
		}
		if sl.h == h && sl.s == s {
			return sl.bits
		}
	}
}

// getBytes is get(string(s)).
func (t *wordTable) getBytes(s []byte) uint8 {
	if len(t.slots) == 0 {
		return 0
	}
	h := hashBytes(s)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.bits == 0 {
			return 0
		}
		if sl.h == h && sl.s == string(s) {
			return sl.bits
		}
	}
}

// lowerSeen tells whether strings.ToLower(s) was seen written in lower case.
func (t *wordTable) lowerSeen(s string) bool {
	var buf [64]byte
	return t.getBytes(lowerBytes(buf[:0], s))&seenLower != 0
}

func (t *wordTable) reset() {
	for _, i := range t.used {
		t.slots[i] = wordSlot{}
	}
	t.used = t.used[:0]
}
