package entity

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const seedDir = "../../../shared/corpus/seed/"

type seedGold struct {
	Stories []struct {
		FirstLine    int    `json:"first_line"`
		LastLine     int    `json:"last_line"`
		HeadlineLine int    `json:"headline_line"`
		Title        string `json:"title"`
		Entities     []struct {
			Name    string   `json:"name"`
			Kind    Kind     `json:"kind"`
			Aliases []string `json:"aliases"`
		} `json:"entities"`
	} `json:"stories"`
	MustNotTag []string `json:"must_not_tag"`
}

// loadSeed reads the shared seed digest, split into stories by the gold line
// ranges. The corpus is evaluation data kept outside the repository.
func loadSeed(t testing.TB) (seedGold, [][]string, []string) {
	t.Helper()
	text, err := os.ReadFile(seedDir + "iran-digest.txt")
	if err != nil {
		t.Skip("seed corpus not present (../shared/corpus/seed): ", err)
	}
	raw, err := os.ReadFile(seedDir + "iran-digest.gold.json")
	if err != nil {
		t.Skip("seed gold not present: ", err)
	}
	var g seedGold
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	var paras [][]string
	var titles []string
	for _, s := range g.Stories {
		body := lines[s.FirstLine-1 : s.LastLine]
		title := ""
		if s.HeadlineLine > 0 {
			title, body = body[0], body[1:]
		}
		titles = append(titles, title)
		paras = append(paras, body)
	}
	return g, paras, titles
}

func TestSeed(t *testing.T) {
	g, paras, titles := loadSeed(t)
	for i, s := range g.Stories {
		got := Find(titles[i], paras[i])
		text := titles[i] + "\n" + strings.Join(paras[i], "\n")
		for _, want := range s.Entities {
			t.Run(want.Name, func(t *testing.T) {
				e, ok := lookupName(got, want.Name)
				if !ok {
					t.Fatalf("story %d: %q not found; got %v", i+1, want.Name, names(got))
				}
				if e.Kind != want.Kind {
					t.Errorf("story %d: %q kind = %s, want %s", i+1, want.Name, e.Kind, want.Kind)
				}
				for _, a := range want.Aliases {
					// an alias must be merged when the story uses it alone
					if !strings.Contains(strings.ReplaceAll(text, want.Name, ""), a) {
						continue
					}
					if e2, ok := lookupName(got, a); !ok || e2.Name != e.Name {
						t.Errorf("story %d: alias %q not merged into %q; got %v", i+1, a, e.Name, names(got))
					}
				}
			})
		}
		for _, bad := range g.MustNotTag {
			for _, e := range got {
				for _, n := range append([]string{e.Name}, e.Aliases...) {
					if n == bad {
						t.Errorf("story %d: must-not-tag %q tagged as %s %q", i+1, bad, e.Kind, e.Name)
					}
				}
			}
		}
	}
}

func lookupName(ents []Entity, name string) (Entity, bool) {
	for _, e := range ents {
		if e.Name == name {
			return e, true
		}
		for _, a := range e.Aliases {
			if a == name {
				return e, true
			}
		}
	}
	return Entity{}, false
}

func names(ents []Entity) []string {
	var out []string
	for _, e := range ents {
		s := e.Name + "/" + string(e.Kind)
		if len(e.Aliases) > 0 {
			s += "(" + strings.Join(e.Aliases, ",") + ")"
		}
		out = append(out, s)
	}
	return out
}
