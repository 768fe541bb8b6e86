package content

import (
	"reflect"
	"strings"
	"testing"

	"digest/internal/story"
)

// markdownBlocksPlain is markdownBlocks as first written, over
// strings.Split: markdownBlocks must give what it gives.
func markdownBlocksPlain(body string, firstLine int) []story.Block {
	var blocks []story.Block
	var cur []string
	start := 0
	flush := func(end int) {
		if len(cur) > 0 {
			text := strings.Join(cur, " ")
			kind := story.Paragraph
			if strings.HasPrefix(text, "#") {
				kind = story.Subheading
				text = strings.TrimSpace(strings.TrimLeft(text, "#"))
			} else if strings.HasPrefix(text, ">") {
				kind = story.Quote
				text = strings.TrimSpace(strings.TrimLeft(text, "> "))
			}
			blocks = append(blocks, story.Block{Kind: kind, FirstLine: start, LastLine: end, Text: plainMarkdown(text)})
			cur = nil
		}
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		n := firstLine + i
		l = strings.TrimSpace(l)
		if l == "" {
			flush(n - 1)
			continue
		}
		if len(cur) == 0 {
			start = n
		}
		cur = append(cur, l)
		if strings.HasPrefix(l, "#") {
			flush(n)
		}
	}
	flush(firstLine + len(lines) - 1)
	return blocks
}

func FuzzMarkdownBlocks(f *testing.F) {
	f.Add("Fares rise.\n\n## Routes\nThe night route\nends.\n\n> A *quote* [link](x)\n", 3)
	f.Add("", 1)
	f.Add("\n\n#\n \n", 7)
	f.Add("Plain lead.\n\n> plain quote\n\nThen a [link](x)\nand *more*.\n\n# Head\nTail_end\n", 5)
	f.Add("One.\n\nTwo\nlines.\n\n## <b>x</b>\n", 2)
	f.Fuzz(func(t *testing.T, body string, first int) {
		got, last := markdownBlocks(body, first)
		if want := markdownBlocksPlain(body, first); !reflect.DeepEqual(got, want) {
			t.Fatalf("markdownBlocks(%q) =\n%v\nwant\n%v", body, got, want)
		}
		if want := first + strings.Count(body, "\n"); last != want {
			t.Fatalf("markdownBlocks(%q) gives last line %d, want %d", body, last, want)
		}
		mark := strings.IndexAny(body, markup)
		if mark < 0 {
			mark = len(body)
		}
		if got := firstMarkup(body); got != mark {
			t.Fatalf("firstMarkup(%q) = %d, want %d", body, got, mark)
		}
		if hasMarkup(body) != strings.ContainsAny(body, markup) {
			t.Fatalf("hasMarkup(%q) = %v", body, hasMarkup(body))
		}
	})
}
