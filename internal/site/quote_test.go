package site

import (
	"testing"

	"digest/internal/story"
)

func TestQuoted(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"We are open to negotiations, but they must be fair," he added.`, `We are open to negotiations, but they must be fair.`},
		{`“The prophets’ mission was justice,” Pezeshkian said. “Today, more than ever, nations need it.”`, `The prophets’ mission was justice … Today, more than ever, nations need it.`},
		{`No quotation marks here.`, `No quotation marks here.`},
		{`"Unclosed quote, he said.`, `"Unclosed quote, he said.`},
	}
	for _, tt := range tests {
		if got := quoted(tt.in); got != tt.want {
			t.Errorf("quoted(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestQuotesBySpeaker(t *testing.T) {
	s := story.Story{File: "a.txt", Title: "A", DuplicateOf: -1, Blocks: []story.Block{
		{Kind: story.Quote, Text: `"One," she said.`, Speaker: "Kaja Kallas"},
		{Kind: story.Paragraph, Text: "Between."},
		{Kind: story.Quote, Text: `"Two," Barrot said.`, Speaker: "Jean-Noel Barrot"},
		{Kind: story.Quote, Text: `"Three," she added.`, Speaker: "Kaja Kallas"},
	}}
	site, _ := Assemble(DefaultConfig(), []story.Story{s}, nil)
	got := site.Stories[0].QuotesBy
	if len(got) != 2 || got[0].Speaker != "Kaja Kallas" || len(got[0].Quotes) != 2 || got[1].Speaker != "Jean-Noel Barrot" {
		t.Fatalf("QuotesBy = %+v, want Kallas (2 quotes) then Barrot", got)
	}
	if a := got[0].Quotes[1].Anchor; a != "q4" {
		t.Errorf("anchor of the third quote = %q, want q4 (its block)", a)
	}
	if n := len(site.Speakers); n != 2 {
		t.Errorf("%d speakers on the site, want 2", n)
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		blocks []string
		want   int
	}{
		{nil, 0},
		{[]string{""}, 0},
		{[]string{"one"}, 1},
		{[]string{"  two  words  "}, 2},
		{[]string{"tabs\tand\nlines\r\nhere"}, 4},
		{[]string{"a b", "c"}, 3},
		{[]string{"naïve café — déjà vu"}, 5},
		{[]string{"eight by eight bytes, and a tail"}, 7},
		{[]string{"a\x00b\x0bc \x1fd\u00a0e"}, 2}, // only ASCII spaces part words
		{[]string{"        leading and trailing spaces        "}, 4},
		{[]string{"12345678 12345678\t1234567\n123456789"}, 4},
	}
	for _, tt := range tests {
		s := &Story{}
		for _, b := range tt.blocks {
			s.Blocks = append(s.Blocks, story.Block{Text: b})
		}
		if got := countWords(s); got != tt.want {
			t.Errorf("countWords(%q) = %d, want %d", tt.blocks, got, tt.want)
		}
	}
}
