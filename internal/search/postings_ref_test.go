package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestPostingsDifferential holds the postings of an index to those worked
// out from refTokenizer's terms, document by document: the hits that
// fill decodes, among them term IDs of one and two units, and
// frequencies of one and three (see putFreqs).
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
	docs = append(docs, Doc{
		Title: strings.Repeat("often ", 16) + strings.Repeat("seldom ", 15),
		Text:  []string{strings.Repeat("lots ", 4094) + strings.Repeat("more ", 4095) + "often seldom"},
	}, Doc{
		Title: "often seldom",
		Tags:  []string{strings.Repeat("tagged ", 20), strings.Repeat("marked ", 15)},
		Text:  []string{strings.Repeat("lots more ", 7000), strings.Repeat("marked ", 4095)},
	})

	want := refPostings(docs)
	ix := build(docs, nil)
	if len(ix.terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(ix.terms), len(want))
	}
	for i, term := range ix.terms {
		if w := want[term]; len(w) > maxPostings {
			t.Fatalf("%q is capped", term) // not meant to be here: see TestCapDifferential
		} else if got := ix.postings(i); !slices.Equal(got, w) {
			t.Fatalf("postings of %q = %v, want %v", term, got, w)
		}
	}
}

// TestCapDifferential holds the postings of the terms in more than
// maxPostings documents to those of a plain sort: by impact, highest
// first, then by doc, keeping the first maxPostings. Documents of many
// lengths and terms in the head give every impact, and ties at the cut,
// and three workers split the documents.
func TestCapDifferential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewPCG(9, 10))
	common := strings.Fields("the of and to in a is that for it as was with be by on not he")
	var docs []Doc
	for range 3*maxPostings + 500 {
		var d Doc
		d.Title = common[rng.IntN(len(common))] + " title"
		var sb strings.Builder
		for range 1 + rng.IntN(60) {
			// Skewed, so that some terms are capped and some not.
			sb.WriteString(common[rng.IntN(1+rng.IntN(len(common)))])
			sb.WriteByte(' ')
		}
		d.Text = []string{sb.String(), tokenText(rng)}
		docs = append(docs, d)
	}
	want := refPostings(docs)
	ix := build(docs, nil)
	if len(ix.terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(ix.terms), len(want))
	}
	capped := 0
	for i, term := range ix.terms {
		w := want[term]
		if len(w) > maxPostings {
			capped++
			w = slices.Clone(w)
			slices.SortStableFunc(w, func(a, b uint32) int { return int(b&15) - int(a&15) })
			w = w[:maxPostings]
			slices.Sort(w)
		}
		if int(ix.df[i]) != len(want[term]) {
			t.Fatalf("df of %q = %d, want %d", term, ix.df[i], len(want[term]))
		}
		if got := ix.postings(i); !slices.Equal(got, w) {
			t.Fatalf("postings of %q (%d documents) differ", term, len(want[term]))
		}
	}
	if capped < 5 {
		t.Fatalf("only %d terms capped", capped)
	}
}

// refPostings works out the postings of docs, all of them, from
// refTokenizer's terms, document by document.
func refPostings(docs []Doc) map[string][]uint32 {
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

	return want
}
