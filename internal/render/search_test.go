package render

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/zeebo/xxh3"

	"digest/internal/memo"
)

// TestSearchKept checks that an incremental build with a search memo
// keeps the index files whose postings did not change, through publish,
// makes them when publish cannot vouch for the last build's, and writes
// a full build's files either way.
func TestSearchKept(t *testing.T) {
	sp := baseSpec()
	// build renders sp after prev with the search memo data, and
	// returns its files, its search memo and how many search files it
	// kept; lost says publish vouches for none of prev's files.
	build := func(prev map[string][]byte, data []byte, lost bool) (map[string][]byte, []byte, int) {
		t.Helper()
		s, th := sp.assemble(t)
		files := map[string][]byte{}
		var mu sync.Mutex
		kept := 0
		keep := func(name string, sum memo.Key, size int) bool {
			mu.Lock()
			defer mu.Unlock()
			b, ok := prev[name]
			if lost || !ok || len(b) != size || xxh3.Hash128(b) != sum {
				return false
			}
			files[name] = b
			if strings.HasPrefix(name, "search/") {
				kept++
			}
			return true
		}
		m := NewMemo(nil, "test", keep)
		m.Search = memo.Decode(data, "test", len(s.Stories))
		err := SiteMemo(s, th, func(name string, data []byte) error {
			mu.Lock()
			defer mu.Unlock()
			files[name] = bytes.Clone(data)
			return nil
		}, m)
		if err != nil {
			t.Fatal(err)
		}
		return files, m.Search.Encode(), kept
	}
	first, data, kept := build(nil, nil, false)
	sameFiles(t, "first", first, full(t, sp))
	if kept != 0 {
		t.Errorf("first build: %d search files kept", kept)
	}
	// The memo has a slot for each story, and the one chunk takes one:
	// the files of the keys with the others are kept, of more keys than
	// stories.
	second, data2, kept := build(first, data, false)
	sameFiles(t, "unchanged", second, first)
	s, _ := sp.assemble(t)
	if kept != len(s.Listed)-1 {
		t.Errorf("unchanged: %d search files kept, want %d", kept, len(s.Listed)-1)
	}
	third, _, lost := build(first, data, true)
	sameFiles(t, "lost files", third, first)
	if lost != 0 {
		t.Errorf("lost files: %d search files kept", lost)
	}

	sp.stories[10].Blocks[1].Text += " 0 0." // in the first key
	fourth, _, kept2 := build(second, data2, false)
	sameFiles(t, "body", fourth, full(t, sp))
	if kept2 == 0 || kept2 >= kept {
		t.Errorf("body edited: %d search files kept, %d unchanged", kept2, kept)
	}
}
