package content

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"digest/internal/story"
)

// headerKeys are the keys a raw text file's header block may set.
var headerKeys = map[string]bool{"title": true, "date": true, "source": true, "tags": true, "author": true}

// readText reads a raw text file: an optional header block, then stories
// for the story parser.
func readText(name string, src []byte, opts Options) ([]story.Story, []Warning, error) {
	var warns []Warning
	hdr, n := header(src)
	var def story.Story
	for _, h := range hdr {
		switch h.key {
		case "title":
			def.Title = h.value
		case "source":
			def.Source = h.value
		case "author":
			def.Author = h.value
		case "tags":
			def.Tags = splitList(h.value)
		case "date":
			t, err := parseDate(h.value, opts.Location)
			if err != nil {
				return nil, nil, &SyntaxError{File: name, Line: h.line, Col: len(h.key) + 3, Msg: err.Error()}
			}
			def.Date = t
		}
	}
	if n > 0 {
		// Blank the header out rather than cut it, so that the parser's
		// line numbers stay lines of the file.
		src = blankLines(src, n)
	}
	if def.Date.IsZero() {
		if t, ok := datePrefix(name, opts.Location); ok {
			def.Date = t
		} else {
			warns = append(warns, Warning{File: name, Msg: "no date: add a Date: header line or start the file name with YYYY-MM-DD"})
		}
	}
	stories, pw := story.Parse(name, src)
	for _, w := range pw {
		warns = append(warns, Warning{File: w.File, Line: w.Line, Msg: w.Msg})
	}
	for i := range stories {
		s := &stories[i]
		s.Date = def.Date
		s.Source, s.Author = def.Source, def.Author
		s.Tags = append([]string(nil), def.Tags...)
		if def.Title != "" && len(stories) == 1 && s.HeadlineLine == 0 {
			s.Title = def.Title
		}
	}
	return stories, warns, nil
}

type headerLine struct {
	key, value string
	line       int
}

// header reads the header block: "Key: value" lines with known keys at the
// very start, ended by a blank line. It returns them and how many lines the
// block takes, the blank line included; 0 when there is none.
func header(src []byte) ([]headerLine, int) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var hdr []headerLine
	for i := 0; ; i++ {
		end := bytes.IndexByte(src, '\n')
		if end < 0 {
			return nil, 0 // no blank line ends it: not a header
		}
		line := strings.TrimRight(string(src[:end]), "\r \t")
		src = src[end+1:]
		if line == "" {
			if len(hdr) == 0 {
				return nil, 0
			}
			return hdr, i + 1
		}
		k, v, ok := strings.Cut(line, ":")
		key := strings.ToLower(strings.TrimSpace(k))
		if !ok || !headerKeys[key] || strings.Contains(k, " ") {
			return nil, 0
		}
		hdr = append(hdr, headerLine{key, strings.TrimSpace(v), i + 1})
	}
}

// blankLines empties the first n lines of src, keeping their line ends.
func blankLines(src []byte, n int) []byte {
	out := make([]byte, 0, len(src))
	for i := 0; i < n; i++ {
		end := bytes.IndexByte(src, '\n')
		out = append(out, '\n')
		src = src[end+1:]
	}
	return append(out, src...)
}

// replaceInvalid replaces invalid UTF-8 with U+FFFD and reports each line
// that had some.
func replaceInvalid(name string, src []byte) ([]byte, []Warning) {
	var warns []Warning
	var out bytes.Buffer
	for i, l := range bytes.Split(src, []byte("\n")) {
		if i > 0 {
			out.WriteByte('\n')
		}
		if !utf8.Valid(l) {
			warns = append(warns, Warning{File: name, Line: i + 1, Msg: "invalid UTF-8 replaced with U+FFFD"})
			l = bytes.ToValidUTF8(l, []byte("\uFFFD"))
		}
		out.Write(l)
	}
	return out.Bytes(), warns
}
