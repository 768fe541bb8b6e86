package story

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// synthetic returns n stories of made-up words: every tenth retells an
// earlier one with a paragraph dropped, the rest reordered and a word
// changed, so that Link has duplicates to find.
func synthetic(n int) []Story {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx", i)
	}
	stories := make([]Story, n)
	for i := range stories {
		if i%10 == 9 {
			src := stories[r.IntN(i)]
			blocks := slices.Clone(src.Blocks[1:])
			slices.Reverse(blocks)
			blocks[0].Text = strings.Replace(blocks[0].Text, "w", "v", 1)
			stories[i] = Story{Blocks: blocks}
			continue
		}
		var blocks []Block
		for range 6 {
			words := make([]string, 60)
			for k := range words {
				words[k] = vocab[int(r.ExpFloat64()*400)%len(vocab)]
			}
			blocks = append(blocks, Block{Kind: Paragraph, Text: strings.Join(words, " ") + "."})
		}
		stories[i] = Story{Blocks: blocks}
	}
	return stories
}

func TestLinkSynthetic(t *testing.T) {
	stories := synthetic(2000)
	Link(stories, nil)
	missed, wrong := 0, 0
	for i, s := range stories {
		if i%10 == 9 && s.DuplicateOf < 0 {
			missed++
		}
		if i%10 != 9 && s.DuplicateOf >= 0 {
			wrong++
		}
		for _, j := range s.Related {
			if !slices.Contains(stories[j].Related, i) {
				t.Fatalf("story %d relates %d but not the other way", i, j)
			}
		}
	}
	if missed > 0 || wrong > 0 {
		t.Errorf("duplicates: %d retellings missed, %d stories wrongly marked", missed, wrong)
	}
	again := synthetic(2000)
	Link(again, nil)
	for i := range stories {
		if stories[i].DuplicateOf != again[i].DuplicateOf || !slices.Equal(stories[i].Related, again[i].Related) {
			t.Fatalf("story %d links differently on a second run", i)
		}
	}
}

func TestLink(t *testing.T) {
	para := func(s string) Block { return Block{Kind: Paragraph, Text: s} }
	first := []Block{
		para("The Old Bridge over the river Ems reopened to traffic on Saturday after eighteen months of repairs costing 30 million euros."),
		para("Engineers replaced the steel cables and the road surface, and strengthened the stone piers against floods."),
		para("Transport director Ruth Imhof said the bridge would carry up to forty thousand vehicles a day."),
	}
	tests := []struct {
		name    string
		second  []Block
		dup     int
		related bool
	}{
		{"same story", first, 0, false},
		{"trimmed and reordered", []Block{first[2], first[0]}, 0, false},
		{"same event, new telling", []Block{
			para("Drivers queued on Sunday to cross the Old Bridge over the Ems, a day after the repaired bridge reopened."),
			para("Transport director Ruth Imhof said the bridge would carry up to forty thousand vehicles a day."),
			para("Shopkeepers near the bridge said business had doubled since the bridge reopened."),
		}, -1, true},
		{"unrelated", []Block{
			para("Prices paid to farmers for milk and grain fell for a third month in a row, the agriculture ministry said."),
			para("The ministry blamed a glut of imports and a mild winter."),
		}, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stories := []Story{{Blocks: first}, {Blocks: tt.second}}
			Link(stories, nil)
			if got := stories[1].DuplicateOf; got != tt.dup {
				t.Errorf("DuplicateOf = %d, want %d", got, tt.dup)
			}
			if got := slices.Contains(stories[1].Related, 0) && slices.Contains(stories[0].Related, 1); got != tt.related {
				t.Errorf("related = %v (%v, %v), want %v", got, stories[0].Related, stories[1].Related, tt.related)
			}
		})
	}
}

// overlapping returns n stories whose paragraphs are random mixtures of
// the same 150 sentences, so that every story shares a quarter or so of its
// sentences with every other: no story retells another, but every bucket
// of the hashing is crowded. Every fiftieth story is an exact copy of one
// told shortly before.
func overlapping(n int) []Story {
	r := rand.New(rand.NewPCG(3, 4))
	sents := make([]string, 150)
	for i := range sents {
		words := make([]string, 12+r.IntN(16))
		for k := range words {
			words[k] = fmt.Sprintf("w%dx", r.IntN(1500))
		}
		sents[i] = strings.Join(words, " ") + "."
	}
	stories := make([]Story, n)
	for i := range stories {
		if i%50 == 49 {
			stories[i] = Story{Blocks: slices.Clone(stories[i-1-r.IntN(10)].Blocks)}
			continue
		}
		var blocks []Block
		for range 6 + r.IntN(9) {
			var p []string
			for range 2 + r.IntN(3) {
				p = append(p, sents[r.IntN(len(sents))])
			}
			blocks = append(blocks, Block{Kind: Paragraph, Text: strings.Join(p, " ")})
		}
		stories[i] = Story{Blocks: blocks}
	}
	return stories
}

func TestLinkOverlapping(t *testing.T) {
	stories := overlapping(3000)
	Link(stories, nil)
	wrong, missed := 0, 0
	for i, s := range stories {
		switch {
		case i%50 == 49 && s.DuplicateOf < 0:
			missed++
		case i%50 != 49 && s.DuplicateOf >= 0:
			wrong++
		}
	}
	// Chance mixtures that share most of the smaller story's sentences
	// are rare, not absent.
	if wrong > len(stories)/200 || missed > 0 {
		t.Errorf("%d stories wrongly marked as retellings, %d copies missed", wrong, missed)
	}
}

func BenchmarkLinkOverlapping(b *testing.B) {
	stories := overlapping(10000)
	b.ResetTimer()
	for b.Loop() {
		Link(stories, nil)
	}
}

func BenchmarkLink(b *testing.B) {
	stories := synthetic(10000)
	b.ResetTimer()
	for b.Loop() {
		Link(stories, nil)
	}
}
