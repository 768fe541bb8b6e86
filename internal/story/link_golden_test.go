package story

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// TestLinkGolden pins Link's whole result (every story's DuplicateOf and
// Related) on the sample digest and on synthetic stories full of
// retellings and shared sentences, so that work on Link's speed cannot
// change what it finds. Run go test -update to accept a deliberate change.
func TestLinkGolden(t *testing.T) {
	src, err := os.ReadFile("../../content/2025-01-28-iran-digest.txt")
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := Parse("2025-01-28-iran-digest.txt", src)
	sets := []struct {
		name    string
		stories []Story
	}{
		{"digest", digest},
		{"synthetic", synthetic(1000)},
		{"overlapping", overlapping(1000)},
	}
	var got bytes.Buffer
	for _, set := range sets {
		Link(set.stories, nil)
		fmt.Fprintf(&got, "# %s\n", set.name)
		for i, s := range set.stories {
			if s.DuplicateOf < 0 && len(s.Related) == 0 {
				continue
			}
			fmt.Fprintf(&got, "%d dup %d related %v\n", i, s.DuplicateOf, s.Related)
		}
	}
	const file = "testdata/link-golden.txt"
	if *update {
		if err := os.WriteFile(file, got.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("Link's result differs from %s (run go test -update to accept)", file)
	}
}
