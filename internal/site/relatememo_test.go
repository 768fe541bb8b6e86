package site

import (
	"math/rand/v2"
	"slices"
	"testing"

	"digest/internal/memo"
	"digest/internal/story"
)

// relatedOf lists each story's related stories and shared tags, by file,
// then each tag's co-tags, by slug.
func relatedOf(st *Site) []string {
	var out []string
	for _, s := range st.Stories {
		line := s.File + ":"
		for _, r := range s.Related {
			line += " " + r.Story.File + " [" + r.SharedNames + "]"
		}
		out = append(out, line)
	}
	for _, t := range st.Tags {
		line := "tag " + t.Slug + ":"
		for _, r := range t.Related {
			line += " " + r.Slug
		}
		out = append(out, line)
	}
	return out
}

// TestRelateMemo checks that a build whose tags and same-event links did
// not change takes its related stories from the memo without relating
// again, and that they are what relating again gives; and that a changed
// tag relates again.
func TestRelateMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	// 4500: several runs of relateKey's and fillRelated's parts.
	for _, n := range []int{2, 40, 900, 4500} {
		stories := randomStories(rng, n)
		full, _ := Assemble(DefaultConfig(), slices.Clone(stories), nil)
		want := relatedOf(full)

		m := memo.Decode(nil, "test", n)
		st, _ := AssembleMemo(DefaultConfig(), slices.Clone(stories), nil, m)
		if got := relatedOf(st); !slices.Equal(got, want) {
			t.Fatalf("n=%d: filling the memo changed the related stories", n)
		}
		data := m.Encode()

		runs := relateRuns.Load()
		m = memo.Decode(data, "test", n)
		st, _ = AssembleMemo(DefaultConfig(), slices.Clone(stories), nil, m)
		if got := relateRuns.Load() - runs; got != 0 {
			t.Errorf("n=%d: related again %d times with nothing changed, want 0", n, got)
		}
		if got := relatedOf(st); !slices.Equal(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("n=%d: from the memo:\n got %s\nwant %s", n, got[i], want[i])
				}
			}
		}
		data = m.Encode()

		// A new tag on one story: related again, and rightly.
		edited := slices.Clone(stories)
		k := slices.IndexFunc(edited, func(s story.Story) bool {
			return s.DuplicateOf < 0 && !slices.Contains(s.Tags, "common 0")
		})
		edited[k].Tags = append(slices.Clone(edited[k].Tags), "common 0")
		again, _ := Assemble(DefaultConfig(), slices.Clone(edited), nil)
		runs = relateRuns.Load()
		st, _ = AssembleMemo(DefaultConfig(), slices.Clone(edited), nil, memo.Decode(data, "test", n))
		if got := relateRuns.Load() - runs; got != 1 {
			t.Errorf("n=%d: a changed tag related %d times, want 1", n, got)
		}
		if got, want := relatedOf(st), relatedOf(again); !slices.Equal(got, want) {
			t.Errorf("n=%d: after a changed tag the related stories differ from a build without the memo", n)
		}
	}
}

// TestFillRelatedRejects checks that a remembered result that does not
// fit the listing is not used.
func TestFillRelatedRejects(t *testing.T) {
	st, _ := Assemble(DefaultConfig(), randomStories(rand.New(rand.NewPCG(7, 8)), 30), nil)
	ids := listedTagNumbers(st)
	n, nt := len(st.Listed), len(st.Tags)
	if nt < 2 || nt > 127 {
		t.Fatalf("%d tags: the cases below need 2 to 127", nt)
	}
	stories := make([]byte, n) // no story has related stories
	for name, b := range map[string][]byte{
		"empty":               nil,
		"too many":            {maxRelated + 1},
		"itself":              append([]byte{1, 0}, make([]byte, n-1+nt)...),
		"out of range":        append([]byte{1, byte(n)}, make([]byte, n-1+nt)...),
		"short":               make([]byte, n+nt-1),
		"trailing":            make([]byte, n+nt+1),
		"no co-tags":          stories,
		"too many co-tags":    append(append(slices.Clone(stories), maxCoTags+1), make([]byte, nt-1)...),
		"co-tag itself":       append(append(slices.Clone(stories), 1, 0), make([]byte, nt-1)...),
		"co-tag out of range": append(append(slices.Clone(stories), 1, byte(nt)), make([]byte, nt-1)...),
	} {
		if fillRelated(st, ids, b) {
			t.Errorf("%s: fillRelated accepted %v", name, b)
		}
	}
	if !fillRelated(st, ids, make([]byte, n+nt)) {
		t.Error("fillRelated refused a listing of no related stories and no co-tags")
	}
}
