package render

import (
	"encoding/binary"
	"fmt"
	"html/template"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"digest/internal/byteset"
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
	out outBuf
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
func writeBlocks(b *outBuf, blocks []story.Block) {
	esc := func(s string) { writeCurled(b, s) }
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
			b.WriteString(`<blockquote class="quote" id="`)
			b.WriteString(site.QuoteAnchor(i))
			b.WriteString(`"><p>`)
			esc(bl.Text)
			b.WriteString("</p>")
			if bl.Speaker != "" {
				b.WriteString(`<footer>— <cite>`)
				esc(bl.Speaker)
				b.WriteString("</cite></footer>")
			}
			b.WriteString("</blockquote>\n")
		case story.Dateline, story.Byline:
			b.WriteString(`<p class="`)
			b.WriteString(string(bl.Kind))
			b.WriteString(`">`)
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
func plain(s string, n int) string { return cutLine(oneLine(s), n) }

// oneLine is s with its white space folded as plain folds it.
func oneLine(s string) string {
	if needsSpaceFolding(s) {
		return foldSpace(s)
	}
	return s
}

// cutLine is plain(s, n) for s that oneLine has folded: a story page cuts
// its summary twice.
func cutLine(s string, n int) string {
	if len(s) <= n { // n bytes hold at most n characters
		return s
	}
	// i goes from character start to character start, n counting down
	// the characters left: a word of ASCII is eight of them, and
	// anything else goes as range would, an invalid byte as one.
	i := 0
	for n > 0 && i < len(s) {
		if n >= 8 && i+8 <= len(s) && load64(s[i:])&msb == 0 {
			i, n = i+8, n-8
			continue
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n--
	}
	cut := s[:i]
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
	// Any other byte of spaceByte, or two spaces in a row, eight bytes at
	// a time: one pass, where a search for "  " first made two.
	i := 0
	var carry uint64 // 0x80 when the word before ended in a space
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i:])
		sp := spaces(x)
		if sp&(sp<<8|carry) != 0 {
			return true
		}
		carry = sp >> 56
		if x&msb == 0 { // ASCII, nearly always: no 0x85 or 0xA0
			if ctrlSpaces(x) != 0 {
				return true
			}
		} else if ctrlSpaces(x)|hasByte(x, 0x85)|hasByte(x, 0xA0) != 0 {
			return true
		}
	}
	for ; i < len(s); i++ { // s[0] is no space: a space has a byte before
		if c := s[i]; spaceByte[c] && (c != ' ' || s[i-1] == ' ') {
			return true
		}
	}
	return false
}

// Bytes eight at a time in a word, after "Bit Twiddling Hacks": each of
// these marks some bytes of x with their high bit.
const lsb, msb = 0x0101010101010101, 0x8080808080808080

// load64 is the first eight bytes of s, little-endian.
func load64(s string) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
}

// ctrlSpaces marks exactly the bytes '\t' to '\r'.
func ctrlSpaces(x uint64) uint64 {
	y := x &^ msb
	return ((127+'\r'+1)*lsb - y) &^ x & (y + (127-'\t'+1)*lsb) & msb
}

// spaces marks exactly the bytes ' ' of x.
func spaces(x uint64) uint64 {
	const low7 = lsb * 0x7F
	y := x ^ ' '*lsb
	return ^((y&low7 + low7) | y) & msb
}

// hasByte is nonzero when a byte of x is c; only the lowest mark is sure
// to be one.
func hasByte(x uint64, c byte) uint64 {
	y := x ^ lsb*uint64(c)
	return (y - lsb) &^ y & msb
}

// foldSpace is strings.Join(strings.Fields(s), " ") in one pass and one
// allocation: many summaries end in a space or break a line, and the
// slice of words was most of an excerpt's time.
func foldSpace(s string) string {
	if t, ok := trimmedSpace(s); ok {
		return t
	}
	b := make([]byte, 0, len(s))
	word := -1 // where the current word started, or -1 in white space
	for i := 0; i < len(s); {
		c := s[i]
		n := 1
		isSpace := spaceByte[c]
		if c >= utf8.RuneSelf {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		switch {
		case isSpace && word >= 0: // a word ends: copied whole
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, s[word:i]...)
			word = -1
		case !isSpace && word < 0:
			word = i
		}
		i += n
	}
	if word >= 0 {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, s[word:]...)
	}
	return string(b)
}

// trimmedSpace returns foldSpace(s) when that is s without its ASCII
// white space at either end, as it mostly is (a summary ending in a space
// or a newline), and whether it is: a substring, without a copy.
func trimmedSpace(s string) (string, bool) {
	a, z := 0, len(s)
	for a < z && s[a] < utf8.RuneSelf && spaceByte[s[a]] {
		a++
	}
	for z > a && s[z-1] < utf8.RuneSelf && spaceByte[s[z-1]] {
		z--
	}
	t := s[a:z]
	if strings.Contains(t, "  ") {
		return "", false
	}
	// Then no white space but single ' ': stepped through as foldSpace
	// does, ASCII bytes eight at a time, invalid bytes one by one.
	for i := 0; i < len(t); {
		for ; i+8 <= len(t); i += 8 {
			x := load64(t[i:])
			if m := ctrlSpaces(x) | x&msb; m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
		}
		if i == len(t) {
			break
		}
		c := t[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) && c != ' ' {
				return "", false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		if unicode.IsSpace(r) {
			return "", false
		}
		i += n
	}
	return t, true
}

// spaceByte marks the bytes needsSpaceFolding looks at: ASCII white
// space, and 0x85 and 0xA0, which unicode.IsSpace takes for white space
// when a byte is read as a rune (they end NEL and NBSP in UTF-8).
var spaceByte = func() (t [256]bool) {
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
	if !utf8.ValidString(s) {
		return curlRunes(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\'' {
			b.WriteString(s[written:i])
			b.WriteString(curlyQuote(s, i))
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

// writeCurled writes curl(s) escaped with textEscaper to b, without
// making the curled string: it was most of a raw-text body's time.
func writeCurled(b *outBuf, s string) {
	var sc byteScan
	long := len(s) >= minScan
	if long {
		sc.init(s, curledChars)
	}
	// curl goes rune by rune through invalid UTF-8 when it has quotes to
	// curl; without, it changes nothing. A long string's scan knows.
	if (!long || sc.has('"') || sc.has('\'')) && !utf8.ValidString(s) {
		textEscaper.write(b, curl(s))
		return
	}
	// One scan for the quotes and the bytes textEscaper replaces, which
	// never include a quote once it is curled.
	written := 0
	write := func(i int) {
		b.WriteString(s[written:i])
		if c := s[i]; c == '"' || c == '\'' {
			b.WriteString(curlyQuote(s, i))
		} else {
			b.WriteString(textEscaper.table[c])
		}
		written = i + 1
	}
	if long {
		for i := sc.find(); i < len(s); i = sc.find() {
			write(i)
		}
	} else {
		for i := curledSet.Index(s, 0); i < len(s); i = curledSet.Index(s, i+1) {
			write(i)
		}
	}
	b.WriteString(s[written:])
}

// curledChars are the bytes writeCurled changes.
const curledChars = "\"'&<>\x00"

var curledSet = func() (t byteset.Set) {
	for _, c := range []byte(curledChars) {
		t[c] = 1
	}
	return t
}()

// curlyQuote is the typographic quotation mark for the straight one at
// s[i], in valid UTF-8, where a quote byte is always a whole rune.
func curlyQuote(s string, i int) string {
	prev := ' '
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	opening := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/", prev)
	switch {
	case s[i] == '"' && opening:
		return "“"
	case s[i] == '"':
		return "”"
	case opening:
		return "‘"
	}
	return "’"
}

// curlRunes is curl rune by rune, for invalid UTF-8: ranging over the
// string turns each bad byte into U+FFFD, and so must curl.
func curlRunes(s string) string {
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
