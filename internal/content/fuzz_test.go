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
// it, whatever it accepts must be valid UTF-8, and its last line is the
// file's.
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
		s, _, err := readMarkdown("content/x.md", src, false, Options{Location: time.UTC})
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
		if want := strings.Count(string(src), "\n") + 1; s.LastLine != want {
			t.Fatalf("LastLine = %d, want %d", s.LastLine, want)
		}
		for _, str := range append([]string{s.Title, s.Summary, s.Author, s.Source, s.Slug}, s.Tags...) {
			if !utf8.ValidString(str) {
				t.Fatalf("accepted invalid UTF-8 %q", str)
			}
		}
	})
}

// FuzzIsBinary holds isBinary told that src is valid UTF-8 to what it
// finds itself, for the valid src readFile tells it of.
func FuzzIsBinary(f *testing.F) {
	long := strings.Repeat("a", 8190)
	f.Add([]byte(long + "’ straddles the 8 KB head"))
	f.Add([]byte(long + "a\U0001F600 too"))
	f.Add([]byte("text\x00with\x00NULs"))
	f.Add([]byte("\xff\xfeUTF-16"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if !utf8.Valid(src) {
			return
		}
		if got, want := isBinary(src, true), isBinary(src, false); got != want {
			t.Fatalf("isBinary(%q, true) = %v, want %v", src, got, want)
		}
	})
}
