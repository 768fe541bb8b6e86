package render

import (
	"io"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
)

// proseCases are Markdown bodies plainProse must render itself (plain: true)
// or leave to goldmark; either way the page must be goldmark's.
var proseCases = []struct {
	name  string
	in    string
	plain bool
}{
	{"paragraphs", "One line.\n\nTwo lines,\nthe second.\n", true},
	{"no final newline", "Ends here.", true},
	{"quotes", `"The prophets' mission," he said, 'was justice.' It's the '90s' rock-'n'-roll.` + "\n", true},
	{"nested quotes", `"She said 'no' and 'yes'," reported "the "paper"".`, true},
	{"quote open across paragraphs", "\"0\n\n0\"", true},
	{"quotes across lines", "\"Open\nquote\" and 'single\nones' ending with \"\n\"next\n", true},
	{"dashes and ellipses", "Wait... -- no --- really -- . .. ---- -\n", true},
	{"quotes left as they are", "a \" b -- \"c\" \" d 5\"\" e...\" \"\n\" f \"\n", true},
	{"digits", `He said "2" and 5"" then 1'2" and '24 with 3's.`, true},
	{"apostrophes", "don't 'til 'em 'n' I'm we've they'll you're 'd 's 'm 't rock'n'roll l'amour 'le\n", true},
	{"unicode", "Réunion’s “already curly” — naïve 'été' «guillemets» 東京 \"日本\"\n", true},
	{"headings", "# Title\n\nText.\n## Sub 'quoted' \"head\" -- x\nMore text.\n### Sub 'quoted' \"head\" -- x\n", true},
	{"duplicate heading IDs", "## Same\n\n## Same\n\n## same\n\n## Same-1\n\n## ÉÉÉ\n\n## - -\n\n## 1. x\n", true},
	{"heading interrupts paragraph", "Line one\n## Heading\nLine two\n", true},
	{"blank lines", "\n\n\nFirst\n\n\n\nSecond\n\n", true},
	{"empty", "", true},
	{"numbers", "2025 was a year.\n3rd place\n", true},

	{"emphasis", "Some *emphasis* here.\n", false},
	{"link", "A [link](https://example.org).\n", false},
	{"html", "An <b>tag</b>.\n", false},
	{"entity", "Fish &amp; chips.\n", false},
	{"escape", "A \\* star.\n", false},
	{"list", "- one\n- two\n", false},
	{"ordered list", "1. one\n2. two\n", false},
	{"quote block", "> quoted\n", false},
	{"setext", "Title\n=====\n", false},
	{"thematic break", "Text\n\n---\n", false},
	{"indented code", "    code\n", false},
	{"hard break", "Line  \nnext\n", false},
	{"tab", "a\tb\n", false},
	{"crlf", "a\r\nb\r\n", false},
	{"hashtag", "#news today\n", false},
	{"closed heading", "## Heading ##\n", false},
	{"table", "a | b\n--|--\n", false},
	{"table without pipes", "a\n:---\n", false},
	{"invalid utf-8", "bad \xff byte\n", false},
}

func TestPlainProse(t *testing.T) {
	md := newMarkdown(false)
	for _, tt := range proseCases {
		t.Run(tt.name, func(t *testing.T) {
			var want outBuf
			if err := md.Convert([]byte(tt.in), &want); err != nil {
				t.Fatal(err)
			}
			var got outBuf
			plain := plainProse(&got, []byte(tt.in))
			if plain != tt.plain {
				t.Fatalf("plainProse(%q) took it = %v, want %v", tt.in, plain, tt.plain)
			}
			if !plain {
				if got.Len() != 0 {
					t.Errorf("plainProse(%q) declined but wrote %q", tt.in, got.String())
				}
				return
			}
			if got.String() != want.String() {
				t.Errorf("plainProse(%q)\n got %q\nwant %q (goldmark)", tt.in, got.String(), want.String())
			}
		})
	}
}

// FuzzPlainProse holds plainProse to goldmark's output on whatever it
// takes, and to writing nothing on what it leaves.
func FuzzPlainProse(f *testing.F) {
	for _, tt := range proseCases {
		f.Add(tt.in)
	}
	md := newMarkdown(false)
	f.Fuzz(func(t *testing.T, in string) {
		// Random bytes are rarely plain prose: try them mapped onto the
		// characters that matter to it as well.
		checkProse(t, md, in)
		checkProse(t, md, proseify(in))
	})
}

func checkProse(t *testing.T, md interface {
	Convert([]byte, io.Writer, ...parser.ParseOption) error
}, in string) {
	var got outBuf
	if !plainProse(&got, []byte(in)) {
		if got.Len() != 0 {
			t.Fatalf("plainProse(%q) declined but wrote %q", in, got.String())
		}
		return
	}
	var want outBuf
	if err := md.Convert([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("plainProse(%q)\n got %q\nwant %q (goldmark)", in, got.String(), want.String())
	}
}

// proseify maps each byte of s to a piece of prose: letters, digits,
// quotes, dashes, dots, spaces, line breaks and heading marks.
func proseify(s string) string {
	pieces := []string{"a", "Z", "0", "s", "t", "ll", "'", "\"", "-", ".", ",", " ", "\n", "\n\n", "## ", "é", "’", "(", ")", "?", "ve", "re", "d", "m", "n", "e", "l", "\u00a0", "1", "#", "\u3000", ":"}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString(pieces[int(s[i])%len(pieces)])
	}
	return b.String()
}
