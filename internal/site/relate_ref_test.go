package site

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"digest/internal/story"
)

// TestRelateReference checks relate, with its shortcut for stories about
// the same event as five or more others, against scoring every candidate
// in a map and sorting them all, on random sites: some large enough for
// common tags' windows, with retellings, repeated and invalid same-event
// links.
func TestRelateReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	shortcut, windowed := 0, 0
	for round, n := range []int{1, 7, 60, 300, 1200} {
		stories := randomStories(rng, n)
		st, _ := Assemble(DefaultConfig(), stories, nil)
		byFile := map[string]*Story{}
		for _, s := range st.Stories {
			byFile[s.File] = s
		}
		pos := map[*Story]int{}
		for i, s := range st.Listed {
			pos[s] = i
		}
		nl := len(st.Listed)
		for si, s := range st.Listed {
			score := map[int]float64{}
			for _, tg := range s.Tags {
				var list []int
				for _, o := range tg.Stories {
					list = append(list, pos[o])
				}
				if len(list) > 400 {
					windowed++
					i, _ := slices.BinarySearch(list, si)
					list = list[max(0, i-20):min(len(list), i+21)]
				}
				w := math.Log(1 + float64(nl)/float64(len(tg.Stories)))
				for _, o := range list {
					score[o] += w
				}
			}
			same := map[int]bool{}
			for _, d := range s.Story.Related {
				if d >= 0 && d < n {
					if o := byFile[strconv.Itoa(d)]; o.Original == nil && pos[o] != si {
						score[pos[o]] += 1000
						same[pos[o]] = true
					}
				}
			}
			if len(same) >= maxRelated {
				shortcut++
			}
			var cands []int
			for o := range score {
				if o != si {
					cands = append(cands, o)
				}
			}
			slices.SortFunc(cands, func(a, b int) int { return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(a, b)) })
			cands = cands[:min(len(cands), maxRelated)]
			if len(s.Related) != len(cands) {
				t.Fatalf("round %d, story %d: %d related, want %d", round, si, len(s.Related), len(cands))
			}
			for k, o := range cands {
				r := s.Related[k]
				sh := shared(s.Tags, r.Story.Tags)
				if pos[r.Story] != o || !slices.Equal(r.Shared, sh) || r.SharedNames != joinNames(sh) {
					t.Fatalf("round %d, story %d: related %d is %d sharing %q, want %d sharing %q", round, si, k, pos[r.Story], r.SharedNames, o, joinNames(sh))
				}
			}
		}
	}
	if shortcut < 100 || windowed < 100 {
		t.Fatalf("the shortcut was taken for %d stories and windows for %d tags: too few to test them", shortcut, windowed)
	}
}

// TestGroupByKindReference checks GroupByKind against comparing every tag
// with every kind, on random lists of tags, some of kinds not in KindOrder
// and some longer than its buffer.
func TestGroupByKindReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	kinds := append(slices.Clone(KindOrder), "odd", "Person")
	for round := range 3000 {
		tags := make([]*Tag, rng.IntN(80))
		for i := range tags {
			tags[i] = &Tag{Name: strconv.Itoa(i), Kind: kinds[rng.IntN(len(kinds))]}
		}
		var want []TagGroup
		for _, k := range KindOrder {
			var g []*Tag
			for _, tg := range tags {
				if tg.Kind == k {
					g = append(g, tg)
				}
			}
			if len(g) > 0 {
				want = append(want, TagGroup{Kind: k, Label: KindLabel(k), Tags: g})
			}
		}
		got := GroupByKind(tags)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d groups, want %d", round, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Kind != w.Kind || g.Label != w.Label || !slices.Equal(g.Tags, w.Tags) || cap(g.Tags) != len(g.Tags) {
				t.Fatalf("round %d: group %d is %v, want %v", round, i, g, w)
			}
		}
	}
}

// randomStories is a site of n stories for relate's tests: dated within a
// month, some retellings, skewed tags (a few on most stories, many rare),
// and same-event links, some invalid, repeated or to the story itself.
func randomStories(rng *rand.Rand, n int) []story.Story {
	stories := make([]story.Story, n)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range stories {
		s := story.Story{File: strconv.Itoa(i), FirstLine: 1, Title: "Story " + strconv.Itoa(i), DuplicateOf: -1}
		s.Date = base.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
		if i > 0 && rng.IntN(10) == 0 {
			s.DuplicateOf = rng.IntN(i)
		}
		for range rng.IntN(16) {
			// Skewed: a few tags on most stories, many rare.
			if rng.IntN(3) == 0 {
				s.Tags = append(s.Tags, "common "+strconv.Itoa(rng.IntN(4)))
			} else {
				s.Tags = append(s.Tags, "tag "+strconv.Itoa(int(rng.ExpFloat64()*float64(1+n/20))))
			}
		}
		for range rng.IntN(12) {
			switch d := rng.IntN(n + 2); {
			case rng.IntN(20) == 0:
				s.Related = append(s.Related, -1, n+d, i)
			case len(s.Related) > 0 && rng.IntN(8) == 0:
				s.Related = append(s.Related, s.Related[0])
			default:
				s.Related = append(s.Related, d%n)
			}
		}
		stories[i] = s
	}
	return stories
}
