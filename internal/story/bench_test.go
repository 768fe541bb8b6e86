package story

import (
	"os"
	"path/filepath"
	"testing"

	"digest/bench/corpus"
)

// benchBundles writes a synthetic corpus of n stories as raw-text bundles
// into a temporary folder and returns the bundles' bytes.
func benchBundles(b *testing.B, n int) [][]byte {
	dir := b.TempDir()
	if err := corpus.Write(dir, n, corpus.Options{Seed: 1, Format: corpus.Text}); err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "content", "bundles", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no bundles written: %v", err)
	}
	var out [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// BenchmarkParse parses synthetic bundles of 1,000 stories, a paragraph a
// line, and reports MB/s and stories/s.
func BenchmarkParse(b *testing.B) {
	bundles := benchBundles(b, 1000)
	size := 0
	for _, src := range bundles {
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	stories := 0
	for b.Loop() {
		for _, src := range bundles {
			s, _ := Parse("bench.txt", src)
			stories += len(s)
		}
	}
	b.ReportMetric(float64(stories)/b.Elapsed().Seconds(), "stories/s")
}
