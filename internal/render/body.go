package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"digest/internal/site"
	"digest/internal/story"
)

// newMarkdown returns the Markdown converter: GitHub's tables,
// strikethrough and task lists, footnotes, typographer and heading IDs.
// Raw HTML is shown as text unless unsafe is set. GFM's linkify is left
// out: it was a quarter of Markdown's time and stories link explicitly.
func newMarkdown(unsafe bool) goldmark.Markdown {
	var opts []renderer.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	} else {
		opts = append(opts, renderer.WithNodeRenderers(util.Prioritized(escapeRawHTML{}, 100)))
	}
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(opts...),
	)
}

// escapeRawHTML renders raw HTML in Markdown as visible text: a story's
// author sees their markup was not applied, and no script gets through.
type escapeRawHTML struct{}

func (escapeRawHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				template.HTMLEscape(w, seg.Value(src))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			b := n.(*ast.HTMLBlock)
			w.WriteString("<p>")
			lines := b.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				template.HTMLEscape(w, seg.Value(src))
			}
			if b.HasClosure() {
				template.HTMLEscape(w, b.ClosureLine.Value(src))
			}
			w.WriteString("</p>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

// A bodyBuf holds a body's Markdown as bytes, as goldmark wants it, and
// its HTML while it is written. Buffers made for each story were a fifth
// of a body's time.
type bodyBuf struct {
	src []byte
	out bytes.Buffer
}

var bodyPool = sync.Pool{New: func() any { return new(bodyBuf) }}

// free returns bb to the pool, unless one giant story grew it.
func (bb *bodyBuf) free() {
	if cap(bb.src) <= 1<<20 && bb.out.Cap() <= 1<<20 {
		bodyPool.Put(bb)
	}
}

// body renders a story's body to HTML.
func (r *siteRenderer) body(s *site.Story) (template.HTML, error) {
	bb, html, err := r.renderBody(s)
	if err != nil {
		return "", err
	}
	defer bb.free()
	return template.HTML(html), nil
}

// renderBody renders a story's body to HTML in a pooled buffer: html is
// only valid until bb is freed.
func (r *siteRenderer) renderBody(s *site.Story) (bb *bodyBuf, html []byte, err error) {
	bb = bodyPool.Get().(*bodyBuf)
	b := &bb.out
	b.Reset()
	if s.Markdown == "" {
		writeBlocks(b, s.Blocks)
		return bb, b.Bytes(), nil
	}
	// HTML runs a little longer than its Markdown: one allocation at
	// most where growing the buffer took several copies.
	b.Grow(len(s.Markdown) + len(s.Markdown)/8 + 64)
	bb.src = append(bb.src[:0], s.Markdown...)
	if !plainProse(b, bb.src) {
		if err := r.md.Convert(bb.src, b); err != nil {
			bb.free()
			return nil, nil, fmt.Errorf("%s:%d: rendering the body: %w", s.File, s.FirstLine, err)
		}
	}
	return bb, r.sanitize(b.Bytes()), nil
}

// textEscaper writes what text/template's HTMLEscape does, without
// copying the string into a byte slice first.
var textEscaper = newReplacer([]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'<':  "&lt;",
	'>':  "&gt;",
})

// writeBlocks marks up a parsed story's blocks: subheadings as headings,
// captions as figure captions, quotes as block quotes citing the speaker.
func writeBlocks(b *bytes.Buffer, blocks []story.Block) {
	esc := func(s string) { textEscaper.write(b, curl(s)) }
	for i, bl := range blocks {
		switch bl.Kind {
		case story.Subheading:
			b.WriteString("<h2>")
			esc(bl.Text)
			b.WriteString("</h2>\n")
		case story.Caption:
			b.WriteString(`<figure class="caption"><figcaption>`)
			esc(bl.Text)
			b.WriteString("</figcaption></figure>\n")
		case story.Quote:
			b.WriteString(`<blockquote class="quote" id="` + site.QuoteAnchor(i) + `"><p>`)
			esc(bl.Text)
			b.WriteString("</p>")
			if bl.Speaker != "" {
				b.WriteString(`<footer>— <cite>`)
				esc(bl.Speaker)
				b.WriteString("</cite></footer>")
			}
			b.WriteString("</blockquote>\n")
		case story.Dateline, story.Byline:
			b.WriteString(`<p class="` + string(bl.Kind) + `">`)
			esc(bl.Text)
			b.WriteString("</p>\n")
		case story.Lead:
			b.WriteString(`<p class="lead">`)
			esc(bl.Text)
			b.WriteString("</p>\n")
		default:
			b.WriteString("<p>")
			esc(bl.Text)
			b.WriteString("</p>\n")
		}
	}
}

// plain turns text into one line of at most n characters, cut at a word
// with an ellipsis, for descriptions and excerpts.
func plain(s string, n int) string {
	if needsSpaceFolding(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) <= n { // n bytes hold at most n characters
		return s
	}
	cut := s
	for i := range s {
		if n == 0 {
			cut = s[:i]
			break
		}
		n--
	}
	if len(cut) == len(s) { // at most n characters
		return s
	}
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;:") + "…"
}

// needsSpaceFolding reports whether s has white space other than single
// spaces between words.
func needsSpaceFolding(s string) bool {
	if len(s) == 0 {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; foldSpace[c] && (c != ' ' || s[i-1] == ' ') {
			return true
		}
	}
	return foldSpace[s[0]]
}

// foldSpace marks the bytes needsSpaceFolding looks at: ASCII white
// space, and 0x85 and 0xA0, which unicode.IsSpace takes for white space
// when a byte is read as a rune (they end NEL and NBSP in UTF-8).
var foldSpace = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x80 && asciiSpace(byte(c)) || c >= 0x80 && unicode.IsSpace(rune(c))
	}
	return t
}()

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// curl turns straight quotation marks into typographic ones for display,
// as Markdown's typographer does: wires mix the two. An opening mark
// follows the start, a space or an opening bracket or dash; an apostrophe
// inside a word is a right single quote.
func curl(s string) string {
	if !strings.ContainsAny(s, "\"'") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := ' '
	for _, r := range s {
		opening := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/", prev)
		switch {
		case r == '"' && opening:
			b.WriteRune('“')
		case r == '"':
			b.WriteRune('”')
		case r == '\'' && opening:
			b.WriteRune('‘')
		case r == '\'':
			b.WriteRune('’')
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
