package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"digest/internal/memo"

	"github.com/zeebo/xxh3"
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

// sameFiles checks that got, which may have files with no Data, holds
// the files of want, and returns how many had no Data.
func sameFiles(t *testing.T, what string, got, want []File) int {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
	}
	lazy := 0
	for i := range got {
		data := got[i].Bytes()
		if got[i].Name != want[i].Name || !bytes.Equal(data, want[i].Data) {
			t.Fatalf("%s: file %d is %s (%d bytes), want %s (%d bytes)", what, i, got[i].Name, len(data), want[i].Name, len(want[i].Data))
		}
		if got[i].Data == nil {
			lazy++
			if got[i].Size != len(data) || got[i].Sum != xxh3.Hash128(data) || got[i].crc != fileCRC(got[i].Name, data) {
				t.Fatalf("%s: %s made without its data: size, hash or CRC not its bytes'", what, got[i].Name)
			}
		}
	}
	return lazy
}

// shardFiles counts the files of files under t/.
func shardFiles(files []File) int {
	n := 0
	for _, f := range files {
		if strings.HasPrefix(f.Name, "t/") {
			n++
		}
	}
	return n
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
// but the chunks around the edits are recalled, and the files of the
// keys whose postings did not change are not made again.
func TestMemoDifferential(t *testing.T) {
	for _, procs := range []int{1, 3} {
		t.Run(fmt.Sprint(procs, "procs"), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			docs := memoDocs()
			want := files(t, docs, nil)
			if ix := build(docs, memo.Decode(nil, "v", len(docs))); ix.recalled != 0 {
				t.Fatalf("an empty memo recalled %d documents", ix.recalled)
			}
			m := memo.Decode(nil, "v", len(docs))
			if lazy := sameFiles(t, "a cold memo", files(t, docs, m), want); lazy != 0 {
				t.Errorf("a cold memo left %d files unmade", lazy)
			}

			// The same documents again: all recalled, and no key's
			// files made.
			data := m.Encode()
			if ix := build(docs, memo.Decode(data, "v", len(docs))); ix.recalled != len(docs) {
				t.Errorf("unchanged, %d of %d documents recalled", ix.recalled, len(docs))
			}
			lazy := sameFiles(t, "unchanged", files(t, docs, memo.Decode(data, "v", len(docs))), want)
			if n := shardFiles(want); lazy != n {
				t.Errorf("unchanged, %d of %d files of keys unmade", lazy, n)
			}

			// Text added to one story: only the keys of its terms are
			// made again, the documents keeping their IDs.
			one := slices.Clone(docs)
			one[1500].Text = append(slices.Clone(one[1500].Text), "an added paragraph, zyzzyva")
			lazy = sameFiles(t, "one story's text", files(t, one, memo.Decode(data, "v", len(one))), files(t, one, nil))
			if n := shardFiles(want); lazy < n*9/10 || lazy == n {
				t.Errorf("one story's text changed, %d of %d files of keys unmade", lazy, n)
			}

			// After edits, the rest recalled, and the memo then holds
			// the edited documents.
			edited := edit(docs)
			want = files(t, edited, nil)
			ix := build(edited, memo.Decode(data, "v", len(edited)))
			if min := len(edited) - 7*maxChunk; ix.recalled < min {
				t.Errorf("after seven edits, %d of %d documents recalled, want %d at least", ix.recalled, len(edited), min)
			}
			m = memo.Decode(data, "v", len(edited))
			sameFiles(t, "edited", files(t, edited, m), want)
			data = m.Encode()
			if ix := build(edited, memo.Decode(data, "v", len(edited))); ix.recalled != len(edited) {
				t.Errorf("edited and then unchanged, %d of %d documents recalled", ix.recalled, len(edited))
			}
			lazy = sameFiles(t, "edited, then unchanged", files(t, edited, memo.Decode(data, "v", len(edited))), want)
			if n := shardFiles(want); lazy != n {
				t.Errorf("edited and then unchanged, %d of %d files of keys unmade", lazy, n)
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

// TestMemoUnsound checks values that pass their checksum but whose hits
// are not as remember writes them: build notices as it writes their
// postings, and reads every document again.
func TestMemoUnsound(t *testing.T) {
	docs := memoDocs()[3200:]
	want := files(t, docs, nil)
	m := memo.Decode(nil, "v", len(docs))
	build(docs, m)
	good := memo.Decode(m.Encode(), "v", 0)
	cs := chunks(docs)
	c := cs[0]
	v, ok := good.Lookup(c.key)
	if !ok {
		t.Fatal("chunk 0 not remembered")
	}
	// Where the hits start: after the terms, the entries and the
	// documents' lengths.
	hits := func(v []byte) int {
		i := 0
		n, k := binary.Uvarint(v)
		i += k
		for range int(n) + (c.end - c.start) {
			l, k := binary.Uvarint(v[i:])
			i += k + int(l)
		}
		return i + 4*(c.end-c.start)
	}(v)
	// The first term with two documents at least: its count, documents
	// and freqs.
	at := hits
	for v[at] == 0 {
		at += 3
	}
	n := int(v[at]) + 1
	docsAt, freqsAt := at+1, at+1+n
	for _, tc := range []struct {
		what   string
		damage func(v []byte)
	}{
		{"two documents swapped", func(v []byte) { v[docsAt], v[docsAt+1] = v[docsAt+1], v[docsAt] }},
		{"a document past the chunk", func(v []byte) { v[docsAt+n-1] = byte(c.end - c.start) }},
		{"freqs 0", func(v []byte) { v[freqsAt] = 0 }},
		{"freqs wide with none left", func(v []byte) { v[freqsAt] = 0xff }},
	} {
		bad := slices.Clone(v)
		tc.damage(bad)
		binary.LittleEndian.PutUint32(bad[len(bad)-4:], checksum(c.key, bad[:len(bad)-4]))
		table := func() *memo.Table {
			m := memo.Decode(nil, "v", len(cs))
			for i, c := range cs {
				v, _ := good.Lookup(c.key)
				if i == 0 {
					v = bad
				}
				m.Set(i, c.key, v)
			}
			return memo.Decode(m.Encode(), "v", len(docs))
		}
		m := table()
		if ix := build(docs, m); ix.recalled != 0 {
			t.Errorf("%s: %d documents recalled, want none: all read again", tc.what, ix.recalled)
		}
		if ix := build(docs, memo.Decode(m.Encode(), "v", len(docs))); ix.recalled != len(docs) {
			t.Errorf("%s: the build after recalled %d of %d documents", tc.what, ix.recalled, len(docs))
		}
		sameFiles(t, tc.what, files(t, docs, table()), want)
	}
}

// TestMemoCapped checks keys with terms in more than maxPostings
// documents, whose postings shards cuts only when it makes their files:
// with a memo, unchanged, and after one story's text changed.
func TestMemoCapped(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewPCG(11, 12))
	common := strings.Fields("the of and to in a is that for it as was with be by on not he")
	var docs []Doc
	for range 2*maxPostings + 300 {
		var sb strings.Builder
		for range 1 + rng.IntN(40) {
			sb.WriteString(common[rng.IntN(1+rng.IntN(len(common)))])
			sb.WriteByte(' ')
		}
		docs = append(docs, Doc{Title: common[rng.IntN(len(common))] + " title", Text: []string{sb.String(), tokenText(rng)}})
	}
	want := files(t, docs, nil)
	m := memo.Decode(nil, "v", len(docs))
	sameFiles(t, "a cold memo", files(t, docs, m), want)
	data := m.Encode()
	if lazy, n := sameFiles(t, "unchanged", files(t, docs, memo.Decode(data, "v", len(docs))), want), shardFiles(want); lazy != n {
		t.Errorf("unchanged, %d of %d files of keys unmade", lazy, n)
	}
	one := slices.Clone(docs)
	one[5000].Text = []string{"the the the of zyzzyva"}
	sameFiles(t, "one story's text", files(t, one, memo.Decode(data, "v", len(one))), files(t, one, nil))
}
