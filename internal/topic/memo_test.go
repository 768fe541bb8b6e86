package topic

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"digest/internal/memo"
)

// sums returns the corpus's sums by strings, for comparing corpora whose
// vocabularies number the words differently.
func (c *corpus) sums() map[string]int32 {
	m := map[string]int32{}
	put := func(k string, v int32) {
		if v != 0 {
			m[k] = v
		}
	}
	for id, s := range c.g.strs {
		put("occ "+s, c.occ[id])
		put("proper "+s, c.proper[id])
		put("df "+s, c.df[id])
	}
	for p, ab := range c.ab {
		put("pair "+c.g.strs[ab[0]]+" "+c.g.strs[ab[1]], c.pairDF[p])
	}
	for f, n := range c.forms {
		ab := c.ab[f[0]]
		put("form "+c.g.strs[ab[0]]+" "+c.g.strs[ab[1]]+" as "+c.g.strs[f[1]], n)
	}
	put("n", int32(c.n))
	return m
}

// docKeys returns the keys of docs for ExtractMemo.
func docKeys(docs [][]string) []memo.Key {
	keys := make([]memo.Key, len(docs))
	for i, paras := range docs {
		var h memo.Hasher
		h.Int(len(paras))
		for _, p := range paras {
			h.String(p)
		}
		keys[i] = h.Key()
	}
	return keys
}

// TestExtractMemo edits a corpus at random, build after build, and checks
// that ExtractMemo, from what the last build left, picks what Extract
// picks from scratch, and that its sums are those worked out from every
// story again. The edits add and take away words, capitals (which make a
// word a name), stories and copies of stories.
func TestExtractMemo(t *testing.T) {
	for _, tc := range []struct{ n, max, rounds int }{{400, 3, 60}, {400, 1, 60}, {30, 3, 300}, {12, 2, 300}} {
		t.Run(fmt.Sprintf("n=%d,max=%d", tc.n, tc.max), func(t *testing.T) { testExtractMemo(t, tc.n, tc.max, tc.rounds) })
	}
}

func testExtractMemo(t *testing.T, n, max, rounds int) {
	docs := goldenDocs(n + 400)
	docs, pool := docs[:n], docs[n:]
	words := strings.Fields("talks Talks tehran Tehran oil Oil pipelines pipeline strike strikes Strikes the and said Monday " +
		"café naïve well-known Raisi RAISI reform reformist newword Newword drones drone")
	rng := rand.New(rand.NewPCG(5, 6))
	const version = "test"
	var table []byte
	var stats []byte
	delta := 0
	for round := range rounds {
		if round > 0 {
			docs = slices.Clone(docs)
			switch r := rng.IntN(10); {
			case r < 5: // edit a paragraph
				i := rng.IntN(len(docs))
				paras := slices.Clone(docs[i])
				if len(paras) == 0 {
					paras = append(paras, "")
				}
				j := rng.IntN(len(paras))
				var sb strings.Builder
				sb.WriteString(paras[j])
				for range 1 + rng.IntN(12) {
					sb.WriteString(" " + words[rng.IntN(len(words))])
				}
				if rng.IntN(3) == 0 {
					// pairs, to add to those of the story
					a, b := words[rng.IntN(len(words))], words[rng.IntN(len(words))]
					fmt.Fprintf(&sb, ". %s %s, %s %s.", a, b, a, b)
				}
				paras[j] = sb.String()
				docs[i] = paras
			case r == 5: // a story taken away
				i := rng.IntN(len(docs))
				docs = slices.Delete(docs, i, i+1)
			case r == 6: // a story added
				docs = slices.Insert(docs, rng.IntN(len(docs)+1), pool[rng.IntN(len(pool))])
			case r == 7: // a copy of a story
				docs = append(docs, docs[rng.IntN(len(docs))])
			case r == 8: // a story replaced
				docs[rng.IntN(len(docs))] = pool[rng.IntN(len(pool))]
			}
		}
		m := &Memo{Stories: memo.Decode(table, version, len(docs)), Stats: stats, Version: version}
		got := ExtractMemo(docs, docKeys(docs), max, m)
		if want := Extract(docs, max); !reflect.DeepEqual(got, want) {
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("round %d (filled %v): story %d: got %q, want %q", round, m.filled, i, got[i], want[i])
				}
			}
		}
		if round == 0 && !m.filled {
			t.Fatal("the first build did not work out the sums")
		}
		if !m.filled {
			delta++
		}
		// The sums updated are the sums worked out again.
		c, ok := decodeCorpus(m.Stats, version, max)
		if !ok {
			t.Fatalf("round %d: the stats saved do not decode", round)
		}
		fresh := &corpus{max: max}
		fresh.fill(docs, make([]memo.Key, len(docs)), memo.Decode(nil, version, len(docs)))
		if got, want := c.sums(), fresh.sums(); !reflect.DeepEqual(got, want) {
			for k, v := range want {
				if got[k] != v {
					t.Errorf("round %d: %s = %d, want %d", round, k, got[k], v)
				}
			}
			for k, v := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("round %d: %s = %d, want none", round, k, v)
				}
			}
			t.FailNow()
		}
		stats = m.Stats
		if d, ok := m.Stories.Delta(); ok {
			table = append(slices.Clip(table), d...)
		} else {
			table = m.Stories.Encode()
		}
	}
	if delta < rounds*8/10 {
		t.Errorf("only %d of %d builds updated the sums", delta, rounds-1)
	}
}

// TestExtractMemoPairSpelling edits a story so that a pair's second word
// is spelled another way most often, while its key keeps its spelling and
// count of stories: the story that picks the pair is chosen for again,
// though it did not change and no key it has did.
func TestExtractMemoPairSpelling(t *testing.T) {
	a := []string{"Ministers held oil talks in the capital on the future of exports, and oil talks will go on."}
	b := []string{"An oil talk was given by a trader about talks over talks and more talks with talks on prices."}
	c := []string{"Grain harvests fell sharply across the region this season after weeks of drought."}
	const version = "test"
	m := &Memo{Stories: memo.Decode(nil, version, 3), Version: version}
	docs := [][]string{a, b, c}
	if got, want := ExtractMemo(docs, docKeys(docs), 3, m)[0], []string{"oil talks"}; !slices.Equal(got, want) {
		t.Fatalf("before the edit: got %q, want %q", got, want)
	}
	b2 := []string{b[0] + " Later an oil talk, then another oil talk, was given."}
	docs = [][]string{a, b2, c}
	m = &Memo{Stories: memo.Decode(m.Stories.Encode(), version, 3), Stats: m.Stats, Version: version}
	got := ExtractMemo(docs, docKeys(docs), 3, m)
	if m.filled {
		t.Fatal("the edit build worked out the sums again")
	}
	if want := []string{"oil talk"}; !slices.Equal(got[0], want) {
		t.Errorf("after the edit: got %q, want %q", got[0], want)
	}
	if want := Extract(docs, 3); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q as Extract picks", got, want)
	}
}

// TestShareAlone checks that a story's share is the same whatever stories
// its sharer saw before: the table keeps one value for each text.
func TestShareAlone(t *testing.T) {
	docs := goldenDocs(300)
	used := newSharer(true)
	for i, d := range docs {
		got := used.share(nil, d)
		if want := newSharer(false).share(nil, d); !slices.Equal(got, want) {
			t.Fatalf("story %d: share after %d others differs from its share alone", i, i)
		}
	}
}
