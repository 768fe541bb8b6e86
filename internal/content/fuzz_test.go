package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzMarkdown feeds arbitrary bytes to the Markdown reader: it must never
// panic, an error must be a SyntaxError naming the file and a line inside
// it, and whatever it accepts must be valid UTF-8.
func FuzzMarkdown(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.md")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("---\ntitle: T\n---\nBody"))
	f.Add([]byte("---\n: :\n---\n"))
	f.Add([]byte("---\ntags: [a, [b]]\nsource: {name: [x]}\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, _, err := readMarkdown("content/x.md", src, Options{Location: time.UTC})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a SyntaxError", err)
			}
			if se.File != "content/x.md" || se.Line < 1 || se.Line > strings.Count(string(src), "\n")+2 {
				t.Fatalf("error %v names no line of the file", err)
			}
			return
		}
		for _, str := range append([]string{s.Title, s.Summary, s.Author, s.Source, s.Slug}, s.Tags...) {
			if !utf8.ValidString(str) {
				t.Fatalf("accepted invalid UTF-8 %q", str)
			}
		}
	})
}
