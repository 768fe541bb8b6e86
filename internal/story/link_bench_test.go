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

// BenchmarkFingerprintDecode measures decoding 3,000 fingerprints from
// their memo encoding, as an edit build takes them, on one core.
func BenchmarkFingerprintDecode(b *testing.B) {
	stories := benchStories(b, 3000)
	var fb fingerprinter
	enc := make([][]byte, len(stories))
	size := 0
	for i := range stories {
		var f fingerprint
		fb.fingerprint(&stories[i], &f)
		enc[i] = appendFingerprint(nil, &f)
		size += len(enc[i])
	}
	b.SetBytes(int64(size))
	fps := make([]fingerprint, len(stories))
	for b.Loop() {
		var back fingerprinter
		for i := range enc {
			if !back.decode(enc[i], &fps[i]) {
				b.Fatal("does not decode")
			}
		}
	}
}
