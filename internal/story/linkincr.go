package story

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"digest/internal/memo"
)

// What Link finds depends only on the stories' fingerprints, in order: a
// build can take most of it from the last one's when the stories are as
// many and few fingerprints changed. Each story's slot of the links memo
// holds, beside the key of the fingerprint it had, what Link found for it
// (linkState); recall trusts the slots only when all of them are there,
// for as many stories as now.
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

// linkKey is the memo key of story i's slot among n.
func linkKey(h *memo.Hasher, n, i int) memo.Key {
	h.Reset()
	h.String("link")
	h.Int(n)
	h.Int(i)
	return h.Key()
}

// recall returns what the last build found for as many stories as
// fpKeys, or nil when links does not hold it all or most stories changed.
func recall(links *memo.Table, fpKeys []memo.Key) *linkPast {
	n := len(fpKeys)
	if links.Len() != n || n == 0 {
		return nil
	}
	p := &linkPast{st: make([]linkState, n), changed: make([]bool, n)}
	var h memo.Hasher
	var keys arena[uint64]
	var rel arena[int32]
	var ks []uint64
	var rs []int32
	changed := 0
	for i := range n {
		b, ok := links.Lookup(linkKey(&h, n, i))
		if !ok {
			return nil
		}
		d := fpDecoder{b: b}
		s := &p.st[i]
		s.fp = memo.Key{Hi: d.fixed(8), Lo: d.fixed(8)}
		lowDup, lowRel := d.uvarint(64), d.uvarint(64)
		s.best = int32(d.uvarint(n)) - 1
		s.dup = int32(d.uvarint(n)) - 1
		ks = ks[:0]
		for range d.uvarint(len(b) / 8) {
			ks = append(ks, d.fixed(8))
		}
		rs = rs[:0]
		for range d.uvarint(len(b)) {
			rs = append(rs, int32(d.uvarint(n-1)))
		}
		if d.bad || d.i != len(b) || i > 0 && (lowDup != p.lowDup || lowRel != p.lowRel) {
			return nil
		}
		p.lowDup, p.lowRel = lowDup, lowRel
		s.keys, s.rel = keys.keep(ks), rel.keep(rs)
		if s.fp != fpKeys[i] {
			p.changed[i] = true
			changed++
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
	var buf []byte
	ends := make([]int, n)
	for i := range stories {
		buf = binary.LittleEndian.AppendUint64(buf, fpKeys[i].Hi)
		buf = binary.LittleEndian.AppendUint64(buf, fpKeys[i].Lo)
		buf = binary.AppendUvarint(buf, uint64(now.lowDup))
		buf = binary.AppendUvarint(buf, uint64(now.lowRel))
		buf = binary.AppendUvarint(buf, uint64(now.best[i]+1))
		buf = binary.AppendUvarint(buf, uint64(stories[i].DuplicateOf+1))
		buf = binary.AppendUvarint(buf, uint64(len(fps[i].terms)))
		for _, t := range fps[i].terms {
			buf = binary.LittleEndian.AppendUint64(buf, t.hash)
		}
		buf = binary.AppendUvarint(buf, uint64(len(now.rel[i])))
		for _, j := range now.rel[i] {
			buf = binary.AppendUvarint(buf, uint64(j))
		}
		ends[i] = len(buf)
	}
	var h memo.Hasher
	start := 0
	for i, end := range ends {
		links.Set(i, linkKey(&h, n, i), buf[start:end:end])
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
func relDirty(past *linkPast, stories []Story, keys []uint64, off []int32, low uint64) []bool {
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
	kc.mark(dirty, nil, keys, off, relatedNeighbours, relatedNeighbours, false)
	return dirty
}

// keyChanges holds the keys that changed stories have now or had, grouped
// as neighbours groups them (by their bits above low), with a bitmap in
// front to answer most misses.
type keyChanges struct {
	low   uint64
	bloom [1 << 10]uint64
	by    map[uint64]*keyChange
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

// has reports whether the masked key k changed.
func (kc *keyChanges) has(k uint64) bool {
	h := k >> 48
	return kc.bloom[h>>6]&(1<<(h&63)) != 0 && kc.by[k] != nil
}

// any reports whether one of ks changed.
func (kc *keyChanges) any(ks []uint64) bool {
	for _, k := range ks {
		if kc.has(k &^ kc.low) {
			return true
		}
	}
	return false
}

// mark marks dirty, beside the changed stories it marks already, the
// stories whose candidates (as candidates.count finds them with k and
// kBig) may differ from the last build's: story i's are the k (or kBig)
// entries nearest before its own in each group of a key it has. A changed
// key's group changed only at the entries of its changed stories, so
// story i's candidates through it are the same unless its group turned
// big or small (where that matters) or fewer than k entries of unchanged
// stories lie between the last changed story before i and i. Only the
// stories flagged are looked at (all, with flagged nil).
func (kc *keyChanges) mark(dirty, flagged []bool, keys []uint64, off []int32, k, kBig int, bigMatters bool) {
	// The entries of unchanged stories in each changed key's group, in
	// order.
	for i := range dirty {
		if dirty[i] || flagged != nil && !flagged[i] {
			continue
		}
		for _, key := range keys[off[i]:off[i+1]] {
			if key &^= kc.low; kc.has(key) {
				ch := kc.by[key]
				ch.entries = append(ch.entries, int32(i))
			}
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

// fewCandidates returns the candidates of each of the stories few, as
// candidates.count finds them (weighted) in neighbours(off, keys, k,
// kBig), though in another order, from one pass over all keys rather than
// all keys sorted. In a group of equal keys, the entries of a story come
// together and the stories in order, and each entry of story i is linked
// to the k (kBig in a group of more than k+1) entries nearest before i's
// first: the pass keeps for each key of these stories how many entries it
// has and its last few, the window.
func fewCandidates(few []int32, keys []uint64, off []int32, low uint64, k, kBig int) [][]candidate {
	const most = 4 // the window's size
	if max(k, kBig) > most {
		panic("story: fewCandidates keeps too few entries")
	}
	type group struct {
		n     int32       // entries so far
		last  [most]int32 // the stories of the last entries, the latest at (n-1)%most
		owner int32       // the story whose window snap is
		snap  [most]int32 // the window of owner's entries, nearest first
		snapN int32
	}
	// An open-addressing table from the keys of the stories few to
	// their groups.
	size := 1
	for size < 4*int(max(1, sumKeys(few, off))) {
		size *= 2
	}
	slots := make([]int32, size) // index+1 into groups, 0 for none
	slotKey := make([]uint64, size)
	shift := 64 - bits.Len(uint(size-1))
	find := func(key uint64) int {
		h := int((key * 0x9E3779B97F4A7C15) >> shift)
		for slots[h] != 0 && slotKey[h] != key {
			h = (h + 1) & (size - 1)
		}
		return h
	}
	var groups []group
	for _, i := range few {
		for _, key := range keys[off[i]:off[i+1]] {
			if h := find(key &^ low); slots[h] == 0 {
				groups = append(groups, group{owner: -1})
				slots[h], slotKey[h] = int32(len(groups)), key&^low
			}
		}
	}
	isFew := make(map[int32]int, len(few))
	for x, i := range few {
		isFew[i] = x
	}
	// windows[x] holds, for each entry of story few[x], its group and
	// window.
	type window struct {
		g    int32
		snap [most]int32
		n    int32
	}
	windows := make([][]window, len(few))
	for s := range len(off) - 1 {
		x, mine := -1, false
		for _, key := range keys[off[s]:off[s+1]] {
			// find, inline: most keys miss.
			key &^= low
			h := int((key * 0x9E3779B97F4A7C15) >> shift)
			for slots[h] != 0 && slotKey[h] != key {
				h = (h + 1) & (size - 1)
			}
			if slots[h] == 0 {
				continue
			}
			if !mine && x < 0 {
				if x, mine = isFew[int32(s)]; !mine {
					x = len(few) // not one of few: look no more
				}
			}
			gi := slots[h] - 1
			g := &groups[gi]
			if mine {
				if g.owner != int32(s) {
					// s's first entry in the group: its window is the
					// entries before.
					g.owner, g.snapN = int32(s), min(g.n, most)
					for r := range g.snapN {
						g.snap[r] = g.last[(int(g.n)-1-int(r))%most]
					}
				}
				windows[x] = append(windows[x], window{gi, g.snap, g.snapN})
			}
			g.last[int(g.n)%most] = int32(s)
			g.n++
		}
	}
	out := make([][]candidate, len(few))
	tally := make(map[int32]int32)
	for x := range few {
		clear(tally)
		for _, w := range windows[x] {
			kk, weight := k, int32(3)
			if int(groups[w.g].n) > k+1 {
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

// sumKeys is how many keys the stories few have.
func sumKeys(few []int32, off []int32) int32 {
	var n int32
	for _, i := range few {
		n += off[i+1] - off[i]
	}
	return n
}
