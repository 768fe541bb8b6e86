package story

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Dump writes stories in a stable text form, one field a line, for golden
// tests and for reading:
//
//	story 0 lines 1-12 headline 1
//	title: Tehran maintains mixed signals on talks with Washington
//	summary: ...
//	related: 3 7
//	  2-2 lead: Iran's political establishment ...
//	  4-4 quote [Hamidreza Hajibabaei]: “We are open to negotiations ...
//
// A story without a headline line says "headline 0"; "duplicate-of" and
// "related" lines appear only when set. Block text is written in full.
func Dump(w io.Writer, stories []Story) error {
	bw := bufio.NewWriter(w)
	for i, s := range stories {
		if i > 0 {
			bw.WriteString("\n")
		}
		fmt.Fprintf(bw, "story %d lines %d-%d headline %d\n", i, s.FirstLine, s.LastLine, s.HeadlineLine)
		fmt.Fprintf(bw, "title: %s\n", s.Title)
		fmt.Fprintf(bw, "summary: %s\n", s.Summary)
		if s.DuplicateOf >= 0 {
			fmt.Fprintf(bw, "duplicate-of: %d\n", s.DuplicateOf)
		}
		if len(s.Related) > 0 {
			rel := make([]string, len(s.Related))
			for k, r := range s.Related {
				rel[k] = strconv.Itoa(r)
			}
			fmt.Fprintf(bw, "related: %s\n", strings.Join(rel, " "))
		}
		for _, b := range s.Blocks {
			fmt.Fprintf(bw, "  %d-%d %s", b.FirstLine, b.LastLine, b.Kind)
			if b.Speaker != "" {
				fmt.Fprintf(bw, " [%s]", b.Speaker)
			}
			fmt.Fprintf(bw, ": %s\n", b.Text)
		}
	}
	return bw.Flush()
}
