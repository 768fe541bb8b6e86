package story

import (
	"slices"
	"testing"
)

// benchStories parses a synthetic corpus of n stories for the Link
// benchmarks.
func benchStories(b *testing.B, n int) []Story {
	var stories []Story
	for _, src := range benchBundles(b, n) {
		s, _ := Parse("bench.txt", src)
		stories = append(stories, s...)
	}
	return stories
}

// BenchmarkLinkCorpus measures Link on 10,000 parsed stories, on all cores.
func BenchmarkLinkCorpus(b *testing.B) {
	stories := benchStories(b, 10000)
	work := slices.Clone(stories)
	for b.Loop() {
		Link(work, nil)
	}
}

// BenchmarkLinkFingerprint measures fingerprinting 3,000 stories alone, on
// one core: most of Link's CPU time.
func BenchmarkLinkFingerprint(b *testing.B) {
	stories := benchStories(b, 3000)
	fps := make([]fingerprint, len(stories))
	size := 0
	for i := range stories {
		for _, bl := range stories[i].Blocks {
			size += len(bl.Text)
		}
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		var fb fingerprinter
		for i := range stories {
			fb.fingerprint(&stories[i], &fps[i])
		}
	}
}
