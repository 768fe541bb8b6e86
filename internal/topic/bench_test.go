package topic

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode"
	"unicode/utf8"
)

func corpusLines(tb testing.TB) [][]string {
	var files []string
	files = append(files, "../../../shared/corpus/seed/iran-digest.txt")
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
		out = append(out, strings.Split(strings.TrimRight(string(raw), "\n"), "\n"))
	}
	if len(out) < 2 {
		tb.Skip("shared corpus not present")
	}
	return out
}

// synthDocs makes n news-like docs of about 3 KB from runs of real lines,
// some words swapped for others of the corpus.
func synthDocs(tb testing.TB, n int, seed uint64) []string {
	files := corpusLines(tb)
	var capWords, lowWords []string
	for _, lines := range files {
		for _, l := range lines {
			for _, w := range strings.Fields(l) {
				r, _ := utf8.DecodeRuneInString(w)
				if unicode.IsUpper(r) {
					capWords = append(capWords, w)
				} else if unicode.IsLower(r) {
					lowWords = append(lowWords, w)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]string, n)
	for i := range out {
		lines := files[rng.IntN(len(files))]
		at := rng.IntN(len(lines))
		var sb strings.Builder
		for sb.Len() < 3000 {
			fs := strings.Fields(lines[at])
			for k, w := range fs {
				r, _ := utf8.DecodeRuneInString(w)
				if unicode.IsUpper(r) && rng.IntN(4) == 0 {
					fs[k] = capWords[rng.IntN(len(capWords))]
				} else if unicode.IsLower(r) && rng.IntN(10) == 0 {
					fs[k] = lowWords[rng.IntN(len(lowWords))]
				}
			}
			sb.WriteString(strings.Join(fs, " "))
			sb.WriteByte('\n')
			at = (at + 1) % len(lines)
		}
		out[i] = sb.String()
	}
	return out
}

// BenchmarkExtract10k extracts the topics of 10,000 synthetic stories of
// about 3 KB each.
func BenchmarkExtract10k(b *testing.B) {
	docs := synthDocs(b, 10000, 1)
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	b.SetBytes(int64(n))
	ps := paragraphs(docs)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		Extract(ps, 3)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user and system time so far: on a shared
// machine it says more than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
