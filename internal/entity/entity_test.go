package entity

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		title string
		paras []string
		want  []string // "Name/kind" that must be found
		not   []string // names that must not be found
	}{
		{
			name:  "title stripped and surname merged",
			paras: []string{"Foreign Minister Anna Lindqvist said on Monday the talks would go on.", "Lindqvist's aides agreed."},
			want:  []string{"Anna Lindqvist/person"},
			not:   []string{"Lindqvist", "Foreign Minister", "Monday"},
		},
		{
			name:  "acronym merged with its expansion",
			paras: []string{"The Northern Grain Marketing Board (NGMB) raised prices.", "The NGMB said demand was strong."},
			want:  []string{"Northern Grain Marketing Board/organization"},
			not:   []string{"NGMB"},
		},
		{
			name:  "US forms are one place",
			paras: []string{"The U.S. and the United States Treasury disagree.", "The US said little."},
			want:  []string{"United States/place"},
		},
		{
			name:  "sentence openers are not names",
			paras: []string{"Despite the rain, crowds gathered. Speaking later, he smiled. Asked why, she left."},
			not:   []string{"Despite", "Speaking", "Asked"},
		},
		{
			name:  "all-caps headline and dateline",
			paras: []string{"SOCCER - ARSENAL WIN IN PARIS.", "PARIS 1996-08-30", "Arsenal 2 Lyon 1."},
			want:  []string{"Arsenal/organization", "Paris/place"},
			not:   []string{"SOCCER", "WIN"},
		},
		{
			name:  "organisation head and newspaper cue",
			paras: []string{"The Lakeside Steel Corporation closed a plant, the Morning Ledger newspaper reported."},
			want:  []string{"Lakeside Steel Corporation/organization", "Morning Ledger/organization"},
		},
		{
			name:  "two people sharing a surname stay apart",
			paras: []string{"Tom Okafor met Grace Okafor.", "Okafor said nothing."},
			want:  []string{"Tom Okafor/person", "Grace Okafor/person"},
			not:   []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.title, tt.paras)
			for _, w := range tt.want {
				name, kind, _ := strings.Cut(w, "/")
				e, ok := lookupName(got, name)
				if !ok || e.Name != name || string(e.Kind) != kind {
					t.Errorf("Find() = %v, want %s", names(got), w)
				}
			}
			for _, n := range tt.not {
				for _, e := range got {
					if e.Name == n {
						t.Errorf("Find() = %v, must not have %q", names(got), n)
					}
				}
			}
		})
	}
}

func TestUnify(t *testing.T) {
	stories := [][]Entity{
		{{Name: "Khamenei", Kind: Person, Mentions: 2}, {Name: "IRGC", Kind: Organization, Mentions: 1}},
		{{Name: "Ali Khamenei", Kind: Person, Mentions: 1}, {Name: "Islamic Revolutionary Guard Corps", Kind: Organization, Aliases: []string{"IRGC"}, Mentions: 2}},
		{{Name: "Smith", Kind: Person, Mentions: 1}, {Name: "John Smith", Kind: Person}, {Name: "Jane Smith", Kind: Person}},
	}
	Unify(stories)
	tests := []struct {
		story, i int
		want     string
	}{
		{0, 0, "Ali Khamenei"},
		{0, 1, "Islamic Revolutionary Guard Corps"},
		{2, 0, "Smith"}, // two Smiths in the site: no evidence which
	}
	for _, tt := range tests {
		if got := stories[tt.story][tt.i].Name; got != tt.want {
			t.Errorf("story %d entity %d: Name = %q, want %q", tt.story, tt.i, got, tt.want)
		}
	}
}

func TestTags(t *testing.T) {
	ents := []Entity{
		{Name: "A", InHeadline: true, Mentions: 1},
		{Name: "B", Mentions: 3},
		{Name: "C", Mentions: 1},
		{Name: "D", Kind: Other, InLead: true, Mentions: 1},
	}
	var got []string
	for e := range Tags(ents) {
		got = append(got, e.Name)
	}
	if want := "A,B"; strings.Join(got, ",") != want {
		t.Errorf("Tags() = %v, want %s", got, want)
	}
}

// TestGolden pins the full output for texts written for these tests, and
// for the sample digest in content/, read as one long story: changes made
// for speed must leave every field of every entity as it was.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	files = append(files, "../../content/2025-01-28-iran-digest.txt")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
			got, _ := json.MarshalIndent(Find(lines[0], lines[1:]), "", " ")
			golden := filepath.Join("testdata", strings.TrimSuffix(filepath.Base(f), ".txt")+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
				t.Errorf("Find(%s) =\n%s\nwant\n%s", f, got, want)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Supreme Leader Ali Khamenei’s speech", "Khamenei's aides met U.S. envoys in Vienna.")
	f.Add("CRICKET - KENT WIN", "LONDON 1996-08-30")
	f.Add("", "al-Assad (IRGC) T.O'Gorman 4-38, \"Mr. X.")
	f.Fuzz(func(t *testing.T, title, para string) {
		ents := Find(title, []string{para})
		text := title + "\n" + para
		for _, e := range ents {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				// canonical gazetteer names and derived surnames need not be in the text
				if _, ok := loadGazetteer().lookup(n); ok {
					continue
				}
				if !strings.Contains(text, n) && !strings.Contains(strings.ReplaceAll(text, "-", " "), n) {
					if e.Name == n && len(e.Aliases) > 0 {
						continue
					}
					if strings.Contains(text, "al-"+n) || strings.Contains(text, "el-"+n) {
						continue
					}
					t.Errorf("name %q is not in the input %q", n, text)
				}
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	para := "Iran's Supreme Leader Ali Khamenei on Tuesday called on officials in Tehran to remain vigilant, " +
		"while Foreign Minister Abbas Araghchi told reporters the European Union and the U.S. had sent no message. " +
		"The Islamic Revolutionary Guard Corps (IRGC) held drills near Natanz, and Reuters said markets in London were calm."
	paras := make([]string, 0, 8)
	for len(paras) < 6 {
		paras = append(paras, para)
	}
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	b.SetBytes(int64(n))
	Find("", paras) // load the gazetteer outside the timing
	b.ResetTimer()
	for b.Loop() {
		Find("Khamenei urges vigilance", paras)
	}
}

// TestLoneStopword checks what span's early return for a lone stopword
// relies on: no word of stopCaps, alone between lower-case words, at a
// sentence's start or inside it, after "in" or before a figure, and
// whether it is a title ("Dr") or not, ever becomes a name by itself.
func TestLoneStopword(t *testing.T) {
	loadGazetteer()
	n := 0
	for i := range classes.slots {
		sl := &classes.slots[i]
		w := sl.s
		if sl.bits&stopCaps == 0 || len(w) < 2 {
			continue
		}
		paras := []string{
			w + " said the talks would go on, and officials met " + w + " in the morning.",
			"Residents in " + w + " were calm; the score was " + w + " 3 and " + w + ": it rained.",
		}
		n++
		for _, e := range Find(w+" was calm", paras) {
			if e.Name == w {
				t.Errorf("the stopword %q is a name: %+v", w, e)
			}
		}
	}
	if n < 300 {
		t.Errorf("%d stopwords tried", n)
	}
}
