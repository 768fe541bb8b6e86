package topic

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestSeedTopics runs Extract over the shared seed digest, split by its gold
// story ranges, and checks that no must-not-tag word becomes a topic.
func TestSeedTopics(t *testing.T) {
	text, err := os.ReadFile("../../../shared/corpus/seed/iran-digest.txt")
	if err != nil {
		t.Skip("seed corpus not present (../shared/corpus/seed): ", err)
	}
	raw, err := os.ReadFile("../../../shared/corpus/seed/iran-digest.gold.json")
	if err != nil {
		t.Skip("seed gold not present: ", err)
	}
	var g struct {
		Stories []struct {
			FirstLine int `json:"first_line"`
			LastLine  int `json:"last_line"`
		} `json:"stories"`
		MustNotTag []string `json:"must_not_tag"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	var docs []string
	for _, s := range g.Stories {
		docs = append(docs, strings.Join(lines[s.FirstLine-1:s.LastLine], "\n"))
	}
	got := Extract(paragraphs(docs), 3)
	for i, phrases := range got {
		t.Logf("story %d: %q", i+1, phrases)
		for _, p := range phrases {
			for _, bad := range g.MustNotTag {
				if strings.EqualFold(p, bad) {
					t.Errorf("story %d: topic %q is in must_not_tag", i+1, p)
				}
			}
		}
	}
}
