package entity

import (
	"reflect"
	"strings"
	"testing"
)

// findBothWays runs Find's steps on one story and returns what merge
// gives, with its packed sort keys, and what the plain way gives: the
// entities in order of first sight, stably sorted by salience.
func findBothWays(title string, paras []string) (got, want []Entity) {
	f := &finder{}
	f.prepare(title, paras)
	for i := range f.texts {
		para := i
		if title != "" {
			para = i - 1
		}
		f.paragraph(f.texts[i], f.toks[i], f.names[i], para, f.caps[i], f.figures[i])
	}
	got = f.merge()
	want = f.mst.entitiesSorted(f.mst.roots)
	return got, want
}

// TestMergeOrder checks that merge orders a story's entities as
// sortBySalience does, on the seed digest and on synthetic stories.
func TestMergeOrder(t *testing.T) {
	_, paras, titles := loadSeed(t)
	for i := range paras {
		if got, want := findBothWays(titles[i], paras[i]); !reflect.DeepEqual(got, want) {
			t.Errorf("seed story %d:\n got %v\nwant %v", i+1, got, want)
		}
	}
	n := 300
	if testing.Short() {
		n = 50
	}
	for i, s := range synthStories(t, n) {
		if got, want := findBothWays(s.title, s.paras); !reflect.DeepEqual(got, want) {
			t.Errorf("synthetic story %d:\n got %v\nwant %v", i, got, want)
		}
	}
}

func FuzzMergeOrder(f *testing.F) {
	f.Add("Khamenei urges vigilance", "Ali Khamenei met Abbas Araghchi. Araghchi and Khamenei spoke; Tehran, Iran.")
	f.Add("", "IRGC (IRGC) Islamic Revolutionary Guard Corps (IRGC). U.S. envoys in Vienna and Vienna.")
	f.Fuzz(func(t *testing.T, title, text string) {
		paras := strings.Split(text, "\n")
		if got, want := findBothWays(title, paras); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q, %q):\n got %v\nwant %v", title, paras, got, want)
		}
	})
}

// TestPlacePrepsLower checks what prevPlacePrep assumes: every word of
// placePreps is in lower case.
func TestPlacePrepsLower(t *testing.T) {
	for _, sl := range classes.slots {
		if sl.bits&placePreps != 0 && sl.s != strings.ToLower(sl.s) {
			t.Errorf("placePreps has %q", sl.s)
		}
	}
}
