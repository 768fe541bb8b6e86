package story

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// A golden case is a txtar archive in testdata: the file "input" is parsed
// and linked, "want" is the Dump of the stories and "warnings" the
// warnings, one a line. The archive comment may name transforms applied to
// the input first, one a line, so that the cases stay readable text:
//
//	transform: escape   (\xNN, \r and \0 written as escapes)
//	transform: crlf     (line ends become CRLF; also cr)
//	transform: bom      (a UTF-8 byte order mark in front)
//	transform: utf16le  (UTF-16 with its byte order mark; also utf16be)
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases in testdata: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := parseArchiveFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src, err := goldenInput(ar)
			if err != nil {
				t.Fatal(err)
			}
			stories, warns := Parse("input", src)
			Link(stories, nil)
			var got bytes.Buffer
			if err := Dump(&got, stories); err != nil {
				t.Fatal(err)
			}
			var gotWarns bytes.Buffer
			for _, w := range warns {
				gotWarns.WriteString(w.String() + "\n")
			}
			if *update {
				setSection(ar, "want", got.Bytes())
				setSection(ar, "warnings", gotWarns.Bytes())
				if err := os.WriteFile(file, formatArchive(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := section(ar, "want"); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("stories differ (run go test -update to accept)\ngot:\n%s\nwant:\n%s", got.Bytes(), want)
			}
			if want := section(ar, "warnings"); !bytes.Equal(gotWarns.Bytes(), want) {
				t.Errorf("warnings:\ngot:\n%s\nwant:\n%s", gotWarns.Bytes(), want)
			}
			checkNothingLost(t, src, stories)
		})
	}
}

// goldenInput returns the input of a golden case with the transforms its
// comment names applied.
func goldenInput(ar *archive) ([]byte, error) {
	src := section(ar, "input")
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		tr, ok := strings.CutPrefix(strings.TrimSpace(l), "transform: ")
		if !ok {
			continue
		}
		switch tr {
		case "escape":
			s, err := strconv.Unquote(`"` + strings.ReplaceAll(strings.ReplaceAll(string(src), `"`, `\"`), "\n", `\n`) + `"`)
			if err != nil {
				return nil, err
			}
			src = []byte(s)
		case "crlf":
			src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		case "cr":
			src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r"))
		case "bom":
			src = append([]byte("\xef\xbb\xbf"), src...)
		case "utf16le", "utf16be":
			u := utf16.Encode([]rune("\uFEFF" + string(src)))
			var b bytes.Buffer
			for _, c := range u {
				if tr == "utf16le" {
					b.Write([]byte{byte(c), byte(c >> 8)})
				} else {
					b.Write([]byte{byte(c >> 8), byte(c)})
				}
			}
			src = b.Bytes()
		}
	}
	return src, nil
}

func section(ar *archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setSection(ar *archive, name string, data []byte) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, archiveFile{Name: name, Data: data})
}

// checkNothingLost checks the parser's promise: every non-blank line is in
// exactly one block or is a headline line, stories and blocks are in input
// order, and the text of headlines and blocks is the input's, modulo white
// space (after invalid UTF-8 and NUL bytes are replaced).
func checkNothingLost(t *testing.T, src []byte, stories []Story) {
	t.Helper()
	lines, _ := decode("input", src)
	owner := make([]int, len(lines)+2)
	claim := func(from, to int, what string) {
		for n := from; n <= to; n++ {
			if n < 1 || n > len(lines) {
				t.Fatalf("%s claims line %d of %d", what, n, len(lines))
			}
			owner[n]++
		}
	}
	var got []string
	prevLast := 0
	for i, s := range stories {
		if s.FirstLine <= prevLast || s.LastLine < s.FirstLine {
			t.Fatalf("story %d spans lines %d-%d after line %d", i, s.FirstLine, s.LastLine, prevLast)
		}
		prevLast = s.LastLine
		if s.HeadlineLine > 0 {
			claim(s.HeadlineLine, s.HeadlineLine, "headline")
			got = append(got, strings.Fields(s.Title)...)
		}
		for _, b := range s.Blocks {
			if b.FirstLine < s.FirstLine || b.LastLine > s.LastLine {
				t.Fatalf("story %d (%d-%d) has block %d-%d outside it", i, s.FirstLine, s.LastLine, b.FirstLine, b.LastLine)
			}
			claim(b.FirstLine, b.LastLine, "block")
			got = append(got, strings.Fields(b.Text)...)
		}
	}
	var want []string
	for _, l := range lines {
		if l.text != "" && owner[l.n] != 1 {
			t.Fatalf("line %d %q is in %d blocks, want 1", l.n, l.text, owner[l.n])
		}
		want = append(want, strings.Fields(l.text)...)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("text of the stories differs from the input\ngot:  %q\nwant: %q", got, want)
	}
}
