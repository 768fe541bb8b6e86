package story

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"testing"

	"digest/internal/memo"
)

// linkBuild is one build's Link with the memos the last left: it returns
// the stories linked, this build's memos and what link compared again.
func linkBuild(stories []Story, fpData, linkData []byte) ([]Story, []byte, []byte, linkStats) {
	s := slices.Clone(stories)
	fps := memo.Decode(fpData, "test", len(s))
	links := memo.Decode(linkData, "test", len(s))
	st := link(s, fps, links)
	return s, fps.Encode(), links.Encode(), st
}

// incrCorpus is stories with real retellings (a digest of news), made-up
// retellings and stories that all share stock sentences.
func incrCorpus(t *testing.T) []Story {
	src, err := os.ReadFile("../../content/2025-01-28-iran-digest.txt")
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := Parse("2025-01-28-iran-digest.txt", src)
	return slices.Concat(digest, synthetic(300), overlapping(300))
}

// TestLinkAgain checks that Link with what the last build found, after
// each of a chain of edits, finds what Link finds from nothing, and that
// after a small edit it compares few stories again.
func TestLinkAgain(t *testing.T) {
	t.Run("one run", testLinkAgain)
	// Passes over all keys in runs of stories, as with many stories.
	defer func(m int) { manyKeys = m }(manyKeys)
	manyKeys = 0
	t.Run("runs", func(t *testing.T) {
		defer func(p int) { runtime.GOMAXPROCS(p) }(runtime.GOMAXPROCS(3))
		testLinkAgain(t)
	})
}

func testLinkAgain(t *testing.T) {
	stories := incrCorpus(t)
	n := len(stories)
	r := rand.New(rand.NewPCG(5, 6))
	edits := []struct {
		name string
		edit func(s []Story) []Story
	}{
		{"append", func(s []Story) []Story {
			k := r.IntN(len(s))
			s[k].Blocks = append(slices.Clone(s[k].Blocks), Block{Kind: Paragraph, Text: fmt.Sprintf("A new line, %d, about Tehran and the council.", r.IntN(1000))})
			return s
		}},
		{"retell", func(s []Story) []Story {
			// A story becomes a retelling of an earlier one.
			k := 1 + r.IntN(len(s)-1)
			s[k].Blocks = slices.Clone(s[r.IntN(k)].Blocks)
			return s
		}},
		{"retell-trimmed", func(s []Story) []Story {
			k := 1 + r.IntN(len(s)-1)
			src := s[r.IntN(k)].Blocks
			s[k].Blocks = slices.Clone(src[:max(1, len(src)/2)])
			return s
		}},
		{"source", func(s []Story) []Story {
			// The first telling of a story retold later changes.
			for k := range s {
				if d := s[k].DuplicateOf; d >= 0 {
					s[d].Blocks = slices.Clone(s[d].Blocks[:max(1, len(s[d].Blocks)-1)])
					break
				}
			}
			return s
		}},
		{"empty", func(s []Story) []Story {
			s[r.IntN(len(s))].Blocks = nil
			return s
		}},
		{"swap", func(s []Story) []Story {
			i, j := r.IntN(len(s)), r.IntN(len(s))
			s[i], s[j] = s[j], s[i]
			return s
		}},
		{"two", func(s []Story) []Story {
			for range 2 {
				k := r.IntN(len(s))
				s[k].Blocks = slices.Clone(s[r.IntN(len(s))].Blocks[1:])
			}
			return s
		}},
		{"delete", func(s []Story) []Story { return slices.Delete(s, 7, 8) }},
		{"add", func(s []Story) []Story { return append(s, Story{Blocks: slices.Clone(s[3].Blocks)}) }},
	}

	_, fpData, linkData, _ := linkBuild(stories, nil, nil)
	check := func(name string) linkStats {
		t.Helper()
		want := slices.Clone(stories)
		Link(want, nil)
		got, f, l, st := linkBuild(stories, fpData, linkData)
		fpData, linkData = f, l
		for i := range got {
			if got[i].DuplicateOf != want[i].DuplicateOf || !slices.Equal(got[i].Related, want[i].Related) {
				t.Fatalf("after %s: story %d links to %d, %v; from nothing, to %d, %v",
					name, i, got[i].DuplicateOf, got[i].Related, want[i].DuplicateOf, want[i].Related)
			}
		}
		return st
	}
	if st := check("nothing"); st.dupScored != 0 || st.relScored != 0 {
		t.Errorf("with nothing changed, Link compared %d and %d stories again, want none", st.dupScored, st.relScored)
	}
	// Deleting or adding a story renumbers the stories: Link starts
	// over. Otherwise few stories are compared again for duplicates, and
	// for relations unless the edit changes which words key many stories
	// (in so small a corpus, one story's words weigh much).
	dupFew, relFew := 0, 0
	for round := range 60 {
		e := edits[round%len(edits)]
		// Stories are shared with earlier rounds' slices: edits replace
		// a story's blocks, never change them in place.
		stories = e.edit(slices.Clone(stories))
		st := check(fmt.Sprintf("edit %d (%s)", round, e.name))
		if len(stories) == n {
			dupFew += int(b2u(st.dupScored < n/4))
			relFew += int(b2u(st.relScored < n/4))
		}
		n = len(stories)
	}
	if dupFew < 35 || relFew < 15 {
		t.Errorf("of 60 edits, %d left Link comparing few stories again for duplicates and %d for relations; want 35 and 15 at least", dupFew, relFew)
	}
}

// TestLinkAgainDamaged checks that a links memo cut short, or one left for
// other stories, costs time but never a wrong link.
func TestLinkAgainDamaged(t *testing.T) {
	stories := incrCorpus(t)
	want := slices.Clone(stories)
	Link(want, nil)
	_, fpData, linkData, _ := linkBuild(stories, nil, nil)
	table := memo.Decode(linkData, "test", 0)
	for _, damaged := range [][]byte{linkData[:len(linkData)/2], nil} {
		got, _, _, st := linkBuild(stories, fpData, damaged)
		if st.dupScored != len(stories) {
			t.Errorf("with a damaged memo Link compared %d stories, want all %d", st.dupScored, len(stories))
		}
		if !sameLinks(got, want) {
			t.Error("with a damaged links memo Link found other links")
		}
	}
	// The first and last entries of the table, cut short in turn at
	// many places, are found out.
	var h memo.Hasher
	chunks := (len(stories) + linkChunk - 1) / linkChunk
	if chunks < 3 {
		t.Fatalf("%d stories fill %d entries: too few to test", len(stories), chunks)
	}
	for _, i := range []int{0, chunks - 1} {
		key := linkKey(&h, len(stories), i)
		b, _ := table.Lookup(key)
		for cut := range len(b) {
			if cut > 64 && cut < len(b)-64 && cut%7 != 0 {
				continue
			}
			m := memo.Decode(nil, "test", len(stories))
			for j := range chunks {
				k := linkKey(&h, len(stories), j)
				v, _ := table.Lookup(k)
				if j == i {
					v = v[:cut]
				}
				m.Set(j, k, v)
			}
			if recall(memo.Decode(m.Encode(), "test", 0), make([]memo.Key, len(stories))) != nil {
				t.Fatalf("entry %d cut to %d of %d bytes was taken", i, cut, len(b))
			}
		}
	}
	// Without the fingerprints memo, the old fingerprints of changed
	// stories are unknown: the links memo is not used for duplicates.
	edited := slices.Clone(stories)
	edited[10].Blocks = edited[11].Blocks
	want = slices.Clone(edited)
	Link(want, nil)
	got, _, _, st := linkBuild(edited, nil, linkData)
	if !sameLinks(got, want) {
		t.Error("with no fingerprints memo, Link found other links")
	}
	if st.dupScored != len(stories) {
		t.Errorf("with no fingerprints memo, Link compared %d stories for duplicates, want all %d", st.dupScored, len(stories))
	}
}

// incrDupKeys is incrCorpus's story count, duplicate keys and each
// story's offset in them, as link makes them.
func incrDupKeys(t *testing.T) (n int, keys []uint64, off []int32) {
	stories := incrCorpus(t)
	n = len(stories)
	fps := make([]fingerprint, n)
	var fb fingerprinter
	for i := range stories {
		fb.fingerprint(&stories[i], &fps[i])
	}
	off = make([]int32, n+1)
	for i := range fps {
		if !fps[i].empty() {
			keys = dupKeys(keys, &fps[i])
		}
		off[i+1] = int32(len(keys))
	}
	return n, keys, off
}

// TestFewCandidates checks that fewCandidates finds for a story the
// candidates candidates.count finds, sharing as many keys.
func TestFewCandidates(t *testing.T) {
	n, keys, off := incrDupKeys(t)
	low := lowMask(len(keys))
	var few []int32
	for i := 0; i < n; i += 3 {
		few = append(few, int32(i))
	}
	nh := neighbours(off, slices.Clone(keys), dupNeighbours, dupStopNeighbours, 1)
	var c candidates
	total := 0
	// In runs of stories too, as many as cores and more.
	for _, runs := range []int{1, 2, 3, 16} {
		got := fewCandidates(few, keys, off, low, dupNeighbours, dupStopNeighbours, runs)
		total = 0
		for x, i := range few {
			want := map[int32]int32{}
			for _, j := range c.count(nh, i, off[i], off[i+1], n, true) {
				want[j] = c.shared(j)
			}
			have := map[int32]int32{}
			for _, cand := range got[x] {
				have[cand.story] = cand.shared
			}
			if !maps.Equal(have, want) {
				t.Fatalf("in %d runs, story %d: fewCandidates found %v, candidates.count %v", runs, i, have, want)
			}
			total += len(want)
		}
	}
	if total < 4*len(few) {
		t.Errorf("%d stories have %d candidates in all: too few to test", len(few), total)
	}
}

// TestMarkRuns checks that keyChanges.mark marks the same stories whether
// it passes over the keys in one run of stories or in several.
func TestMarkRuns(t *testing.T) {
	n, keys, off := incrDupKeys(t)
	low := lowMask(len(keys))
	mark := func(runs int) []bool {
		// Every 40th story changed, and had the keys of the next.
		kc := newKeyChanges(low)
		dirty := make([]bool, n)
		for i := 0; i+1 < n; i += 40 {
			dirty[i] = true
			kc.add(int32(i), keys[off[i]:off[i+1]], true)
			kc.add(int32(i), keys[off[i+1]:off[i+2]], false)
		}
		kc.mark(dirty, keys, off, dupNeighbours, dupStopNeighbours, true, runs)
		return dirty
	}
	want := mark(1)
	marked := 0
	for _, d := range want {
		marked += int(b2u(d))
	}
	if marked <= n/40+1 {
		t.Fatalf("mark marked %d stories, no more than the changed ones", marked)
	}
	for _, runs := range []int{2, 3, 16} {
		if got := mark(runs); !slices.Equal(got, want) {
			t.Errorf("in %d runs, mark marked other stories than in one", runs)
		}
	}
}
