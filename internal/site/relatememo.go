package site

import (
	"encoding/binary"
	"sync"

	"digest/internal/memo"
	"digest/internal/parallel"

	"github.com/zeebo/xxh3"
)

// readLists reads n lists from the head of b, each a count of at most
// most and as many numbers below n, none the list's own index, and
// returns them with the rest of b. It reports false for lists that do not
// fit.
func readLists(b []byte, n, most int) ([][]int32, []byte, bool) {
	lists := make([][]int32, n)
	flat := make([]int32, 0, n)
	for i := range n {
		k, w := binary.Uvarint(b)
		if w <= 0 || k > uint64(most) {
			return nil, nil, false
		}
		b = b[w:]
		at := len(flat)
		for range int(k) {
			o, w := binary.Uvarint(b)
			if w <= 0 || o >= uint64(n) || int(o) == i {
				return nil, nil, false
			}
			b = b[w:]
			flat = append(flat, int32(o))
		}
		lists[i] = flat[at:len(flat):len(flat)]
	}
	return lists, b, true
}

// relateKey hashes everything relate and coTags read: the number of
// listed stories, each tag's slug (coTags breaks ties by it) and stories
// by listing position (their count is the tag's weight), each listed
// story's tags by number and how many tags it has, and the stories the
// parser found about the same event, as relate sees them. An edit that
// changes no tag and no retelling, the usual one, leaves it as it was,
// and their results with it.
func relateKey(st *Site, all []*Story, tagIDs [][]int32) memo.Key {
	// In parts hashed on all cores, then the parts' hashes: the tags, and
	// runs of listed stories.
	const run = 2048
	runs := (len(st.Listed) + run - 1) / run
	sums := make([]memo.Key, 1+runs)
	parallel.For(len(sums), func(p int) error {
		var b []byte
		if p == 0 {
			b = binary.AppendUvarint(b, uint64(len(st.Listed)))
			b = binary.AppendUvarint(b, uint64(len(st.Tags)))
			for _, t := range st.Tags {
				b = binary.AppendUvarint(b, uint64(len(t.Slug)))
				b = append(b, t.Slug...)
				b = binary.AppendUvarint(b, uint64(len(t.Stories)))
				for _, o := range t.Stories {
					b = binary.AppendVarint(b, int64(o.pos))
				}
			}
			sums[p] = xxh3.Hash128(b)
			return nil
		}
		lo, hi := (p-1)*run, min(len(st.Listed), p*run)
		b = make([]byte, 0, 64*(hi-lo))
		for i := lo; i < hi; i++ {
			s := st.Listed[i]
			b = binary.AppendUvarint(b, uint64(len(s.Tags)))
			b = binary.AppendUvarint(b, uint64(len(tagIDs[i])))
			for _, j := range tagIDs[i] {
				b = binary.AppendUvarint(b, uint64(j))
			}
			b = binary.AppendUvarint(b, uint64(len(s.Story.Related)))
			for _, d := range s.Story.Related {
				// What scoreAll and sameEvent use of it: -1 for a story
				// they pass over.
				o := int32(-1)
				if d >= 0 && d < len(all) && all[d].Original == nil {
					o = all[d].pos
				}
				b = binary.AppendVarint(b, int64(o))
			}
		}
		sums[p] = xxh3.Hash128(b)
		return nil
	})
	b := make([]byte, 0, 16*len(sums))
	for _, k := range sums {
		b = binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(b, k.Hi), k.Lo)
	}
	return xxh3.Hash128(b)
}

// relateMemo is relate and coTags, side by side, taking their results
// from m when their input is the last build's, and leaving them there. m
// may be nil.
func relateMemo(st *Site, all []*Story, tagIDs [][]int32, m *memo.Table) {
	both := func() {
		var wg sync.WaitGroup
		wg.Go(func() { coTags(st.Tags, tagIDs) })
		relate(st, all, tagIDs)
		wg.Wait()
	}
	if m == nil || len(st.Listed) == 0 {
		both()
		return
	}
	key := relateKey(st, all, tagIDs)
	if b, ok := m.Lookup(key); ok && fillRelated(st, tagIDs, b) {
		m.Set(0, key, b)
		return
	}
	both()
	var b []byte
	for _, s := range st.Listed {
		b = binary.AppendUvarint(b, uint64(len(s.Related)))
		for _, r := range s.Related {
			b = binary.AppendUvarint(b, uint64(r.Story.pos))
		}
	}
	for _, t := range st.Tags {
		b = binary.AppendUvarint(b, uint64(len(t.Related)))
		for _, r := range t.Related {
			b = binary.AppendUvarint(b, uint64(r.num))
		}
	}
	m.Set(0, key, b)
}

// fillRelated gives each listed story the related stories b lists, by
// listing position, and the tags it shares with each, as relate does, and
// each tag the co-tags b lists after them, as coTags does. It reports
// false, leaving every story's and tag's list as it was, if b does not
// fit the listing and the tags.
func fillRelated(st *Site, tagIDs [][]int32, b []byte) bool {
	n := len(st.Listed)
	best, b, ok := readLists(b, n, maxRelated)
	if !ok {
		return false
	}
	// Then each tag's co-tags, by number.
	coTagged, b, ok := readLists(b, len(st.Tags), maxCoTags)
	if !ok || len(b) != 0 {
		return false
	}
	for ti, t := range st.Tags {
		t.Related = make([]*Tag, len(coTagged[ti]))
		for j, o := range coTagged[ti] {
			t.Related[j] = st.Tags[o]
		}
	}
	// Each run of stories on a core of its own, with marks of its own:
	// done in turn, this was the last thing an edit build assembled,
	// with one core idle.
	const run = 512
	parallel.For((n+run-1)/run, func(r int) error {
		mark := make([]int32, len(st.Tags))
		stamp := int32(0)
		for si := r * run; si < min(n, (r+1)*run); si++ {
			s := st.Listed[si]
			s.Related = make([]Related, 0, len(best[si]))
			for _, o := range best[si] {
				rel := st.Listed[o]
				var sh []*Tag
				if len(tagIDs[si]) == len(s.Tags) && len(tagIDs[o]) == len(rel.Tags) {
					// As relateOne's shared tags by marks.
					stamp++
					for _, j := range tagIDs[o] {
						mark[j] = stamp
					}
					for k, j := range tagIDs[si] {
						if mark[j] == stamp {
							sh = append(sh, s.Tags[k])
						}
					}
				} else {
					sh = shared(s.Tags, rel.Tags)
				}
				s.Related = append(s.Related, Related{Story: rel, Shared: sh, SharedNames: joinNames(sh)})
			}
		}
		return nil
	})
	return true
}
