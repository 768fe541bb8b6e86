package story

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// The seed is the sample input the project was made from, with its gold.
const (
	seedText = "../../../shared/corpus/seed/iran-digest.txt"
	seedGold = "../../../shared/corpus/seed/iran-digest.gold.json"
)

// TestSeed checks the seed digest against its gold: the eight stories with
// their line ranges, the one headline line, the caption and subheadings,
// and the related pair of the two stories on Khamenei's remarks.
func TestSeed(t *testing.T) {
	src, err := os.ReadFile(seedText)
	if err != nil {
		t.Skipf("seed not available (%v): the shared corpus is not checked out", err)
	}
	g, err := os.ReadFile(seedGold)
	if err != nil {
		t.Skipf("seed gold not available: %v", err)
	}
	var gold struct {
		Stories []goldStory
		Blocks  []struct {
			Line int
			Kind string
		}
		Related [][2]int
	}
	if err := json.Unmarshal(g, &gold); err != nil {
		t.Fatal(err)
	}
	stories, warns := Parse("iran-digest.txt", src)
	Link(stories, nil)
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	byFirst := map[int]Story{}
	for _, s := range stories {
		byFirst[s.FirstLine] = s
	}
	for i, want := range gold.Stories {
		got, ok := byFirst[want.FirstLine]
		if !ok {
			var b strings.Builder
			Dump(&b, stories)
			t.Fatalf("no story starts at line %d (gold story %d); got:\n%s", want.FirstLine, i+1, b.String())
		}
		t.Run("story"+string(rune('1'+i)), func(t *testing.T) {
			if got.FirstLine != want.FirstLine || got.LastLine != want.LastLine {
				t.Errorf("lines %d-%d, want %d-%d", got.FirstLine, got.LastLine, want.FirstLine, want.LastLine)
			}
			if got.HeadlineLine != want.HeadlineLine {
				t.Errorf("headline line %d, want %d", got.HeadlineLine, want.HeadlineLine)
			}
			if got.DuplicateOf != want.DuplicateOf {
				t.Errorf("duplicate of %d, want %d", got.DuplicateOf, want.DuplicateOf)
			}
			if got.Title == "" || runes(got.Title) > titleMax+10 {
				t.Errorf("title %q: want one of at most about %d characters", got.Title, titleMax)
			}
		})
	}
	kinds := map[int]Kind{}
	for _, s := range stories {
		for _, b := range s.Blocks {
			kinds[b.FirstLine] = b.Kind
		}
	}
	for _, b := range gold.Blocks {
		if got := kinds[b.Line]; string(got) != b.Kind {
			t.Errorf("line %d is a %s, want %s", b.Line, got, b.Kind)
		}
	}
	if want := len(gold.Stories); len(stories) != want {
		t.Errorf("got %d stories, want %d", len(stories), want)
	}
	// Gold stories 4 and 8 both report Khamenei's remarks.
	four, eight := index(stories, 21), index(stories, 50)
	if four < 0 || eight < 0 || !slices.Contains(stories[four].Related, eight) || !slices.Contains(stories[eight].Related, four) {
		t.Errorf("the stories at lines 21 and 50 are not related to each other")
	}
}

// index returns the index of the story starting at line first, or -1.
func index(stories []Story, first int) int {
	for i, s := range stories {
		if s.FirstLine == first {
			return i
		}
	}
	return -1
}
