package entity

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"unicode"
	"unicode/utf8"

	"digest/internal/topic"
)

// corpusFiles are the shared evaluation texts the synthetic stories are
// made from: the seed digest, the BBC bundles and the CoNLL texts.
func corpusFiles(tb testing.TB) [][]string {
	tb.Helper()
	var files []string
	files = append(files, seedDir+"iran-digest.txt")
	for _, pat := range []string{"../../../shared/corpus/dev/bundles/*.txt", "../../../shared/corpus/dev/entities/*.txt"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	var out [][]string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var lines []string
		for _, l := range strings.Split(string(raw), "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, lines)
		}
	}
	if len(out) < 2 {
		tb.Skip("shared corpus not present")
	}
	return out
}

type synthStory struct {
	title string
	paras []string
}

func (s synthStory) size() int {
	n := len(s.title)
	for _, p := range s.paras {
		n += len(p)
	}
	return n
}

// synthStories makes n news-like stories of about 3 KB from runs of real
// lines, with some words swapped for others of the corpus so that names
// vary from story to story.
func synthStories(tb testing.TB, n int) []synthStory {
	files := corpusFiles(tb)
	var capWords, lowWords []string
	for _, lines := range files {
		for _, l := range lines {
			for _, w := range strings.Fields(l) {
				r, _ := utf8.DecodeRuneInString(w)
				switch {
				case unicode.IsUpper(r):
					capWords = append(capWords, w)
				case unicode.IsLower(r):
					lowWords = append(lowWords, w)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	vary := func(l string) string {
		fs := strings.Fields(l)
		for i, w := range fs {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsUpper(r) && rng.IntN(4) == 0:
				fs[i] = capWords[rng.IntN(len(capWords))]
			case unicode.IsLower(r) && rng.IntN(10) == 0:
				fs[i] = lowWords[rng.IntN(len(lowWords))]
			}
		}
		return strings.Join(fs, " ")
	}
	out := make([]synthStory, n)
	for i := range out {
		lines := files[rng.IntN(len(files))]
		at := rng.IntN(len(lines))
		var s synthStory
		if rng.IntN(2) == 0 {
			s.title = vary(lines[at])
			at = (at + 1) % len(lines)
		}
		size := len(s.title)
		for size < 3000 {
			p := vary(lines[at])
			s.paras = append(s.paras, p)
			size += len(p)
			at = (at + 1) % len(lines)
		}
		out[i] = s
	}
	return out
}

// tagAll is the site build's tagging step: Find on all cores, then Unify
// and Extract over the whole site.
func tagAll(stories []synthStory, docs [][]string) ([][]Entity, [][]string) {
	ents := make([][]Entity, len(stories))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(stories) {
					return
				}
				ents[i] = Find(stories[i].title, stories[i].paras)
			}
		}()
	}
	wg.Wait()
	Unify(ents)
	return ents, topic.Extract(docs, 3)
}

func storyDocs(stories []synthStory) [][]string {
	docs := make([][]string, len(stories))
	for i, s := range stories {
		docs[i] = append([]string{s.title}, s.paras...)
	}
	return docs
}

// BenchmarkTag10k tags 10,000 synthetic stories of about 3 KB each.
func BenchmarkTag10k(b *testing.B) {
	stories := synthStories(b, 10000)
	docs := storyDocs(stories)
	n := 0
	for _, s := range stories {
		n += s.size()
	}
	b.SetBytes(int64(n))
	Find("", []string{"warm up"})
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		tagAll(stories, docs)
	}
	reportCPU(b, start)
}

// BenchmarkFindCorpus runs Find on one core over 1,000 synthetic stories.
func BenchmarkFindCorpus(b *testing.B) {
	stories := synthStories(b, 1000)
	n := 0
	for _, s := range stories {
		n += s.size()
	}
	b.SetBytes(int64(n))
	Find("", []string{"warm up"})
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		for _, s := range stories {
			Find(s.title, s.paras)
		}
	}
	reportCPU(b, start)
}

// BenchmarkUnify10k unifies the entities of 10,000 synthetic stories.
func BenchmarkUnify10k(b *testing.B) {
	stories := synthStories(b, 10000)
	ents := make([][]Entity, len(stories))
	for i, s := range stories {
		ents[i] = Find(s.title, s.paras)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		c := make([][]Entity, len(ents))
		for i, e := range ents {
			c[i] = append([]Entity(nil), e...)
			for j := range c[i] {
				c[i][j].Aliases = append([]string(nil), c[i][j].Aliases...)
			}
		}
		b.StartTimer()
		Unify(c)
	}
}

// cpuTime is the process's user and system time so far: on a shared
// machine it says more than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// reportCPU reports the CPU time per op since start.
func reportCPU(b *testing.B, start int64) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}
