package entity

import (
	"slices"
	"strings"
	"testing"
)

// longGazRef is longGaz as it was first written: every span from the
// longest down, its inner tokens looked at again for each.
func (f *finder) longGazRef(p string, toks []token, i int) int {
	if i+3 > len(toks) || f.g.maxWords < 3 || !toks[i+1].word() {
		return 0
	}
	for j := min(len(toks), i+f.g.maxWords); j > i+2; j-- {
		if !toks[j-1].name() {
			continue
		}
		inner := false
		for k := i + 1; k < j-1; k++ {
			t := &toks[k]
			if !t.word() {
				inner = false
				break
			}
			if !t.cap() {
				inner = true
			}
		}
		if !inner {
			continue
		}
		if _, ok := f.g.lookupFolded(p[toks[i].start:toks[j-1].end]); ok {
			return j - i
		}
	}
	return 0
}

// checkLongGaz fails t when longGaz and longGazRef differ at any token
// of s, and returns the names found.
func checkLongGaz(t *testing.T, f *finder, s string) int {
	t.Helper()
	var ts tokStats
	toks := tokenize(s, nil, &ts)
	n := 0
	for i := range toks {
		got, want := f.longGaz(s, toks, i), f.longGazRef(s, toks, i)
		if got != want {
			t.Fatalf("longGaz(%q) at token %d = %d, want %d", s, i, got, want)
		}
		// paragraph asks longGaz only when nameWithin says it may find one
		k, _ := slices.BinarySearch(ts.names, int32(i+1))
		after := ts.names[k:] // the name tokens after i
		if got > 0 && !nameWithin(after, i+2, i+f.g.maxWords) {
			t.Fatalf("longGaz(%q) at token %d = %d, but nameWithin(%v, %d, %d) is false", s, i, got, after, i+2, i+f.g.maxWords)
		}
		if got > 0 {
			n++
		}
	}
	return n
}

// longGazSeeds are the token seeds, and the gazetteer's names with a
// lower-case word inside set in sentences, whole and cut short.
func longGazSeeds(tb testing.TB) []string {
	seeds := tokenSeeds(tb)
	g := loadGazetteer()
	for _, n := range g.names {
		for _, e := range n.exact {
			w := strings.Fields(e.form)
			if len(w) < 3 || !strings.ContainsFunc(strings.Join(w[1:len(w)-1], ""), func(r rune) bool { return 'a' <= r && r <= 'z' }) {
				continue
			}
			seeds = append(seeds,
				"Officials of the "+e.form+" said on Monday.",
				e.form+", "+e.form+" and Some "+e.form+" Office",
				strings.Join(w[:len(w)-1], " ")+" Iran "+w[len(w)-1],
				strings.ToUpper(e.form)+" of "+e.form+"'s")
		}
	}
	return seeds
}

func TestLongGazRef(t *testing.T) {
	f := &finder{g: loadGazetteer()}
	n := 0
	for _, s := range longGazSeeds(t) {
		n += checkLongGaz(t, f, s)
	}
	if n < 100 {
		t.Errorf("only %d names found: the seeds test too little", n)
	}
}

func FuzzLongGazRef(f *testing.F) {
	for _, s := range longGazSeeds(f) {
		f.Add(s)
	}
	fd := &finder{g: loadGazetteer()}
	f.Fuzz(func(t *testing.T, s string) {
		checkLongGaz(t, fd, s)
	})
}
