package content

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// quickFrontMatter reads the front matter nearly every story has without
// the YAML parser, which costs most of reading a story: "key: value"
// lines at the margin whose values are one-line scalars (plain, "double"
// or 'single' quoted), lists of them, written [a, "b"] or as "- a" lines
// under the key, or "double" quoted scalars run on over lines (3% of the
// stories of a corpus converted from feeds, and then a fifth of the time
// spent on front matter). It returns the node tree yaml.Unmarshal would
// give, and false for any other input, which is then left to the YAML
// parser (and its error messages). FuzzQuickFrontMatter holds the two to
// the same result; the rules here are narrower than YAML's to keep that
// easy.
//
// The nodes are q's, and valid until its next use: a reader reuses one
// parser from story to story, as the nodes are only read to fill in the
// story, and at 100,000 stories they were 230 MB allocated. Most values
// are fm's own bytes rather than copies: fm is a piece of the file's
// buffer, which nothing writes to and the story keeps anyway (see
// readMarkdown). Keys and plain scalars are left without a Tag, which
// YAML would resolve from the value (ShortTag does): nothing reads it
// but Decode, which resolves it itself, and resolving a date took most
// of the time spent on it.
func quickFrontMatter(q *quickParser, fm []byte) (*yaml.Node, bool) {
	if len(fm) == 0 || fm[len(fm)-1] != '\n' || !utf8.Valid(fm) {
		return nil, false
	}
	// A line is mostly a key and its value, a list holds an item more
	// than it has commas: the nodes nearly always fit in one block.
	lines, commas := bytes.Count(fm, []byte{'\n'}), bytes.Count(fm, []byte{','})
	if need := 2 + 2*lines + commas + 1; cap(q.nodes) < need {
		q.nodes = make([]yaml.Node, 0, need)
	} else {
		q.nodes = q.nodes[:0]
	}
	// The lists of nodes too: the document's, the mapping's and the flow
	// lists' (an item more than the commas of a line each).
	if need := 1 + 2*lines + commas + lines; cap(q.lists) < need {
		q.lists = make([]*yaml.Node, 0, need)
	} else {
		q.lists = q.lists[:0]
	}
	q.colLine = 0 // no line of this front matter
	doc := q.node(yaml.Node{Kind: yaml.DocumentNode})
	root := q.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: q.list(2 * lines)})
	doc.Content = append(q.list(1), root)
	keys := 0
	var key *yaml.Node // a key with nothing after it: a block list follows
	var list *yaml.Node
	listIndent := 0
	for n := 1; len(fm) > 0; n++ {
		end := bytes.IndexByte(fm, '\n')
		l := fm[:end]
		fm = fm[end+1:]
		if len(l) == 0 {
			continue
		}
		if l[0] == ' ' || l[0] == '-' {
			// An item of a block list: "- value", all items indented
			// alike.
			indent := 0
			for indent < len(l) && l[indent] == ' ' {
				indent++
			}
			if key == nil && list == nil || !bytes.HasPrefix(l[indent:], []byte("- ")) {
				return nil, false
			}
			if list == nil {
				list = q.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n, Column: indent + 1})
				root.Content = append(root.Content, list)
				listIndent, key = indent, nil
			} else if indent != listIndent {
				return nil, false
			}
			item, rest, ok := q.scalar(l, indent+2, n, false)
			if !ok || !blank(rest) {
				return nil, false
			}
			list.Content = append(list.Content, item)
			continue
		}
		if key != nil {
			return nil, false // a key without a value
		}
		list = nil
		k := 0
		for k < len(l) && k < 64 && isKeyByte(l[k]) {
			k++
		}
		if k == 0 || k == len(l) || l[k] != ':' {
			return nil, false
		}
		kn := q.node(yaml.Node{Kind: yaml.ScalarNode, Value: keyString(l[:k]), Line: n, Column: 1})
		root.Content = append(root.Content, kn)
		if keys++; keys == 1 {
			doc.Line, doc.Column = n, 1
			root.Line, root.Column = n, 1
		}
		if k+1 == len(l) {
			key = kn
			continue
		}
		if l[k+1] != ' ' {
			return nil, false
		}
		v := k + 1
		for v < len(l) && l[v] == ' ' {
			v++
		}
		var val *yaml.Node
		var rest []byte
		var ok bool
		switch {
		case v < len(l) && l[v] == '[':
			val, rest, ok = q.flowList(l, v, n)
		case v < len(l) && l[v] == '"' && bytes.IndexByte(l[v+1:], '"') < 0:
			var lines int
			val, rest, fm, lines, ok = q.foldedScalar(l, v, n, fm)
			n += lines
		default:
			val, rest, ok = q.scalar(l, v, n, false)
		}
		if !ok || !blank(rest) {
			return nil, false
		}
		root.Content = append(root.Content, val)
	}
	if keys == 0 || key != nil {
		return nil, false
	}
	return doc, true
}

// A quickParser hands out the nodes of one front matter from blocks of
// them.
type quickParser struct {
	nodes  []yaml.Node
	lists  []*yaml.Node // the Content of the nodes
	folded []byte       // foldedScalar's value
	// The last column counted: of byte colAt of line colLine.
	colLine, colAt, col int
}

// list returns an empty list of nodes with room for n, from q.lists
// while it has room; one that grows past n moves out.
func (q *quickParser) list(n int) []*yaml.Node {
	if len(q.lists)+n > cap(q.lists) {
		return make([]*yaml.Node, 0, n)
	}
	l := q.lists[len(q.lists) : len(q.lists) : len(q.lists)+n]
	q.lists = q.lists[:len(q.lists)+n]
	return l
}

func (q *quickParser) node(n yaml.Node) *yaml.Node {
	if len(q.nodes) == cap(q.nodes) {
		// A new block: the nodes handed out stay where they are.
		q.nodes = make([]yaml.Node, 0, 8)
	}
	q.nodes = append(q.nodes, n)
	return &q.nodes[len(q.nodes)-1]
}

// flowList reads a one-line flow list of scalars, "[a, 'b', "c"]", that
// starts at l[at], and returns what follows it.
func (q *quickParser) flowList(l []byte, at, line int) (*yaml.Node, []byte, bool) {
	seq := q.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: q.column(l, at, line)})
	i := skipSpaces(l, at+1)
	if i < len(l) && l[i] == ']' {
		return seq, l[i+1:], true
	}
	seq.Content = q.list(1 + bytes.Count(l[i:], []byte{','}))
	for {
		item, rest, ok := q.scalar(l, i, line, true)
		if !ok {
			return nil, nil, false
		}
		seq.Content = append(seq.Content, item)
		i = skipSpaces(l, len(l)-len(rest))
		if i == len(l) {
			return nil, nil, false
		}
		switch l[i] {
		case ']':
			return seq, l[i+1:], true
		case ',':
			if i = skipSpaces(l, i+1); i == len(l) || l[i] == ']' {
				return nil, nil, false // a trailing comma
			}
		default:
			return nil, nil, false
		}
	}
}

// scalar reads a scalar that starts at l[at] and returns what follows it.
// In a flow list (flow) a plain scalar ends at a comma or bracket.
func (q *quickParser) scalar(l []byte, at, line int, flow bool) (*yaml.Node, []byte, bool) {
	if at >= len(l) {
		return nil, nil, false
	}
	n := yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: q.column(l, at, line)}
	var rest []byte
	switch c := l[at]; {
	case c == '"':
		// Double quoted, without escapes.
		end := bytes.IndexByte(l[at+1:], '"')
		if end < 0 {
			return nil, nil, false
		}
		s := l[at+1 : at+1+end]
		if bytes.IndexByte(s, '\\') >= 0 || !plainChars(s) {
			return nil, nil, false
		}
		n.Style, n.Tag, n.Value = yaml.DoubleQuotedStyle, "!!str", aliasString(s)
		rest = l[at+2+end:]
	case c == '\'':
		// Single quoted: '' is a quote.
		i := at + 1
		quotes := 0
		for {
			end := bytes.IndexByte(l[i:], '\'')
			if end < 0 {
				return nil, nil, false
			}
			i += end + 1
			if i < len(l) && l[i] == '\'' {
				i++
				quotes++
				continue
			}
			break
		}
		s := l[at+1 : i-1]
		if !plainChars(s) {
			return nil, nil, false
		}
		n.Style, n.Tag = yaml.SingleQuotedStyle, "!!str"
		if quotes > 0 {
			n.Value = string(bytes.ReplaceAll(s, []byte("''"), []byte("'")))
		} else {
			n.Value = aliasString(s)
		}
		rest = l[i:]
	case isIndicator(c):
		return nil, nil, false
	default:
		end := len(l)
		if flow {
			if k := bytes.IndexAny(l[at:], ",[]{}"); k >= 0 {
				end = at + k
			}
		}
		s := bytes.TrimRight(l[at:end], " ")
		// Where a plain scalar could end or hold a comment, YAML has
		// more rules than are worth repeating here.
		if len(s) == 0 || !plainChars(s) || s[len(s)-1] == ':' || bytes.Contains(s, []byte(": ")) || bytes.Contains(s, []byte(" #")) ||
			flow && bytes.ContainsAny(s, ":#?") {
			return nil, nil, false
		}
		n.Value = aliasString(s)
		rest = l[at+len(s):]
	}
	return q.node(n), rest, true
}

// foldedScalar reads a double-quoted scalar that starts at l[at], line
// line, and closes on one of the lines of more that follow: a title run
// on over lines, as a converter may write it, which YAML folds into one
// line. It returns what follows the scalar on its last line, the lines of
// more after that one and how many lines it took from more. Each line
// break folds, with the spaces around it, into a space; blank lines
// (which YAML keeps as line breaks) and lines that open with a document
// marker (which end the document) are left to the YAML parser.
func (q *quickParser) foldedScalar(l []byte, at, line int, more []byte) (*yaml.Node, []byte, []byte, int, bool) {
	n := yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Line: line, Column: q.column(l, at, line)}
	v := q.folded[:0]
	piece, rest := bytes.TrimRight(l[at+1:], " "), []byte(nil)
	for lines := 0; ; lines++ {
		if len(piece) == 0 || bytes.IndexByte(piece, '\\') >= 0 || !plainChars(piece) {
			return nil, nil, nil, 0, false
		}
		if lines > 0 {
			v = append(v, ' ')
		}
		v = append(v, piece...)
		if rest != nil {
			n.Value, q.folded = string(v), v
			return q.node(n), rest, more, lines, true
		}
		end := bytes.IndexByte(more, '\n')
		if end < 0 || bytes.HasPrefix(more, []byte("---")) || bytes.HasPrefix(more, []byte("...")) {
			return nil, nil, nil, 0, false
		}
		l, more = more[:end], more[end+1:]
		l = l[skipSpaces(l, 0):]
		if end := bytes.IndexByte(l, '"'); end >= 0 {
			piece, rest = l[:end], l[end+1:]
		} else {
			piece = bytes.TrimRight(l, " ")
		}
	}
}

// plainChars reports whether s holds only characters that are nothing but
// themselves to YAML on one line: no tabs or other control characters, no
// line or paragraph separators (U+0085, U+2028, U+2029), no byte order
// mark and no noncharacters.
func plainChars(s []byte) bool {
	for i := 0; i < len(s); i++ {
		// Most of a value is printable ASCII: eight bytes at a time.
		for i+8 <= len(s) && printable8(binary.LittleEndian.Uint64(s[i:])) {
			i += 8
		}
		if i == len(s) {
			break
		}
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

// printable8 reports whether the eight bytes of w are all printable ASCII,
// 0x20 to 0x7E: w-0x20 borrows at the lowest byte below 0x20, w+1 carries
// into the top bit of 0x7F, and w has it set in bytes from 0x80.
func printable8(w uint64) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	return ((w-0x20*ones)&^w|w|(w+ones))&high == 0
}

// isIndicator reports whether a plain scalar cannot start with c.
func isIndicator(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return true
	}
	return false
}

// aliasString is b as a string without a copy: b must never change.
func aliasString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// keyString is string(k), without a copy for the keys stories have.
func keyString(k []byte) string {
	switch string(k) { // compared in place
	case "title":
		return "title"
	case "date":
		return "date"
	case "tags":
		return "tags"
	case "summary":
		return "summary"
	case "author":
		return "author"
	case "source":
		return "source"
	case "slug":
		return "slug"
	case "draft":
		return "draft"
	}
	return string(k)
}

func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// column is the 1-based column of l[at], line line of the front matter,
// counted in characters as YAML counts them. The items of a flow list ask
// for columns further along one line: the count goes on from the last one
// rather than from the margin. at is always just after an ASCII byte, so a
// character's start, and the counts of the pieces add up.
func (q *quickParser) column(l []byte, at, line int) int {
	if line != q.colLine || at < q.colAt {
		q.colLine, q.colAt, q.col = line, 0, 1
	}
	q.col += utf8.RuneCount(l[q.colAt:at])
	q.colAt = at
	return q.col
}

func skipSpaces(l []byte, i int) int {
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return i
}

func blank(s []byte) bool { return len(bytes.TrimLeft(s, " ")) == 0 }
