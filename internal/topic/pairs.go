package topic

// pairTable is an open-addressing hash map from a pair key (never 0: pair
// keys have pairFlag set) to a count or index. It remembers its filled
// slots in order of insertion, for iteration and a cheap reset.
type pairTable struct {
	keys  []uint64
	vals  []int32
	used  []uint32
	shift uint
}

func newPairTable(bits uint) *pairTable {
	t := &pairTable{}
	t.init(bits)
	return t
}

func (t *pairTable) init(bits uint) {
	t.keys = make([]uint64, 1<<bits)
	t.vals = make([]int32, 1<<bits)
	t.shift = 64 - bits
}

func (t *pairTable) hash(k uint64) uint32 { return uint32((k * 0x9E3779B97F4A7C15) >> t.shift) }

// at returns the value of k, adding it with value 0 when new.
func (t *pairTable) at(k uint64) *int32 {
	if 2*(len(t.used)+1) > len(t.keys) {
		t.grow()
	}
	mask := uint32(len(t.keys) - 1)
	for i := t.hash(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return &t.vals[i]
		case 0:
			t.keys[i] = k
			t.used = append(t.used, i)
			return &t.vals[i]
		}
	}
}

// count adds one to the value of each of ks in turn, adding it when new:
// *t.at(k)++ for each, with the room for them made first.
func (t *pairTable) count(ks []uint64) {
	for 2*(len(t.used)+len(ks)) > len(t.keys) {
		t.grow()
	}
	keys, vals := t.keys, t.vals[:len(t.keys)]
	mask, shift := uint32(len(keys)-1), t.shift
	for _, k := range ks {
		i := uint32((k*0x9E3779B97F4A7C15)>>shift) & mask
		for keys[i] != k {
			if keys[i] == 0 {
				keys[i] = k
				t.used = append(t.used, i)
				break
			}
			i = (i + 1) & mask
		}
		vals[i]++
	}
}

// get returns the value of k, if it is there.
func (t *pairTable) get(k uint64) (int32, bool) {
	mask := uint32(len(t.keys) - 1)
	for i := t.hash(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (t *pairTable) grow() {
	keys, vals, used := t.keys, t.vals, t.used
	t.init(64 - t.shift + 1)
	t.used = make([]uint32, 0, 2*len(used))
	mask := uint32(len(t.keys) - 1)
	for _, j := range used {
		i := t.hash(keys[j])
		for t.keys[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.vals[i] = keys[j], vals[j]
		t.used = append(t.used, i)
	}
}

// reset empties the table.
func (t *pairTable) reset() {
	for _, i := range t.used {
		t.keys[i], t.vals[i] = 0, 0
	}
	t.used = t.used[:0]
}

func (t *pairTable) len() int { return len(t.used) }

// drain appends to cs the keys counted at least twice, in order of
// insertion, and empties the table: reset, in the same pass.
func (t *pairTable) drain(cs []cand) []cand {
	for _, i := range t.used {
		if n := t.vals[i]; n >= 2 {
			cs = append(cs, cand{key: t.keys[i], tf: n})
		}
		t.keys[i], t.vals[i] = 0, 0
	}
	t.used = t.used[:0]
	return cs
}

// A form is one spelling of a pair's second word: the pair's index and the
// term id of the word as written.
type form [2]int32

// formTable counts forms in an open-addressing hash table: a Go map with
// array keys costs several times more in the hot loop of the pair scan.
// A filled slot has a count of at least one.
type formTable struct {
	keys  []form
	vals  []int32
	used  []uint32 // filled slots, in order of insertion
	shift uint
}

func newFormTable(bits uint) *formTable {
	t := &formTable{}
	t.init(bits)
	return t
}

func (t *formTable) init(bits uint) {
	t.keys = make([]form, 1<<bits)
	t.vals = make([]int32, 1<<bits)
	t.shift = 64 - bits
}

func (t *formTable) hash(f form) uint32 {
	h := uint64(uint32(f[0]))*0x9E3779B97F4A7C15 ^ uint64(uint32(f[1]))*0xC2B2AE3D27D4EB4F
	return uint32((h * 0x9E3779B97F4A7C15) >> t.shift)
}

// add counts n more of f.
func (t *formTable) add(f form, n int32) {
	if 2*(len(t.used)+1) > len(t.keys) {
		t.grow()
	}
	mask := uint32(len(t.keys) - 1)
	for i := t.hash(f); ; i = (i + 1) & mask {
		if t.vals[i] == 0 {
			t.keys[i], t.vals[i] = f, n
			t.used = append(t.used, i)
			return
		}
		if t.keys[i] == f {
			t.vals[i] += n
			return
		}
	}
}

func (t *formTable) grow() {
	keys, vals, used := t.keys, t.vals, t.used
	t.init(64 - t.shift + 1)
	t.used = make([]uint32, 0, 2*len(used))
	mask := uint32(len(t.keys) - 1)
	for _, j := range used {
		i := t.hash(keys[j])
		for t.vals[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.vals[i] = keys[j], vals[j]
		t.used = append(t.used, i)
	}
}

// has tells whether k is in the table.
func (t *pairTable) has(k uint64) bool {
	_, ok := t.get(k)
	return ok
}
