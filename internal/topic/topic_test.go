package topic

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// paragraphs splits each text into its lines, the paragraphs Extract
// takes.
func paragraphs(docs []string) [][]string {
	out := make([][]string, len(docs))
	for i, d := range docs {
		out[i] = strings.Split(d, "\n")
	}
	return out
}

func TestExtract(t *testing.T) {
	docs := []string{
		"The court ordered more executions. Executions rose sharply, and rights groups condemned the executions in Tehran.",
		"Nuclear talks resumed in Vienna. Diplomats said the nuclear talks would continue, though the nuclear talks stalled last year.",
		"The army showed new drones on Monday. The drones fly far. Officials said the drones were cheap.",
		"Farmers expect rain. The harvest looks good this year.",
	}
	tests := []struct {
		name string
		doc  int
		want []string
	}{
		{"plural folded", 0, []string{"executions"}},
		{"two-word phrase", 1, []string{"nuclear talks"}},
		{"weekday and generic words left out", 2, []string{"drones"}},
		{"nothing repeated, nothing chosen", 3, nil},
	}
	got := Extract(paragraphs(docs), 3)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(got[tt.doc], tt.want) {
				t.Errorf("Extract(doc %d) = %q, want %q", tt.doc, got[tt.doc], tt.want)
			}
		})
	}
}

func TestExtractDeterministic(t *testing.T) {
	docs := []string{"oil prices oil prices oil output", "gas gas pipeline pipeline", "oil pipeline"}
	first := Extract(paragraphs(docs), 3)
	for i := 0; i < 20; i++ {
		if got := Extract(paragraphs(docs), 3); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d: Extract = %q, want %q", i, got, first)
		}
	}
}

// TestWordBytes checks the eight-bytes-at-a-time helpers of the scan
// against the plain byte loops they stand for.
func TestWordBytes(t *testing.T) {
	for c := range 256 {
		for at := range 8 {
			b := []byte("abcdefgh")
			b[at] = byte(c)
			want := at
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				want = 8
			}
			if got := letterRun(load64(string(b))); got != want {
				t.Errorf("letterRun(%q) = %d, want %d", b, got, want)
			}
		}
	}
	words := []string{"", "a", "Ab", "IRAN", "Tehran", "well-known", "Mixed-Case-Words", "ABCDEFGH", "abcdefghi", "Supercalifragilistic"}
	for _, w := range words {
		l := strings.ToLower(w)
		if head(l) != head(w)|lower8&headMask(len(w)) {
			t.Errorf("head(%q) does not lower-case to head(%q)", w, l)
		}
		if hashLower(w, head(l)) != hashString(l, head(l)) {
			t.Errorf("hashLower(%q) != hashString(%q)", w, l)
		}
		for _, o := range words {
			if got, want := equalLower(strings.ToLower(o), w), strings.ToLower(o) == l; got != want {
				t.Errorf("equalLower(%q, %q) = %v", strings.ToLower(o), w, got)
			}
		}
	}
}

// TestScanIDs checks that the scan gives each word the id of its lower-
// cased form, over words of a small alphabet that share heads and differ
// only after their eighth byte, scanned twice: first learnt by word, then
// found by fast, whose probe compares the heads of vslot, not strings.
func TestScanIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	seps := []string{" ", " ", " ", ", ", ". ", "; ", "\n"}
	for round := range 200 {
		var sb strings.Builder
		var want []string
		for range rng.IntN(400) {
			b := make([]byte, 1+rng.IntN(18))
			for i := range b {
				b[i] = "abAB"[rng.IntN(4)]
			}
			if rng.IntN(3) == 0 && len(b) > 9 {
				copy(b, "abababab") // a common head
			}
			w := strings.ToLower(string(b))
			if !stop[w] && len(w) >= 3 {
				want = append(want, w)
			}
			sb.Write(b)
			sb.WriteString(seps[rng.IntN(len(seps))])
		}
		v := newVocab(16)
		for pass := range 2 {
			evs := scanDoc([]string{sb.String()}, v, nil)
			if len(evs) != len(want) {
				t.Fatalf("round %d pass %d: %d events, want %d", round, pass, len(evs), len(want))
			}
			for i, ev := range evs {
				if got := v.strs[ev.lw]; got != want[i] {
					t.Fatalf("round %d pass %d: event %d is %q, want %q", round, pass, i, got, want[i])
				}
			}
		}
	}
}
