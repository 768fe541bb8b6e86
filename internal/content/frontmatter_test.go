package content

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// testParser is used again and again, as a reader does.
var testParser quickParser

// sameAsYAML checks that quickFrontMatter, when it reads fm at all, gives
// the node tree yaml.Unmarshal gives. It reports whether it read it.
func sameAsYAML(t *testing.T, fm []byte) bool {
	t.Helper()
	got, ok := quickFrontMatter(&testParser, fm)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(fm, &want); err != nil {
		t.Fatalf("quickFrontMatter read %q, which YAML rejects: %v", fm, err)
	}
	resolveTags(got)
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("quickFrontMatter(%q) =\n%s\nYAML gives\n%s", fm, nodeString(got), nodeString(&want))
	}
	return true
}

// resolveTags gives the nodes quickFrontMatter leaves without a tag the
// one YAML resolves.
func resolveTags(n *yaml.Node) {
	if n.Tag == "" && n.Kind != yaml.DocumentNode {
		n.Tag = n.ShortTag()
	}
	for _, c := range n.Content {
		resolveTags(c)
	}
}

func nodeString(n *yaml.Node) string {
	var b bytes.Buffer
	var walk func(n *yaml.Node, indent string)
	walk = func(n *yaml.Node, indent string) {
		c := *n
		c.Content = nil
		b.WriteString(indent)
		b.WriteString(reflect.ValueOf(c).String())
		b.WriteString("\n")
		for _, k := range n.Content {
			walk(k, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

func TestQuickFrontMatter(t *testing.T) {
	read := []string{
		"title: Talks resume\ndate: 2025-01-28\n",
		"title: \"Ferry fares rise & <routes> change\"\ndate: 2025-01-28T09:30:00+03:30\ntags: [Harbour, \"City Council\"]\n",
		"title: 'It''s late'\ntags: ['a', b c, \"d\"]\n",
		"title: \"'The prophets’ mission was to establish justice,'\"\ndate: 2025-08-13T08:04:00Z\ntags: [\"Assert\", \"Effort Motivated Supreme\"]\n",
		"tags:\n  - Iran\n  - \"nuclear talks\"\nslug: talks\n",
		"tags:\n- a\n- b\n",
		"\n\ntitle: x\n\ntags: []\n",
		"draft: true\n",
		"draft: maybe\n",
		"title: 123\nsummary: null\n",
		"title: a\ntitle: b\n",
		"title:   spaced   \n",
		"title: \" inner  spaces \"\n",
		"summary: ü\ntitle: Ünïcödé “quotes” — dash\n",
		"tags: [ a ,b ]\n",
		"title: a#b:c\n",
		"title: \"two\n  lines\"\n",
		"title: \"'Financial elites'\nKhamenei also pointed to what he called the duplicity of US diplomacy, \"\ndate: 2024-12-27T19:06:00Z\ntags: [\"High\", \"Karaj Hossein\"]\n",
		"title: \"one  \n  two \nthree- #x: y\n - four  \"  \nslug: s\n",
		"title: \"a ’\n“b”\"\nsummary: \"c\n--d\"\n",
	}
	for _, fm := range read {
		if !sameAsYAML(t, []byte(fm)) {
			t.Errorf("quickFrontMatter left %q to the YAML parser", fm)
		}
	}
	// These are YAML's to read, or to reject with its message.
	left := []string{
		"",
		"\n",
		"title: T\ntags: [a, b\n",
		"title: a\n  continued\n",
		"title: \"two\n\n  lines\"\n",
		"title: \"two\n  \n  lines\"\n",
		"title: \"two\n---\"\n",
		"title: \"two\n... x\"\n",
		"title: \"\n  lines\"\n",
		"title: \"two\n\"\n",
		"title: \"two\n  lines\\\"\"\n",
		"title: \"two\n  lines\" x\n",
		"title: \"two\n  lines\n",
		"tags: [\"two\n  lines\"]\n",
		"title: a # comment\n",
		"# comment\ntitle: a\n",
		"title: \"esc\\\"aped\"\n",
		"source:\n  name: Wire\n  url: https://wire.example/1\n",
		"draft:\n",
		"title: a: b\n",
		"title: &a x\n",
		"title: *a\n",
		"title: |\n  x\n",
		"title:\ttab\n",
		"tags: [a, [b]]\n",
		"tags: [a,]\n",
		"tags:\n  - a\n - b\n",
		"title: x\n- a\n",
		"title: -x\n",
		"title: a\u2028b\n",
		"key: x\r\n",
		"title:x\n",
		"title: x",
	}
	for _, fm := range left {
		if sameAsYAML(t, []byte(fm)) {
			t.Errorf("quickFrontMatter read %q; it should leave it to the YAML parser", fm)
		}
	}
}

// FuzzQuickFrontMatter holds quickFrontMatter to what yaml.Unmarshal gives
// for every front matter it reads.
func FuzzQuickFrontMatter(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.md")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if fm, _, _, err := splitFrontMatter(p, b); err == nil && fm != nil {
			f.Add(fm)
		}
	}
	f.Add([]byte("title: \"a ’b\"\ndate: 2025-01-01\ntags: [\"x\", y, 'z''s']\n"))
	f.Add([]byte("tags:\n  - a\n  - \"b\"\nx: 1\n"))
	f.Add([]byte("tags:\n- a\n\n- b\ndraft: false\n"))
	f.Add([]byte("title: ~\nslug: 0x1F\nsummary: .inf\nauthor: <<\n"))
	f.Add([]byte("title: \"two \n  lines \" \nsummary: \"a\n b\n\tc\"\n"))
	f.Fuzz(func(t *testing.T, fm []byte) {
		sameAsYAML(t, fm)
	})
}

// TestQuickFrontMatterRandom compares quickFrontMatter with the YAML
// parser on front matter made of pieces that YAML gives meaning to, so
// that many inputs come close to what quickFrontMatter reads.
func TestQuickFrontMatterRandom(t *testing.T) {
	// The first of each list are harmless, the rest are not.
	keys := []string{"title", "tags", "date", "draft", "x_1", "1", "true", "null", "a", "-", "?", "é"}
	seps := []string{": ", ": ", ": ", ":", ":  ", " : ", ":\t", ": \t"}
	pieces := []string{"a", "b c", "Iran's", "é", "’", "“", "\U0001F600", "2025-01-01", "2025-08-13T08:04:00Z", "true",
		"no", "~", "null", "0x1F", "1e3", ".inf", "<<", "...", "---", " ", "  ", "-", "?", "!", "#", "@",
		"'", "''", "\"", ",", ", ", "[", "]", "{", "}", ":", ": ", " #", "- ", "&", "*", "|", ">", "%", "`",
		"\t", "\\", "\\\"", "\u00a0", "\u2028", "\u0085", "\ufeff", "\x7f", "\r",
		"\n", "\n  ", " \n", "\n---", "\n..."}
	r := rand.New(rand.NewPCG(1, 2))
	// pick picks from s, from its first n most of the time.
	pick := func(s []string, n int) string {
		if r.IntN(4) > 0 {
			return s[r.IntN(n)]
		}
		return s[r.IntN(len(s))]
	}
	value := func() string {
		var b strings.Builder
		for range r.IntN(5) {
			b.WriteString(pick(pieces, 19))
		}
		return b.String()
	}
	quoted := func() string {
		switch r.IntN(4) {
		case 0:
			return `"` + value() + `"`
		case 1:
			return `'` + value() + `'`
		}
		return value()
	}
	read := 0
	const cases = 20000
	for range cases {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			if r.IntN(8) == 0 {
				b.WriteString("\n")
			}
			b.WriteString(pick(keys, 9))
			b.WriteString(pick(seps, 3))
			switch r.IntN(4) {
			case 0:
				b.WriteString("[")
				for k := range r.IntN(4) {
					if k > 0 {
						b.WriteString([]string{", ", ",", " , "}[r.IntN(3)])
					}
					b.WriteString(quoted())
				}
				b.WriteString("]")
				b.WriteString([]string{"", " ", "  #c", ","}[r.IntN(4)])
			case 1:
				indent := strings.Repeat(" ", r.IntN(3))
				for range r.IntN(4) {
					b.WriteString("\n")
					if r.IntN(10) == 0 {
						b.WriteString(" ")
					}
					b.WriteString(indent + "- " + quoted())
				}
			default:
				b.WriteString(quoted())
			}
			b.WriteString("\n")
		}
		if sameAsYAML(t, []byte(b.String())) {
			read++
		}
	}
	if read < cases/10 {
		t.Errorf("quickFrontMatter read %d of %d inputs; the test hardly tries it", read, cases)
	}
	t.Logf("quickFrontMatter read %d of %d inputs", read, cases)
}

// TestFoldedScalarRandom compares quickFrontMatter with the YAML parser
// on double-quoted values run on over lines, and the lines after them.
func TestFoldedScalarRandom(t *testing.T) {
	pieces := []string{"a", "b c", "Iran's", "’", "2025", "- x", "#", ": ", "[", "'", " ", "  ",
		"\"", "\\", "\t", "---", "...", "--", "\u2028", "\r"}
	breaks := []string{"\n", "\n  ", " \n", "  \n ", "\n\n", "\n \n", "\n---", "\n...", "\n---x"}
	tails := []string{"", " ", "  ", " #c", "x", "\""}
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(s []string, n int) string {
		if r.IntN(4) > 0 {
			return s[r.IntN(n)]
		}
		return s[r.IntN(len(s))]
	}
	read := 0
	const cases = 20000
	for range cases {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteString("date: 2025-01-01\n")
		}
		b.WriteString(`title: "`)
		for k := range 2 + r.IntN(3) {
			if k > 0 {
				b.WriteString(pick(breaks, 4))
			}
			for range r.IntN(4) {
				b.WriteString(pick(pieces, 8))
			}
		}
		b.WriteString(`"`)
		b.WriteString(pick(tails, 3))
		b.WriteString("\n")
		if r.IntN(2) == 0 {
			b.WriteString("tags: [a, \"b\"]\n")
		}
		if sameAsYAML(t, []byte(b.String())) {
			read++
		}
	}
	if read < cases/10 {
		t.Errorf("quickFrontMatter read %d of %d inputs; the test hardly tries it", read, cases)
	}
	t.Logf("quickFrontMatter read %d of %d inputs", read, cases)
}

// plainCharsRef is plainChars a byte at a time.
func plainCharsRef(s []byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7F:
			return false
		case c < 0x80:
		case c == 0xC2 && i+1 < len(s) && s[i+1] < 0xA0,
			c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9),
			c == 0xEF && i+2 < len(s) && (s[i+1] == 0xBB && s[i+2] == 0xBF || s[i+1] == 0xBF && s[i+2] >= 0xBE):
			return false
		}
	}
	return true
}

func FuzzPlainChars(f *testing.F) {
	f.Add([]byte("The country’s economic crisis, which has been ongoing"))
	f.Add([]byte("eight ok\x7f and more"))
	f.Add([]byte("seven o\x1f"))
	f.Add([]byte("a line\u2028separator, a \u0085 and a \ufeff mark, then \uffff"))
	f.Add([]byte("~~~~~~~~ !!!!!!!! \x80\x80"))
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plainChars(s), plainCharsRef(s); got != want {
			t.Fatalf("plainChars(%q) = %v, want %v", s, got, want)
		}
		// Every byte in every place of a word.
		b := append([]byte("printable ascii!"), s...)
		for c := range 256 {
			for p := range 8 {
				b[p+1] = byte(c)
				if got, want := plainChars(b), plainCharsRef(b); got != want {
					t.Fatalf("plainChars(%q) = %v, want %v", b, got, want)
				}
				b[p+1] = 'x'
			}
		}
	})
}
