package entity

import (
	"reflect"
	"slices"
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

// TestAliasesOwnArray checks that the aliases Find gives the entities of a
// story, which share one array, are each full to capacity and not empty:
// appending to one entity's aliases, as Unify does, leaves the others be.
func TestAliasesOwnArray(t *testing.T) {
	_, paras, titles := loadSeed(t)
	for i, s := range synthStories(t, 100) {
		paras, titles = append(paras, s.paras), append(titles, s.title)
		if i%10 == 0 {
			paras, titles = append(paras, append([]string{s.title}, s.paras...)), append(titles, "")
		}
	}
	n := 0
	for i := range paras {
		ents := Find(titles[i], paras[i])
		want := make([][]string, len(ents))
		for k, e := range ents {
			want[k] = slices.Clone(e.Aliases)
		}
		for k := range ents {
			a := ents[k].Aliases
			if a == nil {
				continue
			}
			n++
			if len(a) == 0 || len(a) != cap(a) {
				t.Fatalf("story %d, %s: aliases %q of capacity %d", i, ents[k].Name, a, cap(a))
			}
			ents[k].Aliases = append(a, "appended")
		}
		for k, e := range ents {
			if e.Aliases != nil && !slices.Equal(e.Aliases[:len(e.Aliases)-1], want[k]) {
				t.Fatalf("story %d, %s: aliases %q after appending to all, want %q and one more", i, e.Name, e.Aliases, want[k])
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d entities with aliases", n)
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
