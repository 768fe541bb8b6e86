package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteDeterministic checks the promise benchmarks rely on: the same n,
// seed and format give the same files, and another seed other files.
func TestWriteDeterministic(t *testing.T) {
	for _, f := range []Format{Markdown, Text, Both} {
		a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
		for _, w := range []struct {
			dir  string
			seed uint64
		}{{a, 7}, {b, 7}, {c, 8}} {
			if err := Write(w.dir, 300, Options{Seed: w.seed, Format: f}); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := files(t, a), files(t, b); !equal(got, want) {
			t.Errorf("%s: two writes with seed 7 differ", f)
		}
		if equal(files(t, a), files(t, c)) {
			t.Errorf("%s: seeds 7 and 8 give the same corpus", f)
		}
	}
}

// TestStoriesDistinct checks that different stories share few sentences,
// so that only planted retellings are near-duplicates.
func TestStoriesDistinct(t *testing.T) {
	g, err := New(2000, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	total := 0
	for id := range 2000 {
		for _, p := range g.story(id).paras {
			for s := range strings.SplitSeq(p, ". ") {
				seen[s]++
				total++
			}
		}
	}
	if dup := total - len(seen); dup > total/50 {
		t.Errorf("%d of %d sentences are repeats", dup, total)
	}
}

func files(t *testing.T, dir string) map[string][]byte {
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equal(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
