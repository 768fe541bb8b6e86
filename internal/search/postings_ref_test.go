package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPostingsDifferential holds the postings of an index to those worked
// out from refTokenizer's terms, document by document: the hits that
// fill decodes, among them term IDs of one, two and three bytes.
func TestPostingsDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	docs := synth(1500, 11)
	// Enough distinct terms that a worker's IDs pass 1<<14, some of them
	// more than once in a document and in its head.
	for i := range 700 {
		var sb strings.Builder
		for k := range 80 {
			fmt.Fprintf(&sb, "u%dx%d ", i, k)
			if rng.IntN(4) == 0 {
				fmt.Fprintf(&sb, "u%dx%d, ", i, k)
			}
		}
		docs = append(docs, Doc{Title: fmt.Sprintf("u%dx3 title", i), Text: []string{sb.String(), tokenText(rng)}})
	}

	var ref refTokenizer
	type hit struct{ body, head int }
	hits := make([]map[string]hit, len(docs))
	dl := make([]int, len(docs))
	total := 0
	for i, d := range docs {
		hits[i] = map[string]hit{}
		add := func(s string, head bool) {
			for _, term := range refTerms(&ref, s) {
				h := hits[i][term]
				if head {
					h.head++
				} else {
					h.body++
				}
				hits[i][term] = h
				dl[i]++
			}
		}
		add(d.Title, true)
		for _, s := range d.Tags {
			add(s, true)
		}
		for _, s := range d.Text {
			add(s, false)
		}
		total += dl[i]
	}
	avgdl := max(1, float64(total)/float64(len(docs)))
	want := map[string][]uint32{}
	for i := range docs {
		norm := docNorm(dl[i], avgdl)
		for term, h := range hits[i] {
			q := impact(uint16(min(h.body, 65535)), uint16(min(h.head, 65535)), norm)
			want[term] = append(want[term], uint32(i)<<4|uint32(q-1))
		}
	}

	ix := build(docs)
	if len(ix.terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(ix.terms), len(want))
	}
	for i, term := range ix.terms {
		w := want[term]
		if len(w) > maxPostings {
			continue // capped: not worked out here
		}
		if got := ix.postings(i); !slices.Equal(got, w) {
			t.Fatalf("postings of %q = %v, want %v", term, got, w)
		}
	}
}
