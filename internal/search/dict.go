package search

// dict maps terms to dense IDs. It does what a map[string]int32 would, at
// about half the cost: the index spends most of its time looking terms up.
type dict struct {
	// slots hold hash<<32 | (term ID + 1), or 0 when empty: the hash
	// beside the ID spares a cache miss on most probes. The length is a
	// power of two.
	slots []uint64
	hash  []uint32 // by term ID
	end   []int32  // by term ID: where its bytes end in arena
	arena []byte   // the terms' bytes, one after the other
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

// id returns the ID of term, whose fnvHash is h, adding it if it is new.
func (d *dict) id(term []byte, h uint32) int32 {
	if 2*len(d.end) >= len(d.slots) {
		d.grow()
	}
	mask := uint32(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			id := int32(len(d.end))
			d.slots[i] = uint64(h)<<32 | uint64(id+1)
			d.arena = append(d.arena, term...)
			d.end = append(d.end, int32(len(d.arena)))
			d.hash = append(d.hash, h)
			return id
		}
		if uint32(s>>32) == h {
			if id := int32(uint32(s)) - 1; string(d.term(id)) == string(term) {
				return id
			}
		}
	}
}

func (d *dict) grow() {
	d.slots = make([]uint64, max(1024, 2*len(d.slots)))
	mask := uint32(len(d.slots) - 1)
	for id, h := range d.hash {
		i := h & mask
		for d.slots[i] != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = uint64(h)<<32 | uint64(id+1)
	}
}
