package story

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and never loses or invents
// text, whatever the bytes.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := parseArchiveFile(file)
		if err != nil {
			f.Fatal(err)
		}
		src, err := goldenInput(ar)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	if seed, err := os.ReadFile(seedText); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte("Headline here\r\rA lead. \x00 \xc3(\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		stories, warns := Parse("fuzz", src)
		Link(stories, nil)
		checkNothingLost(t, src, stories)
		// For plain UTF-8 input the text must be the input's own, not
		// just the decoder's.
		if utf8.Valid(src) && !strings.ContainsRune(string(src), 0) && len(src) > 0 && src[0] < 0xEF {
			var got []string
			for _, s := range stories {
				if s.HeadlineLine > 0 {
					got = append(got, strings.Fields(s.Title)...)
				}
				for _, b := range s.Blocks {
					got = append(got, strings.Fields(b.Text)...)
				}
			}
			if g, w := strings.Join(got, " "), strings.Join(strings.Fields(string(src)), " "); g != w {
				t.Fatalf("text differs from the input\ngot:  %q\nwant: %q", g, w)
			}
			if len(warns) > 0 {
				t.Errorf("valid UTF-8 without NUL bytes gave warnings: %v", warns)
			}
		}
		for _, s := range stories {
			if s.Title == "" && len(s.Blocks) > 0 && strings.TrimSpace(s.Lead) != "" {
				t.Errorf("story at line %d has no title", s.FirstLine)
			}
		}
	})
}
