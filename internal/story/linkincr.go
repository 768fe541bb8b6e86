package story

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"

	"digest/internal/memo"
)

// What Link finds depends only on the stories' fingerprints, in order: a
// build can take most of it from the last one's when the stories are as
// many and few fingerprints changed. The links memo holds for each story,
// beside the key of the fingerprint it had, what Link found for it
// (linkState), linkChunk stories to an entry; recall trusts the entries
// only when all of them are there, for as many stories as now.
//
// A story's best source (linkDuplicates) depends on its candidates (the
// stories nearest before it in the group of each of its keys) and on
// their fingerprints. Only the groups of the changed stories' keys, old
// and new, differ, and only near the changed stories: keyChanges.mark
// marks the stories whose candidates may differ, and only they and the
// changed stories are compared again. When these are few, their
// candidates are found by one pass over all keys (fewCandidates) instead
// of by sorting all keys (neighbours).
//
// A story's relations (linkRelated) depend on the groups of its key terms,
// and on the fingerprints, key terms and DuplicateOf of it and its
// candidates. The stories whose fingerprint, key terms (chosen by
// frequencies across all stories, so they may change for a story whose
// text did not) or DuplicateOf changed are compared again, and so is every
// story whose candidates through one of their key terms, old or new, may
// differ (relDirty).
//
// Keys are grouped by their bits above a low mask that grows with their
// count: the memo is used only when the masks are the same as last time.

// linkStats counts the stories Link compared with their candidates.
type linkStats struct{ dupScored, relScored int }

// linkNow is what linkDuplicates and linkRelated found, to keep.
type linkNow struct {
	best           []int32
	rel            [][]int32
	lowDup, lowRel int // bits of their low masks
}

// linkPast is what the last build found, by story.
type linkPast struct {
	st             []linkState
	changed        []bool // the stories whose fingerprint is not the last build's
	lowDup, lowRel int
}

// A linkState is what one build found for one story.
type linkState struct {
	fp   memo.Key // of the fingerprint it had
	best int32    // linkDuplicates' best, before following retellings
	dup  int32    // DuplicateOf
	keys []uint64 // key terms
	rel  []int32  // the earlier stories it related itself to
}

// linkChunk is how many stories' states one entry of the links memo
// holds: an entry a story cost a map lookup and a hash to read, and more
// to save, than decoding it.
const linkChunk = 64

// linkKey is the memo key of chunk c of the states of n stories.
func linkKey(h *memo.Hasher, n, c int) memo.Key {
	h.Reset()
	h.String("links")
	h.Int(n)
	h.Int(c)
	return h.Key()
}

// recall returns what the last build found for as many stories as
// fpKeys, or nil when links does not hold it all or most stories changed.
func recall(links *memo.Table, fpKeys []memo.Key) *linkPast {
	n := len(fpKeys)
	if n == 0 {
		return nil
	}
	p := &linkPast{st: make([]linkState, n), changed: make([]bool, n)}
	var h memo.Hasher
	var keys arena[uint64]
	var rel arena[int32]
	changed := 0
	for c := 0; c*linkChunk < n; c++ {
		b, ok := links.Lookup(linkKey(&h, n, c))
		if !ok {
			return nil
		}
		d := fpDecoder{b: b}
		lowDup, lowRel := d.uvarint(64), d.uvarint(64)
		if c > 0 && (lowDup != p.lowDup || lowRel != p.lowRel) {
			return nil
		}
		p.lowDup, p.lowRel = lowDup, lowRel
		for i := c * linkChunk; i < min(n, (c+1)*linkChunk); i++ {
			s := &p.st[i]
			s.fp = memo.Key{Hi: d.fixed(8), Lo: d.fixed(8)}
			s.best = int32(d.uvarint(n)) - 1
			s.dup = int32(d.uvarint(n)) - 1
			nk, nr := d.uvarint(len(b)/8), d.uvarint(len(b)/4)
			if d.bad || len(b)-d.i < 8*nk+4*nr {
				return nil
			}
			// The values, of fixed size, are checked for room once.
			rest := b[d.i:]
			d.i += 8*nk + 4*nr
			s.keys = keys.alloc(nk)
			for k := range s.keys {
				s.keys[k] = binary.LittleEndian.Uint64(rest)
				rest = rest[8:]
			}
			s.rel = rel.alloc(nr)
			for k := range s.rel {
				j := binary.LittleEndian.Uint32(rest)
				rest = rest[4:]
				if j >= uint32(n) {
					return nil
				}
				s.rel[k] = int32(j)
			}
			if s.fp != fpKeys[i] {
				p.changed[i] = true
				changed++
			}
		}
		if d.bad || d.i != len(b) {
			return nil
		}
	}
	if changed > n/4 {
		// Most stories would be compared again anyway.
		return nil
	}
	return p
}

// keep leaves in links what this build found, for the next.
func keep(links *memo.Table, fpKeys []memo.Key, stories []Story, fps []fingerprint, now *linkNow) {
	n := len(stories)
	ends := make([]int, (n+linkChunk-1)/linkChunk)
	// Room for it all: 32 bytes a story at most beside its terms and
	// relations, and 4 an entry.
	size := 32*n + 4*len(ends)
	for i := range n {
		size += 8*len(fps[i].terms) + 4*len(now.rel[i])
	}
	buf := make([]byte, 0, size)
	for c := range ends {
		buf = binary.AppendUvarint(buf, uint64(now.lowDup))
		buf = binary.AppendUvarint(buf, uint64(now.lowRel))
		for i := c * linkChunk; i < min(n, (c+1)*linkChunk); i++ {
			buf = binary.LittleEndian.AppendUint64(buf, fpKeys[i].Hi)
			buf = binary.LittleEndian.AppendUint64(buf, fpKeys[i].Lo)
			buf = binary.AppendUvarint(buf, uint64(now.best[i]+1))
			buf = binary.AppendUvarint(buf, uint64(stories[i].DuplicateOf+1))
			buf = binary.AppendUvarint(buf, uint64(len(fps[i].terms)))
			buf = binary.AppendUvarint(buf, uint64(len(now.rel[i])))
			for _, t := range fps[i].terms {
				buf = binary.LittleEndian.AppendUint64(buf, t.hash)
			}
			for _, j := range now.rel[i] {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(j))
			}
		}
		ends[c] = len(buf)
	}
	var h memo.Hasher
	start := 0
	for c, end := range ends {
		links.Set(c, linkKey(&h, n, c), buf[start:end:end])
		start = end
	}
}

// dupChanges returns the keys of the changed stories, old and new, for
// linkDuplicates; or nil when past cannot be used.
func dupChanges(past *linkPast, m *memo.Table, fps []fingerprint, low uint64) *keyChanges {
	if past == nil || past.lowDup != bits.Len64(low) {
		return nil
	}
	kc := newKeyChanges(low)
	var fb fingerprinter
	var old fingerprint
	var ks []uint64
	for i, ch := range past.changed {
		if !ch {
			continue
		}
		b, ok := m.Lookup(past.st[i].fp)
		if !ok || !fb.decode(b, &old) {
			return nil
		}
		if !fps[i].empty() {
			kc.add(int32(i), dupKeys(ks[:0], &fps[i]), true)
		}
		if !old.empty() {
			kc.add(int32(i), dupKeys(ks[:0], &old), false)
		}
	}
	return kc
}

// relDirty returns which stories linkRelated must compare again, or nil
// when past cannot be used. keys[off[i]:off[i+1]] are story i's key
// terms.
func relDirty(past *linkPast, stories []Story, keys []uint64, off []int32, low uint64, runs int) []bool {
	if past == nil || past.lowRel != bits.Len64(low) {
		return nil
	}
	dirty := make([]bool, len(stories))
	kc := newKeyChanges(low)
	for i := range stories {
		now, p := keys[off[i]:off[i+1]], &past.st[i]
		if past.changed[i] || int(p.dup) != stories[i].DuplicateOf || !slices.Equal(now, p.keys) {
			dirty[i] = true
			kc.add(int32(i), now, true)
			kc.add(int32(i), p.keys, false)
		}
	}
	kc.mark(dirty, keys, off, relatedNeighbours, relatedNeighbours, false, runs)
	return dirty
}

// keyChanges holds the keys that changed stories have now or had, grouped
// as neighbours groups them (by their bits above low), with a bitmap in
// front to answer most misses. Once all are added, get finds them in an
// open-addressing table, with fewer instructions than the map: there is a
// lookup for each key of every story.
type keyChanges struct {
	low   uint64
	bloom [1 << 10]uint64
	by    map[uint64]*keyChange
	table []keySlot // see freeze
	shift int
}

type keySlot struct {
	key uint64
	ch  *keyChange // nil for an empty slot
}

// A keyChange is how one key's group changed: the changed stories that
// have it now or had it, in order, and how many of its entries they had
// and have; entries are the stories of its other entries (see mark).
type keyChange struct {
	stories       []int32
	before, after int
	entries       []int32
}

func newKeyChanges(low uint64) *keyChanges {
	return &keyChanges{low: low, by: make(map[uint64]*keyChange)}
}

// add notes that story s, added in order, has the keys ks now (after) or
// had them.
func (kc *keyChanges) add(s int32, ks []uint64, after bool) {
	for _, k := range ks {
		k &^= kc.low
		h := k >> 48
		kc.bloom[h>>6] |= 1 << (h & 63)
		ch := kc.by[k]
		if ch == nil {
			ch = &keyChange{}
			kc.by[k] = ch
		}
		if len(ch.stories) == 0 || ch.stories[len(ch.stories)-1] != s {
			ch.stories = append(ch.stories, s)
		}
		if after {
			ch.after++
		} else {
			ch.before++
		}
	}
}

// freeze fills in the table from by, for get; no key is added after.
func (kc *keyChanges) freeze() {
	size := 2
	for size < 4*len(kc.by) {
		size *= 2
	}
	kc.table = make([]keySlot, size)
	kc.shift = 64 - bits.Len(uint(size-1))
	for k, ch := range kc.by {
		h := int((k * 0x9E3779B97F4A7C15) >> kc.shift)
		for kc.table[h].ch != nil {
			h = (h + 1) & (size - 1)
		}
		kc.table[h] = keySlot{k, ch}
	}
}

// get returns how the masked key k changed, or nil; after freeze.
func (kc *keyChanges) get(k uint64) *keyChange {
	if h := k >> 48; kc.bloom[h>>6]&(1<<(h&63)) == 0 {
		return nil
	}
	h := int((k * 0x9E3779B97F4A7C15) >> (kc.shift & 63))
	for {
		s := kc.table[h]
		if s.ch == nil || s.key == k {
			return s.ch
		}
		h = (h + 1) & (len(kc.table) - 1)
	}
}

// mark marks dirty, beside the changed stories it marks already, the
// stories whose candidates (as candidates.count finds them with k and
// kBig) may differ from the last build's: story i's are the k (or kBig)
// entries nearest before its own in each group of a key it has. A changed
// key's group changed only at the entries of its changed stories, so
// story i's candidates through it are the same unless its group turned
// big or small (where that matters) or fewer than k entries of unchanged
// stories lie between the last changed story before i and i.
func (kc *keyChanges) mark(dirty []bool, keys []uint64, off []int32, k, kBig int, bigMatters bool, runs int) {
	// The entries of unchanged stories in each changed key's group, in
	// order: found in runs of stories at once, then joined in order.
	type entry struct {
		ch    *keyChange
		story int32
	}
	kc.freeze()
	cut := cuts(off, runs)
	found := make([][]entry, len(cut)-1)
	var wg sync.WaitGroup
	for r := range found {
		wg.Go(func() {
			for i := cut[r]; i < cut[r+1]; i++ {
				if dirty[i] {
					continue
				}
				for _, key := range keys[off[i]:off[i+1]] {
					if ch := kc.get(key &^ kc.low); ch != nil {
						found[r] = append(found[r], entry{ch, int32(i)})
					}
				}
			}
		})
	}
	wg.Wait()
	for _, es := range found {
		for _, e := range es {
			e.ch.entries = append(e.ch.entries, e.story)
		}
	}
	for _, ch := range kc.by {
		n := len(ch.entries)
		bigNow, bigThen := n+ch.after > k+1, n+ch.before > k+1
		kk := k
		if bigNow {
			kk = kBig
		}
		all := bigMatters && bigNow != bigThen
		// x is the next changed story after the last one before story
		// i; first, the first entry after that last one.
		x, first := 0, 0
		for p := 0; p < n; {
			i := ch.entries[p]
			for x < len(ch.stories) && ch.stories[x] < i {
				x++
			}
			if x > 0 {
				for ch.entries[first] < ch.stories[x-1] {
					first++
				}
			}
			if all || x > 0 && p-first < kk {
				dirty[i] = true
			}
			for p < n && ch.entries[p] == i {
				p++
			}
		}
	}
}

// fewDirty returns the stories marked in dirty when they are few enough
// for fewCandidates, else nil.
func fewDirty(dirty []bool) []int32 {
	if dirty == nil {
		return nil
	}
	few := []int32{}
	for i, d := range dirty {
		if d {
			if len(few) >= len(dirty)/16 {
				return nil
			}
			few = append(few, int32(i))
		}
	}
	return few
}

// A candidate is a story and the keys it shares, weighted as
// candidates.count weighs them.
type candidate struct{ story, shared int32 }

// fewCandidates returns the candidates of each of the stories few (in
// increasing order), as candidates.count finds them (weighted) in
// neighbours(off, keys, k, kBig), though in another order, from one pass
// over all keys rather than all keys sorted. In a group of equal keys, the
// entries of a story come together and the stories in order, and each
// entry of story i is linked to the k (kBig in a group of more than k+1)
// entries nearest before i's first: the pass keeps for each key of these
// stories how many entries it has and its last few, the window.
//
// It passes over runs of stories at once, as many as runs, and joins them
// in order: a window cut short at the start of its run goes on with the
// last entries of the runs before.
func fewCandidates(few []int32, keys []uint64, off []int32, low uint64, k, kBig, runs int) [][]candidate {
	const most = 4 // the window's size, a power of two
	if max(k, kBig) > most {
		panic("story: fewCandidates keeps too few entries")
	}
	type group struct {
		n     int32       // entries so far
		last  [most]int32 // the stories of the last entries, the latest at (n-1)&(most-1)
		owner int32       // the story whose window snap is
		snap  [most]int32 // the window of owner's entries, nearest first
		snapN int32
	}
	// An open-addressing table from the keys of the stories few to
	// their groups: a slot holds a key, its low bits clear, and in them
	// its group's index+1; 0 when empty. There are fewer groups than
	// keys, which the low bits number.
	size := 2
	for size < 4*int(sumKeys(few, off)) {
		size *= 2
	}
	table := make([]uint64, size)
	shift := (64 - bits.Len(uint(size-1))) & 63 // below 64, which the mask tells the compiler
	groups := 0
	for _, i := range few {
		for _, key := range keys[off[i]:off[i+1]] {
			key &^= low
			h := int((key * 0x9E3779B97F4A7C15) >> shift)
			for table[h] != 0 && table[h]&^low != key {
				h = (h + 1) & (size - 1)
			}
			if table[h] == 0 {
				groups++
				table[h] = key | uint64(groups)
			}
		}
	}
	// windows[x] holds, for each entry of story few[x], its group and
	// window.
	type window struct {
		g    int32
		snap [most]int32
		n    int32
	}
	windows := make([][]window, len(few))
	// scan passes over stories [lo, hi) with gs, new groups.
	scan := func(gs []group, lo, hi int) {
		x, _ := slices.BinarySearch(few, int32(lo))
		for s := lo; s < hi; s++ {
			if x < len(few) && int(few[x]) < s {
				x++
			}
			mine := x < len(few) && int(few[x]) == s
			for _, key := range keys[off[s]:off[s+1]] {
				key &^= low
				h := int((key * 0x9E3779B97F4A7C15) >> shift)
				v := table[h]
				for v != 0 && v&^low != key {
					h = (h + 1) & (size - 1)
					v = table[h]
				}
				if v == 0 {
					continue
				}
				gi := int32(v&low) - 1
				g := &gs[gi]
				if mine {
					if g.owner != int32(s) {
						// s's first entry in the group: its window is
						// the entries before.
						g.owner, g.snapN = int32(s), min(g.n, most)
						for r := range g.snapN {
							g.snap[r] = g.last[(g.n-1-r)&(most-1)]
						}
					}
					windows[x] = append(windows[x], window{gi, g.snap, g.snapN})
				}
				g.last[g.n&(most-1)] = int32(s)
				g.n++
			}
		}
	}
	cut := cuts(off, runs)
	runs = len(cut) - 1
	gss := make([][]group, runs)
	var wg sync.WaitGroup
	for r := range runs {
		gss[r] = make([]group, groups)
		for gi := range gss[r] {
			gss[r][gi].owner = -1
		}
		wg.Go(func() { scan(gss[r], cut[r], cut[r+1]) })
	}
	wg.Wait()
	// tail is the runs before run r, joined.
	tail := gss[0]
	for r := 1; r < runs; r++ {
		x0, _ := slices.BinarySearch(few, int32(cut[r]))
		for x := x0; x < len(few) && int(few[x]) < cut[r+1]; x++ {
			for e := range windows[x] {
				w := &windows[x][e]
				t := &tail[w.g]
				for q := int32(0); w.n < most && q < t.n; q++ {
					w.snap[w.n] = t.last[(t.n-1-q)&(most-1)]
					w.n++
				}
			}
		}
		for gi := range tail {
			t, g := &tail[gi], &gss[r][gi]
			for q := max(0, g.n-most); q < g.n; q++ {
				t.last[(t.n+q)&(most-1)] = g.last[q&(most-1)]
			}
			t.n += g.n
		}
	}
	out := make([][]candidate, len(few))
	tally := make(map[int32]int32)
	for x := range few {
		clear(tally)
		for _, w := range windows[x] {
			kk, weight := k, int32(3)
			if int(tail[w.g].n) > k+1 {
				kk, weight = kBig, 1
			}
			for _, j := range w.snap[:min(int(w.n), kk)] {
				tally[j] += weight
			}
		}
		for j, n := range tally {
			out[x] = append(out[x], candidate{j, n})
		}
	}
	return out
}

// cuts returns where runs of stories, as many as runs (or stories) and of
// about as many keys, start, and where the last ends: story i's keys start
// at off[i].
func cuts(off []int32, runs int) []int {
	n := len(off) - 1
	runs = max(1, min(runs, n))
	cut := make([]int, runs+1)
	for r := 1; r < runs; r++ {
		cut[r], _ = slices.BinarySearch(off[:n], int32(int64(off[n])*int64(r)/int64(runs)))
	}
	cut[runs] = n
	return cut
}

// sumKeys is how many keys the stories few have.
func sumKeys(few []int32, off []int32) int32 {
	var n int32
	for _, i := range few {
		n += off[i+1] - off[i]
	}
	return n
}
