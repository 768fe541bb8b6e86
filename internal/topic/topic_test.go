package topic

import (
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
