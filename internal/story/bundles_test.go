package story

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// devBundles is where the shared evaluation corpus keeps the BBC bundles.
// It is evaluation data owned by its publishers and is read in place, never
// copied into the project.
const devBundles = "../../../shared/corpus/dev/bundles"

type goldStory struct {
	FirstLine    int `json:"first_line"`
	LastLine     int `json:"last_line"`
	HeadlineLine int `json:"headline_line"`
	DuplicateOf  int `json:"duplicate_of"`
}

type bundle struct {
	name  string
	src   []byte
	lines int
	gold  []goldStory
}

func loadBundles(t testing.TB) []bundle {
	files, _ := filepath.Glob(filepath.Join(devBundles, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no dev bundles in %s (the shared corpus is not checked out)", devBundles)
	}
	var out []bundle
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".gold.json")
		if err != nil {
			t.Fatal(err)
		}
		var gold struct{ Stories []goldStory }
		if err := json.Unmarshal(g, &gold); err != nil {
			t.Fatal(err)
		}
		out = append(out, bundle{f, src, strings.Count(string(src), "\n") + 1, gold.Stories})
	}
	return out
}

// figures are the measures of score.py bundles.
type figures struct {
	boundaryF1, pk, headlineF1, dupF1 float64
}

type counts struct{ tp, pred, gold int }

func (c counts) f1() float64 {
	p, r := 1.0, 1.0
	if c.pred > 0 {
		p = float64(c.tp) / float64(c.pred)
	}
	if c.gold > 0 {
		r = float64(c.tp) / float64(c.gold)
	}
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// measure parses and links each bundle on its own and scores it the way
// score.py does.
func measure(bundles []bundle) figures {
	var bc, hc, dc counts
	pkErr, pkN := 0, 0
	for _, b := range bundles {
		ps, _ := Parse(b.name, b.src)
		Link(ps, nil)
		gb, pb := map[int]bool{}, map[int]bool{}
		for _, s := range b.gold[1:] {
			gb[s.FirstLine] = true
		}
		for _, s := range ps {
			if s.FirstLine != 1 {
				pb[s.FirstLine] = true
			}
		}
		bc.add(gb, pb)
		gi, pi := segIDs(b.gold, b.lines), segIDs(firstLines(ps), b.lines)
		k := max(1, int(float64(b.lines)/float64(len(b.gold))/2+0.5))
		for i := 1; i <= b.lines-k; i++ {
			pkN++
			if (gi[i] == gi[i+k]) != (pi[i] == pi[i+k]) {
				pkErr++
			}
		}
		gh, ph := map[int]bool{}, map[int]bool{}
		for _, s := range b.gold {
			if s.HeadlineLine > 0 {
				gh[s.HeadlineLine] = true
			}
		}
		for _, s := range ps {
			if s.HeadlineLine > 0 {
				ph[s.HeadlineLine] = true
			}
		}
		hc.add(gh, ph)
		gd, pd := map[int]bool{}, map[int]bool{}
		for _, s := range b.gold {
			if s.DuplicateOf >= 0 {
				gd[s.FirstLine*100000+b.gold[s.DuplicateOf].FirstLine] = true
			}
		}
		for _, s := range ps {
			if s.DuplicateOf >= 0 {
				pd[s.FirstLine*100000+ps[s.DuplicateOf].FirstLine] = true
			}
		}
		dc.add(gd, pd)
	}
	return figures{bc.f1(), float64(pkErr) / float64(pkN), hc.f1(), dc.f1()}
}

func (c *counts) add(gold, pred map[int]bool) {
	for k := range pred {
		if gold[k] {
			c.tp++
		}
	}
	c.pred += len(pred)
	c.gold += len(gold)
}

func firstLines(ps []Story) []goldStory {
	out := make([]goldStory, len(ps))
	for i, s := range ps {
		out[i].FirstLine = s.FirstLine
	}
	return out
}

func segIDs(stories []goldStory, n int) []int {
	firsts := make([]int, len(stories))
	for i, s := range stories {
		firsts[i] = s.FirstLine
	}
	sort.Ints(firsts)
	ids := make([]int, n+2)
	for j, f := range firsts {
		for l := f; l <= n; l++ {
			ids[l] = j
		}
	}
	return ids
}

// TestDevBundles checks the parser against the quality floors on the dev
// bundles.
func TestDevBundles(t *testing.T) {
	got := measure(loadBundles(t))
	t.Logf("boundary F1 %.3f, Pk %.3f, headline F1 %.3f, duplicate F1 %.3f", got.boundaryF1, got.pk, got.headlineF1, got.dupF1)
	floors := []struct {
		name      string
		got, want float64
		lower     bool
	}{
		{"boundary F1", got.boundaryF1, 0.92, false},
		{"Pk", got.pk, 0.08, true},
		{"headline F1", got.headlineF1, 0.97, false},
	}
	for _, f := range floors {
		if f.lower && f.got > f.want || !f.lower && f.got < f.want {
			t.Errorf("%s = %.3f, want %s %.3f", f.name, f.got, map[bool]string{true: "≤", false: "≥"}[f.lower], f.want)
		}
	}
}
