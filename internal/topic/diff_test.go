package topic

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestTrimQuotes checks trimQuotes against strings.Trim, which it replaces.
func TestTrimQuotes(t *testing.T) {
	parts := []string{"", " ", "\t", "'", "\"", ".", ":", "‘", "’", "“", "”", "a", "Word", "é", "—", "\xe2", "\x80", "\x98", "\xe2\x80", "\xff", "x y"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var sb strings.Builder
		for range rng.IntN(7) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if got, want := trimQuotes(s), strings.Trim(s, trimSet); got != want {
			t.Fatalf("trimQuotes(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestExtractWorkers checks that the result does not depend on how the
// stories fall to workers: the corpus vocabulary is one worker's, its ids
// in the order that worker met the words.
func TestExtractWorkers(t *testing.T) {
	docs := paragraphs(synthDocs(t, 800, 3))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	want := Extract(docs, 3)
	for _, procs := range []int{2, 3, 4, 7} {
		runtime.GOMAXPROCS(procs)
		for range 3 {
			if got := Extract(docs, 3); !reflect.DeepEqual(got, want) {
				t.Fatalf("GOMAXPROCS=%d: result differs from GOMAXPROCS=1", procs)
			}
		}
	}
}

// TestLongLine checks that longLine is true only of lines that fields
// finds more than four fields in.
func TestLongLine(t *testing.T) {
	parts := []string{" ", "  ", "\t", "\n", "\r", "\v", "a", "Word", "é", "\u00a0", "\u2003", "\x00", "\x7f", "!", "\xff", "-", "'", "“"}
	rng := rand.New(rand.NewPCG(3, 4))
	var fs [4][2]int
	trues := 0
	for range 200000 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if longLine(s) {
			trues++
			if n := fields(s, &fs); n <= len(fs) {
				t.Fatalf("longLine(%q) = true, fields finds %d", s, n)
			}
		}
	}
	if trues == 0 {
		t.Fatal("longLine never true")
	}
}
