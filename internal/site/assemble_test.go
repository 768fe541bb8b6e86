package site

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// FuzzWordsIn checks the eight-bytes-at-a-time count against a byte loop.
func FuzzWordsIn(f *testing.F) {
	f.Add("two  words")
	f.Add("tabs\tand\nlines\r\nhere, and more than eight bytes")
	f.Add("\x00\x01 \x1f\x20\x21\x7f\x80\xff words")
	// Longer than a block of 31 eight-byte words, with a line break in
	// the second and none in the first.
	f.Add(strings.Repeat("Some words, and   more ", 12) + "the end\nof a line " + strings.Repeat("héllo wörld ", 30))
	f.Add(strings.Repeat("x", 248) + " " + strings.Repeat("y ", 200))
	f.Fuzz(func(t *testing.T, s string) {
		want, prev := 0, true
		for i := 0; i < len(s); i++ {
			sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
			if prev && !sp {
				want++
			}
			prev = sp
		}
		if got := wordsIn(s); got != want {
			t.Errorf("wordsIn(%q) = %d, want %d", s, got, want)
		}
	})
}

// TestBestByScore checks the written-out selection against selectBest,
// and that it leaves every candidate's score zero and no other changed.
func TestBestByScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		n := rng.IntN(40)
		score := make([]float64, 64)
		for i := range score {
			score[i] = float64(rng.IntN(6)) // many ties
		}
		cands := rng.Perm(64)[:n]
		var c, others []int32
		skip := int32(rng.IntN(70)) // sometimes no candidate
		for _, o := range cands {
			c = append(c, int32(o))
			if int32(o) != skip {
				others = append(others, int32(o))
			}
		}
		var b1, b2 [maxRelated]int32
		want := selectBest(b1[:], others, func(a, b int32) bool {
			if score[a] != score[b] {
				return score[a] > score[b]
			}
			return a < b
		})
		after := slices.Clone(score)
		if got := bestByScore(&b2, c, after, skip); !slices.Equal(got, want) {
			t.Fatalf("round %d: bestByScore(%v, skip %d) = %v, want %v", round, c, skip, got, want)
		}
		for i := range score {
			if wantScore := score[i]; slices.Contains(c, int32(i)) && after[i] != 0 || !slices.Contains(c, int32(i)) && after[i] != wantScore {
				t.Fatalf("round %d: score[%d] = %v after, was %v", round, i, after[i], score[i])
			}
		}
	}
}

func FuzzTidy(f *testing.F) {
	for _, s := range []string{"Abbas Araghchi", " lead", "trail ", "two  spaces", "tab\there", "nbsp\u00a0here", "\u0085x", "", " ", "a\vb\fc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tidy(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("tidy(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestJoinNames(t *testing.T) {
	for _, names := range [][]string{nil, {"Iran"}, {"Iran", "Tehran"}, {"Abbas Araghchi", "", "IAEA"}, {"", ""}} {
		var tags []*Tag
		for _, n := range names {
			tags = append(tags, &Tag{Name: n})
		}
		if got, want := joinNames(tags), strings.Join(names, ", "); got != want {
			t.Errorf("joinNames(%q) = %q, want %q", names, got, want)
		}
	}
}

func TestGroupByKind(t *testing.T) {
	tag := func(name, kind string) *Tag { return &Tag{Name: name, Kind: kind} }
	iran, tehran, iaea, khamenei, oil, odd := tag("Iran", "place"), tag("Tehran", "place"), tag("IAEA", "organization"), tag("Ali Khamenei", "person"), tag("oil", "topic"), tag("Odd", "no such kind")
	tests := []struct {
		tags []*Tag
		want string
	}{
		{nil, ""},
		{[]*Tag{odd}, ""},
		{[]*Tag{iran}, "place: Iran"},
		{[]*Tag{oil, iran, iaea, tehran, khamenei, odd}, "person: Ali Khamenei | organization: IAEA | place: Iran, Tehran | topic: oil"},
	}
	for _, tt := range tests {
		var parts []string
		for _, g := range GroupByKind(tt.tags) {
			if g.Label != KindLabel(g.Kind) {
				t.Errorf("group %s has label %q, want %q", g.Kind, g.Label, KindLabel(g.Kind))
			}
			parts = append(parts, g.Kind+": "+joinNames(g.Tags))
		}
		if got := strings.Join(parts, " | "); got != tt.want {
			t.Errorf("GroupByKind = %q, want %q", got, tt.want)
		}
	}
}
