package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"digest/internal/site"
	"digest/internal/story"
)

// The JSON shapes of "digest parse -format=json": a contract other tools
// score against, so field names never change.
type parseOutput struct {
	Stories []parsedStory `json:"stories"`
}

type parsedStory struct {
	File         string         `json:"file"`
	FirstLine    int            `json:"first_line"`
	LastLine     int            `json:"last_line"`
	Title        string         `json:"title"`
	HeadlineLine int            `json:"headline_line"`
	Slug         string         `json:"slug"`
	Date         string         `json:"date"`
	Lead         string         `json:"lead"`
	Summary      string         `json:"summary"`
	Blocks       []parsedBlock  `json:"blocks"`
	Entities     []parsedEntity `json:"entities"`
	Tags         []string       `json:"tags"`
	DuplicateOf  int            `json:"duplicate_of"`
	Related      []int          `json:"related"`
}

type parsedBlock struct {
	Kind      string `json:"kind"`
	FirstLine int    `json:"first_line"`
	LastLine  int    `json:"last_line"`
	Text      string `json:"text"`
	Speaker   string `json:"speaker,omitempty"`
}

type parsedEntity struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
}

func runParse(args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("parse", "parse [-format=json|text] FILE...", stderr)
	format := flags.String("format", "text", "output `format`: json or text")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if *format != "json" && *format != "text" {
		fmt.Fprintf(stderr, "digest parse: unknown format %q (want json or text)\n", *format)
		return errUsage
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return errUsage
	}
	var all []story.Story
	for _, name := range flags.Args() {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		stories, warns := story.Parse(name, src)
		for _, w := range warns {
			fmt.Fprintln(stderr, "warning:", w)
		}
		all = append(all, stories...)
	}
	cfg := site.DefaultConfig()
	labels := site.FindTags(&cfg, all, nil)
	for i := range all {
		for _, l := range labels[i] {
			all[i].Tags = append(all[i].Tags, l.Name)
		}
	}
	story.Link(all, nil)
	if *format == "text" {
		return writeStoriesText(stdout, all)
	}
	out := parseOutput{Stories: make([]parsedStory, 0, len(all))}
	for _, s := range all {
		out.Stories = append(out.Stories, toParsed(s))
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func toParsed(s story.Story) parsedStory {
	p := parsedStory{
		File: s.File, FirstLine: s.FirstLine, LastLine: s.LastLine,
		Title: s.Title, HeadlineLine: s.HeadlineLine,
		Slug: s.Slug, Lead: s.Lead, Summary: s.Summary,
		Blocks: []parsedBlock{}, Entities: []parsedEntity{}, Tags: []string{},
		DuplicateOf: s.DuplicateOf, Related: []int{},
	}
	if !s.Date.IsZero() {
		p.Date = s.Date.Format("2006-01-02T15:04:05Z07:00")
	}
	for _, b := range s.Blocks {
		p.Blocks = append(p.Blocks, parsedBlock{string(b.Kind), b.FirstLine, b.LastLine, b.Text, b.Speaker})
	}
	for _, e := range s.Entities {
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		p.Entities = append(p.Entities, parsedEntity{e.Name, string(e.Kind), aliases, e.Mentions})
	}
	p.Tags = append(p.Tags, s.Tags...)
	p.Related = append(p.Related, s.Related...)
	return p
}

// writeStoriesText prints a dump for people: a story a paragraph, each block
// with its line range and kind.
func writeStoriesText(w io.Writer, stories []story.Story) error {
	var b strings.Builder
	for i, s := range stories {
		fmt.Fprintf(&b, "story %d  %s:%d-%d", i, s.File, s.FirstLine, s.LastLine)
		if s.DuplicateOf >= 0 {
			fmt.Fprintf(&b, "  duplicate of %d", s.DuplicateOf)
		}
		if len(s.Related) > 0 {
			fmt.Fprintf(&b, "  related %v", s.Related)
		}
		b.WriteString("\n")
		hl := "written"
		if s.HeadlineLine > 0 {
			hl = fmt.Sprintf("line %d", s.HeadlineLine)
		}
		fmt.Fprintf(&b, "  title (%s): %s\n", hl, s.Title)
		for _, bl := range s.Blocks {
			fmt.Fprintf(&b, "  %4d-%-4d %-10s %s", bl.FirstLine, bl.LastLine, bl.Kind, clip(bl.Text, 100))
			if bl.Speaker != "" {
				fmt.Fprintf(&b, "  [%s]", bl.Speaker)
			}
			b.WriteString("\n")
		}
		for _, e := range s.Entities {
			fmt.Fprintf(&b, "  entity %-12s %s %v x%d\n", e.Kind, e.Name, e.Aliases, e.Mentions)
		}
		if len(s.Tags) > 0 {
			fmt.Fprintf(&b, "  tags %s\n", strings.Join(s.Tags, ", "))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
