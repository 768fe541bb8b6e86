package content

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"

	"digest/internal/story"
)

// A SyntaxError is malformed input at a place in a file.
type SyntaxError struct {
	File      string
	Line, Col int // 1-based; Col 0 when unknown
	Msg       string
}

func (e *SyntaxError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// readMarkdown reads a Markdown story: YAML front matter between "---"
// lines, then the body. valid says src is known to be valid UTF-8.
func readMarkdown(name string, src []byte, valid bool, opts Options) (story.Story, []Warning, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	var warns []Warning
	// Neither cut changes whether src is valid: the byte order mark is a
	// whole character, and a CR dropped before LF joins no bytes into one.
	if !valid && !utf8.Valid(src) {
		src, warns = replaceInvalid(name, src)
	}
	s := story.Story{File: name, FirstLine: 1, DuplicateOf: -1}
	fm, body, bodyLine, err := splitFrontMatter(name, src)
	if err != nil {
		return s, warns, err
	}
	// One string holds the body: the page renders it, and the blocks the
	// tagger reads are pieces of it rather than copies. It is the file's
	// own buffer, not a copy: nothing writes to src, which fs.ReadFile
	// gave this function alone (ReadFileFS must return a copy). At 100,000
	// stories the copy was half a gigabyte allocated while the heap was
	// already near its budget.
	s.Markdown = unsafe.String(unsafe.SliceData(body), len(body))
	if s.Markdown == "" {
		s.Markdown = "\n" // still a Markdown story, though an empty one
	}
	if fm != nil {
		w, err := decodeFrontMatter(name, fm, &s, opts)
		warns = append(warns, w...)
		if err != nil {
			return s, warns, err
		}
	}
	if s.Date.IsZero() {
		if t, ok := datePrefix(name, opts.Location); ok {
			s.Date = t
		} else {
			warns = append(warns, Warning{File: name, Msg: "no date: add date: YYYY-MM-DD to the front matter or start the file name with one"})
		}
	}
	// The body runs to the end of the file, so its last line is the
	// file's; an empty one is read as "\n" and counts for nothing.
	var last int
	s.Blocks, last = markdownBlocks(s.Markdown, bodyLine)
	if len(body) == 0 {
		last = bytes.Count(src, []byte("\n")) + 1
	}
	s.LastLine = last
	if s.Title == "" {
		s.Title = firstHeading(s.Markdown)
	}
	if len(s.Blocks) > 0 {
		s.Lead = s.Blocks[0].Text
	}
	if strings.TrimSpace(s.Title) == "" {
		s.Title = titleFrom(s.Lead, name)
		warns = append(warns, Warning{File: name, Line: 1, Msg: fmt.Sprintf("no title: using %q; add title: to the front matter", s.Title)})
	}
	return s, warns, nil
}

// splitFrontMatter separates the YAML front matter from the body. It
// returns the 1-based line the body starts on.
func splitFrontMatter(name string, src []byte) (fm, body []byte, bodyLine int, err error) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		if bytes.Equal(bytes.TrimRight(src, " \t"), []byte("---")) {
			return nil, nil, 0, &SyntaxError{File: name, Line: 1, Col: 1, Msg: "front matter opened with --- is never closed: end it with a line of ---"}
		}
		return nil, src, 1, nil
	}
	rest := src[4:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if t := bytes.TrimRight(l, " \t"); bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
			if end < 0 {
				return rest[:off], nil, line + 1, nil
			}
			return rest[:off], rest[off+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, &SyntaxError{File: name, Line: 1, Col: 1, Msg: "front matter opened with --- is never closed: end it with a line of ---"}
}

var quickParsers = sync.Pool{New: func() any { return new(quickParser) }}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// decodeFrontMatter fills s from the front matter. Lines in errors are
// lines of the file: the front matter starts on line 2.
func decodeFrontMatter(name string, fm []byte, s *story.Story, opts Options) ([]Warning, error) {
	q := quickParsers.Get().(*quickParser)
	defer quickParsers.Put(q)
	doc, ok := quickFrontMatter(q, fm)
	if !ok {
		doc = new(yaml.Node)
		if err := yaml.Unmarshal(fm, doc); err != nil {
			line, msg := 1, err.Error()
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				if m[1] != "" {
					line, _ = strconv.Atoi(m[1])
				}
				msg = m[2]
			}
			return nil, &SyntaxError{File: name, Line: line + 1, Msg: "front matter: " + msg}
		}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &SyntaxError{File: name, Line: root.Line + 1, Col: root.Column, Msg: "front matter must be a mapping of key: value lines"}
	}
	var warns []Warning
	bad := func(n *yaml.Node, format string, args ...any) error {
		return &SyntaxError{File: name, Line: n.Line + 1, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
	}
	str := func(k, v *yaml.Node) (string, error) {
		if v.Kind != yaml.ScalarNode {
			return "", bad(v, "%s: want a single value", k.Value)
		}
		return v.Value, nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch strings.ToLower(k.Value) {
		case "title":
			s.Title, err = str(k, v)
		case "summary", "description":
			s.Summary, err = str(k, v)
		case "author":
			s.Author, err = str(k, v)
		case "slug":
			s.Slug, err = str(k, v)
		case "date":
			var d string
			if d, err = str(k, v); err == nil {
				if s.Date, err = parseDate(d, opts.Location); err != nil {
					err = bad(v, "%v", err)
				}
			}
		case "draft":
			if err = v.Decode(&s.Draft); err != nil {
				err = bad(v, "draft: want true or false, not %q", v.Value)
			}
		case "tags":
			switch v.Kind {
			case yaml.ScalarNode:
				s.Tags = splitList(v.Value)
			case yaml.SequenceNode:
				s.Tags = slices.Grow(s.Tags, len(v.Content))
				for _, t := range v.Content {
					if t.Kind != yaml.ScalarNode {
						return warns, bad(t, "tags: want a list of names")
					}
					if tag := strings.TrimSpace(t.Value); tag != "" {
						s.Tags = append(s.Tags, tag)
					}
				}
				if len(s.Tags) == 0 {
					s.Tags = nil // as when none was added
				}
			default:
				err = bad(v, "tags: want a list of names")
			}
		case "source":
			switch v.Kind {
			case yaml.ScalarNode:
				s.Source = v.Value
			case yaml.MappingNode:
				var src struct {
					Name string `yaml:"name"`
					URL  string `yaml:"url"`
				}
				if err = v.Decode(&src); err != nil {
					err = bad(v, "source: want name: and url:")
				}
				s.Source, s.SourceURL = src.Name, src.URL
			default:
				err = bad(v, "source: want a name, or name: and url:")
			}
		case "source_url":
			s.SourceURL, err = str(k, v)
		default:
			warns = append(warns, Warning{File: name, Line: k.Line + 1, Msg: fmt.Sprintf("unknown front matter key %q ignored (known: title, date, tags, summary, author, source, slug, draft)", k.Value)})
		}
		if err != nil {
			return warns, err
		}
	}
	return warns, nil
}

// splitList splits "a, b, c" into its items.
func splitList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// markdownBlocks splits a Markdown body into paragraph blocks of plain-ish
// text: the tagger and duplicate finder read these, the page renders the
// Markdown itself.
// It also returns the body's last line.
func markdownBlocks(body string, firstLine int) ([]story.Block, int) {
	// The blocks are gathered in a reused buffer and then copied to a
	// slice of just their size: cheaper than counting them first, and
	// no room is held that is never used.
	sc := blockScratches.Get().(*blockScratch)
	defer blockScratches.Put(sc)
	blocks, cur := sc.blocks[:0], sc.cur[:0] // cur: the lines of the block being read
	start := 0
	// A block that ends before the body's first markup byte is plain text
	// already: most bodies have none, and one search of the body is
	// cheaper than one of each block.
	plainTo, curEnd := firstMarkup(body), 0
	flush := func(end int) {
		if len(cur) > 0 {
			text := strings.Join(cur, " ")
			kind := story.Paragraph
			if strings.HasPrefix(text, "#") {
				kind = story.Subheading
				text = strings.TrimSpace(strings.TrimLeft(text, "#"))
			} else if strings.HasPrefix(text, ">") {
				kind = story.Quote
				text = strings.TrimSpace(strings.TrimLeft(text, "> "))
			}
			if curEnd > plainTo {
				text = plainMarkdown(text)
			}
			blocks = append(blocks, story.Block{Kind: kind, FirstLine: start, LastLine: end, Text: text})
			cur = cur[:0]
		}
	}
	n := firstLine
	for rest := body; ; n++ {
		l, after, more := strings.Cut(rest, "\n")
		rest = after
		if l = strings.TrimSpace(l); l == "" {
			flush(n - 1)
		} else {
			if len(cur) == 0 {
				start = n
			}
			cur = append(cur, l)
			curEnd = len(body) - len(rest)
			if l[0] == '#' {
				flush(n)
			}
		}
		if !more {
			break
		}
	}
	flush(n)
	sc.blocks, sc.cur = blocks, cur
	if len(blocks) == 0 {
		return nil, n
	}
	out := append([]story.Block(nil), blocks...)
	clear(blocks) // let go of the texts
	return out, n
}

// A blockScratch holds markdownBlocks' buffers from one story to the next.
type blockScratch struct {
	blocks []story.Block
	cur    []string
}

var blockScratches = sync.Pool{New: func() any { return new(blockScratch) }}

func firstHeading(body string) string {
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "# ") {
			return strings.TrimSpace(l[2:])
		}
	}
	return ""
}

// titleFrom makes a stand-in title of a story that has none: the first
// sentence of its lead, cut at a word to about 80 characters, or else the
// file's name.
func titleFrom(lead, file string) string {
	lead = strings.Join(strings.Fields(lead), " ")
	if i := strings.IndexAny(lead, ".!?"); i > 0 {
		lead = lead[:i]
	}
	if r := []rune(lead); len(r) > 80 {
		cut := string(r[:80])
		if i := strings.LastIndexByte(cut, ' '); i > 40 {
			cut = cut[:i]
		}
		lead = cut + "…"
	}
	if lead == "" {
		base := path.Base(file)
		lead = strings.TrimSuffix(base, path.Ext(base))
	}
	return lead
}

// plainMarkdown turns a paragraph of Markdown into the text a reader sees,
// near enough for leads, descriptions, tags and search: markup, HTML tags
// and link targets are dropped, link texts and image descriptions kept.
// Text without markup is returned as it is.
func plainMarkdown(s string) string {
	if !hasMarkup(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!<>", s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		case c == '*' || c == '`' || (c == '_' && (i == 0 || i+1 == len(s) || !isWordByte(s[i-1]) || !isWordByte(s[i+1]))):
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
		case c == ']' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '['):
			// Skip the link's target.
			end := byte(')')
			if s[i+1] == '[' {
				end = ']'
			}
			if j := strings.IndexByte(s[i+2:], end); j >= 0 {
				i += j + 2
			}
		case c == '[' || c == ']':
		case c == '<' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!'):
			if j := strings.IndexByte(s[i:], '>'); j >= 0 {
				i += j
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// hasMarkup is strings.ContainsAny(s, markup): a vectorised search for
// each byte is much faster than one pass that tests every byte of s.
func hasMarkup(s string) bool {
	for i := 0; i < len(markup); i++ {
		if strings.IndexByte(s, markup[i]) >= 0 {
			return true
		}
	}
	return false
}

// firstMarkup is the index of the first byte of s in markup, or len(s).
func firstMarkup(s string) int {
	end := len(s)
	for i := 0; i < len(markup); i++ {
		if j := strings.IndexByte(s[:end], markup[i]); j >= 0 {
			end = j
		}
	}
	return end
}

// markup holds the bytes plainMarkdown acts on.
const markup = "*_`[]<>!\\"

func isWordByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' || c >= 0x80 }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
