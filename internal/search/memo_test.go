package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"digest/internal/memo"
)

// memoDocs is synth's documents and a few with what the hits' encoding
// must carry: term IDs of two units (many distinct terms), frequencies of
// three units (above 4094 in the body, 15 in the head), and long and
// non-ASCII terms.
func memoDocs() []Doc {
	docs := synth(3000, 5)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 500 {
		var sb strings.Builder
		for k := range 80 {
			fmt.Fprintf(&sb, "w%dy%d ", i, k)
		}
		docs = append(docs, Doc{Title: fmt.Sprintf("w%dy3 Überschrift", i), Tags: []string{"tag"}, Text: []string{sb.String(), tokenText(rng)}})
	}
	return append(docs, Doc{
		Title: strings.Repeat("often ", 16) + "internationalisation-of-everything-everywhere",
		Text:  []string{strings.Repeat("lots ", 4100), "Ελληνικά café naïve"},
	})
}

func files(t *testing.T, docs []Doc, m *memo.Table) []File {
	t.Helper()
	files, err := Files(docs, m)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s: file %d is %s (%d bytes), want %s (%d bytes)", what, i, got[i].Name, len(got[i].Data), want[i].Name, len(want[i].Data))
		}
	}
}

// edit returns docs after the kinds of edits a site sees: text appended,
// a title, tags, snippet and path changed, a story added at the top, one
// removed, one moved: seven chunks changed at most.
func edit(docs []Doc) []Doc {
	docs = slices.Clone(docs)
	docs[10].Text = append(slices.Clone(docs[10].Text), "an added paragraph, zyzzyva")
	docs[700].Title = "A new title"
	docs[1800].Tags = []string{"retagged", "Über"}
	docs[2000].Snippet = "A new snippet"
	docs[2200].Path = "moved/"
	docs = slices.Delete(docs, 2500, 2501)
	moved := docs[1200]
	docs = slices.Delete(docs, 1200, 1201)
	docs = slices.Insert(docs, 50, moved)
	return slices.Insert(docs, 0, Doc{Path: "new/", Title: "Breaking", Text: []string{"something new happened"}})
}

// TestMemoDifferential checks that an index built with a memo, cold and
// after edits, is the one built without, and that the memo is used: all
// but the chunks around the edits are recalled.
func TestMemoDifferential(t *testing.T) {
	for _, procs := range []int{1, 3} {
		t.Run(fmt.Sprint(procs, "procs"), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			docs := memoDocs()
			want := files(t, docs, nil)
			m := memo.Decode(nil, "v", len(docs))
			ix := build(docs, m)
			if ix.recalled != 0 {
				t.Fatalf("an empty memo recalled %d documents", ix.recalled)
			}
			got := files(t, docs, memo.Decode(nil, "v", len(docs)))
			sameFiles(t, "a cold memo", got, want)

			// The same documents again: all recalled.
			data := m.Encode()
			m = memo.Decode(data, "v", len(docs))
			if ix := build(docs, m); ix.recalled != len(docs) {
				t.Errorf("unchanged, %d of %d documents recalled", ix.recalled, len(docs))
			}
			m = memo.Decode(data, "v", len(docs))
			got = files(t, docs, m)
			sameFiles(t, "unchanged", got, want)

			// After edits, the rest recalled, and the memo then holds
			// the edited documents.
			edited := edit(docs)
			want = files(t, edited, nil)
			m = memo.Decode(data, "v", len(edited))
			ix = build(edited, m)
			if min := len(edited) - 7*maxChunk; ix.recalled < min {
				t.Errorf("after seven edits, %d of %d documents recalled, want %d at least", ix.recalled, len(edited), min)
			}
			got = files(t, edited, memo.Decode(data, "v", len(edited)))
			sameFiles(t, "edited", got, want)
			m = memo.Decode(m.Encode(), "v", len(edited))
			if ix := build(edited, m); ix.recalled != len(edited) {
				t.Errorf("edited and then unchanged, %d of %d documents recalled", ix.recalled, len(edited))
			}
		})
	}
}

// TestMemoDamaged checks that a memo whose values are damaged, in any
// byte, or swapped between chunks, costs time but not correctness.
func TestMemoDamaged(t *testing.T) {
	docs := memoDocs()[3200:] // a few chunks, with every kind of hit
	want := files(t, docs, nil)
	m := memo.Decode(nil, "v", len(docs))
	build(docs, m)
	data := m.Encode()
	cs := chunks(docs)
	if len(cs) < 3 {
		t.Fatalf("%d chunks, want a few", len(cs))
	}
	good := memo.Decode(data, "v", 0)
	vals := make([][]byte, len(cs))
	for i, c := range cs {
		v, ok := good.Lookup(c.key)
		if !ok {
			t.Fatalf("chunk %d not remembered", i)
		}
		vals[i] = v
	}
	table := func(vals [][]byte) *memo.Table {
		m := memo.Decode(nil, "v", len(cs))
		for i, c := range cs {
			m.Set(i, c.key, vals[i])
		}
		return memo.Decode(m.Encode(), "v", len(docs))
	}
	if ix := build(docs, table(vals)); ix.recalled != len(docs) {
		t.Fatalf("undamaged, %d of %d documents recalled", ix.recalled, len(docs))
	}
	check := func(what string, vals [][]byte) {
		t.Helper()
		m := table(vals)
		if ix := build(docs, m); ix.recalled != len(docs)-(cs[0].end-cs[0].start) {
			t.Errorf("%s: %d of %d documents recalled, want all but the first chunk's", what, ix.recalled, len(docs))
		}
		sameFiles(t, what, files(t, docs, table(vals)), want)
	}
	// Every byte of the first chunk's value flipped in turn, in a step
	// that passes through all its parts.
	v := vals[0]
	for i := 0; i < len(v); i += 1 + len(v)/40 {
		for _, x := range []byte{1, 0x80, 0xff} {
			bad := slices.Clone(vals)
			bad[0] = slices.Clone(v)
			bad[0][i] ^= x
			check(fmt.Sprintf("byte %d of %d ^ %#x", i, len(v), x), bad)
		}
	}
	for _, n := range []int{0, 1, 4, len(v) / 2, len(v) - 1} {
		bad := slices.Clone(vals)
		bad[0] = v[:n]
		check(fmt.Sprintf("cut to %d bytes", n), bad)
	}
	// A value that is sound but another chunk's: another number of
	// documents, or other terms.
	bad := slices.Clone(vals)
	bad[0] = vals[1]
	check("another chunk's", bad)
}
