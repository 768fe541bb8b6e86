package render

import (
	"bytes"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"digest/internal/byteset"
)

// plainProse renders Markdown that is nothing but paragraphs of prose and
// ATX headings, byte for byte as the site's goldmark converter does
// (typographer, heading IDs), without building a syntax tree: most news
// copy is plain paragraphs, and the tree cost two thirds of a story page's
// Markdown time. For anything else — emphasis, links, code, HTML, lists,
// quotes, tables, entities, escapes, indentation, hard breaks, tabs,
// carriage returns, invalid UTF-8 — it writes nothing and returns false,
// and the caller uses goldmark. FuzzPlainProse holds the two to the same
// output.
func plainProse(w *outBuf, src []byte) bool {
	if !proseBytes(src) {
		return false
	}
	// Each line is checked as it is read, not in a pass of its own: a
	// body nearly always passes, and one that does not is cut off.
	mark := w.Len()
	ids := map[string]int{} // heading IDs given so far, and the last suffix of each
	// Quotes left open stay open for the rest of the document: goldmark's
	// typographer means to forget them at the end of a block, but its
	// CloseBlock does not match the interface that would be called.
	var open quoteCounts
	// end is where the line at start ends: a paragraph's loop finds the
	// end of the line after it, and passes it on rather than find it
	// again.
	end := -1
	var lines [][2]int // a paragraph's, reused
	for start := 0; start < len(src); {
		if end < start {
			end = lineEnd(src, start)
		}
		if end == start { // a blank line
			start = end + 1
			continue
		}
		if !proseLine(src[start:end]) {
			w.Truncate(mark)
			return false
		}
		if src[start] == '#' {
			level := bytes.IndexByte(src[start:end], ' ')
			text := src[start+level+1 : end]
			w.WriteString("<h")
			w.WriteByte("0123456"[level])
			w.WriteString(` id="`)
			w.WriteString(headingID(ids, text))
			w.WriteString(`">`)
			inlineProse(w, src, start+level+1, [][2]int{{start + level + 1, end}}, &open)
			w.WriteString("</h")
			w.WriteByte("0123456"[level])
			w.WriteString(">\n")
			start = end + 1
			continue
		}
		// A paragraph: lines up to a blank line or a heading.
		lines = lines[:0]
		for {
			lines = append(lines, [2]int{start, end})
			start = end + 1
			if start >= len(src) {
				break
			}
			end = lineEnd(src, start)
			if end == start || src[start] == '#' {
				break
			}
			if !proseLine(src[start:end]) {
				w.Truncate(mark)
				return false
			}
		}
		w.WriteString("<p>")
		inlineProse(w, src, lines[0][0], lines, &open)
		w.WriteString("</p>\n")
	}
	return true
}

// lineEnd is the index of the newline ending the line at start, or
// len(src).
func lineEnd(src []byte, start int) int {
	if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
		return start + i
	}
	return len(src)
}

// proseBytes reports whether src is valid UTF-8 without a byte of
// proseStop, as plainProse needs. Which has no '\n', so no line holds one:
// proseStopPairs checks two bytes a lookup.
func proseBytes(src []byte) bool {
	return utf8.Valid(src) && proseStopPairs().Index(src, 0) == len(src)
}

// proseLine reports whether a line that is not blank, of src that
// proseBytes accepts, is one that plainProse renders.
func proseLine(line []byte) bool {
	switch c := line[0]; {
	case c == ' ' || c == '=' || c == '-' || c == '+' || c == ':':
		return false // indented code, setext underline, list item, thematic break, table
	case c == '#':
		// "# " to "###### " and some text not ending in '#'.
		n := 0
		for n < len(line) && line[n] == '#' {
			n++
		}
		if n > 6 || n+1 >= len(line) || line[n] != ' ' || line[n+1] == ' ' || line[len(line)-1] == '#' {
			return false
		}
	case '0' <= c && c <= '9':
		n := 0
		for n < len(line) && '0' <= line[n] && line[n] <= '9' {
			n++
		}
		if n < len(line) && (line[n] == '.' || line[n] == ')') {
			return false // an ordered list item, maybe
		}
	}
	// A hard break, or trailing space goldmark trims.
	return line[len(line)-1] != ' '
}

// proseStop are the bytes that may start Markdown syntax other than
// paragraphs and headings, or that goldmark's writer treats specially.
var proseStop = func() (t byteset.Set) {
	for _, c := range []byte("*_`[]<>!\\&|~\x7f") {
		t[c] = 1
	}
	for c := range byte(' ') {
		if c != '\n' { // control characters: tabs, carriage returns, NUL, …
			t[c] = 1
		}
	}
	return t
}()

// proseStopPairs is proseStop for the whole of a body, made when first
// needed: it is 64 KiB.
var proseStopPairs = sync.OnceValue(proseStop.Pairs)

// headingID is goldmark's automatic heading ID for text: ASCII letters and
// digits lowercased, spaces, '-' and '_' as '-', the rest dropped, and a
// numbered suffix when the ID is taken.
func headingID(ids map[string]int, text []byte) string {
	var b []byte
	for i := 0; i < len(text); {
		c := text[i]
		l := int(util.UTF8Len(c))
		i += max(l, 1)
		if l != 1 {
			continue
		}
		if util.IsAlphaNumeric(c) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		} else if util.IsSpace(c) || c == '-' || c == '_' {
			b = append(b, '-')
		}
	}
	id := string(b)
	if id == "" {
		id = "heading"
	}
	if _, taken := ids[id]; !taken {
		ids[id] = 0
		return id
	}
	for n := ids[id] + 1; ; n++ {
		next := id + "-" + strconv.Itoa(n)
		if _, taken := ids[next]; !taken {
			ids[next] = 0
			ids[id] = n
			return next
		}
	}
}

// inlineProse writes the text of one block, given as line spans of src
// (each line's newline is src[end]), with the typographer's substitutions.
// blockStart is where the block's text begins: the typographer sees a line
// break before it.
func inlineProse(w *outBuf, src []byte, blockStart int, lines [][2]int, open *quoteCounts) {
	for k, ln := range lines {
		// The typographer sees the rest of the line and its newline,
		// except on a block's last line, which goldmark trims.
		stop := ln[1]
		last := k == len(lines)-1
		if !last {
			stop++
		}
		line := src[:ln[1]]
		// next holds where each of typoSeqs is next in the line: going
		// from one to the next with IndexByte and Index beat looking at
		// every byte.
		var next [len(typoSeqs)]int
		for j := range next {
			next[j] = indexFrom(line, ln[0], typoSeqs[j])
		}
		text := ln[0]
		// Every '"' of the line comes up as a match of typoSeqs: the
		// text written as it is need only be escaped when one since
		// text was left as it is (rarely, as most become curly quotes).
		quoted := false
		for {
			j := 0
			for m := 1; m < len(next); m++ {
				if next[m] < next[j] {
					j = m
				}
			}
			i := next[j]
			if i == len(line) {
				break
			}
			next[j] = indexFrom(line, i+1, typoSeqs[j])
			before := '\n'
			if i > blockStart {
				before = runeBefore(src, i)
			}
			sub, n := typography(src[i:stop], before, open)
			if n == 0 {
				quoted = quoted || src[i] == '"'
				continue
			}
			writeProse(w, src[text:i], quoted)
			quoted = false
			w.WriteString(sub)
			text = i + n
			for m := range next {
				if next[m] < text {
					next[m] = indexFrom(line, text, typoSeqs[m])
				}
			}
		}
		writeProse(w, src[text:ln[1]], quoted)
		if !last {
			w.WriteByte('\n')
		}
	}
}

// typoSeqs start what the typographer may replace: a dot or a dash only
// as "...", "--" or "---", and most are sentence ends and hyphens, not
// worth a look. Each lies within its line, as a newline ends the line.
var typoSeqs = [...][]byte{[]byte(`'`), []byte(`"`), []byte("--"), []byte("...")}

// indexFrom is the index of the first seq in b from from on, or len(b).
func indexFrom(b []byte, from int, seq []byte) int {
	if i := bytes.Index(b[from:], seq); i >= 0 {
		return from + i
	}
	return len(b)
}

// writeProse writes text, escaped if quoted says it may hold a '"'.
func writeProse(w *outBuf, text []byte, quoted bool) {
	if quoted {
		escapeProse(w, text)
	} else {
		w.Write(text)
	}
}

// escapeProse writes text as goldmark's writer does: of the characters it
// escapes, only '"' can be in prose.
func escapeProse(w *outBuf, text []byte) {
	for {
		i := bytes.IndexByte(text, '"')
		if i < 0 {
			w.Write(text)
			return
		}
		w.Write(text[:i])
		w.WriteString("&quot;")
		text = text[i+1:]
	}
}

// runeBefore is the rune that ends just before src[i], as goldmark's
// reader finds it.
func runeBefore(src []byte, i int) rune {
	j := i - 1
	for ; j >= 0; j-- {
		if utf8.RuneStart(src[j]) {
			break
		}
	}
	if j < 0 {
		return '\n'
	}
	r, _ := utf8.DecodeRune(src[j:])
	return r
}

// quoteCounts are the quotes opened and not yet closed in a block.
type quoteCounts struct{ single, double int }

// typography is goldmark's typographer (extension/typographer.go) for the
// characters prose can hold: line is the rest of the line from the
// character, before the character preceding it. It returns the
// substitution and how many bytes it replaces, or 0 for none.
func typography(line []byte, before rune, open *quoteCounts) (string, int) {
	c := line[0]
	if len(line) > 2 {
		if c == '-' {
			if line[1] == '-' && line[2] == '-' {
				return "&mdash;", 3
			}
		} else if c == '.' {
			if line[1] == '.' && line[2] == '.' {
				return "&hellip;", 3
			}
			return "", 0
		}
	}
	if len(line) > 1 && c == '-' && line[1] == '-' {
		return "&ndash;", 2
	}
	if c != '\'' && c != '"' {
		return "", 0
	}
	canOpen, canClose := flanking(line, before)
	if c == '\'' {
		if canOpen && !canClose && len(line) > 3 &&
			util.IsNumeric(line[1]) && util.IsNumeric(line[2]) && line[3] == 's' {
			after := ' '
			if len(line) > 4 {
				after = util.ToRune(line, 4)
			}
			if len(line) == 3 || util.IsSpaceRune(after) || util.IsPunctRune(after) {
				return "&rsquo;", 1
			}
		}
		if len(line) > 1 && (unicode.IsPunct(before) || unicode.IsSpace(before)) &&
			(line[1] == 't' || line[1] == 'e' || line[1] == 'n' || line[1] == 'l') {
			return "&rsquo;", 1
		}
		if len(line) > 1 && (unicode.IsDigit(before) || unicode.IsLetter(before)) &&
			unicode.IsLetter(util.ToRune(line, 1)) {
			return "&rsquo;", 1
		}
		if canOpen && !canClose {
			left := true
			if len(line) > 1 && (line[1] == 's' || line[1] == 'm' || line[1] == 't' || line[1] == 'd') &&
				(len(line) < 3 || util.IsPunct(line[2]) || util.IsSpace(line[2])) {
				left = false
			}
			if len(line) > 2 && ((line[1] == 'v' && line[2] == 'e') ||
				(line[1] == 'l' && line[2] == 'l') || (line[1] == 'r' && line[2] == 'e')) &&
				(len(line) < 4 || util.IsPunct(line[3]) || util.IsSpace(line[3])) {
				left = false
			}
			if left {
				open.single++
				return "&lsquo;", 1
			}
			return "&rsquo;", 1
		}
		// Goldmark's condition, precedence and all.
		if len(line) > 1 && unicode.IsSpace(util.ToRune(line, 0)) || unicode.IsPunct(util.ToRune(line, 0)) &&
			(len(line) > 2 && !unicode.IsDigit(util.ToRune(line, 1))) {
			return "&rsquo;", 1
		}
		if open.single > 0 {
			isClose := canClose && !canOpen
			maybeClose := canClose && canOpen && len(line) > 1 && unicode.IsPunct(util.ToRune(line, 1)) &&
				(len(line) == 2 || (len(line) > 2 && util.IsPunct(line[2]) || util.IsSpace(line[2])))
			if isClose || maybeClose {
				open.single--
				return "&rsquo;", 1
			}
		}
		return "", 0
	}
	if canOpen && !canClose {
		open.double++
		return "&ldquo;", 1
	}
	if open.double > 0 {
		isClose := canClose && !canOpen
		maybeClose := canClose && canOpen && len(line) > 1 && unicode.IsPunct(util.ToRune(line, 1)) &&
			(len(line) == 2 || (len(line) > 2 && util.IsPunct(line[2]) || util.IsSpace(line[2])))
		if isClose || maybeClose {
			if len(line) > 1 && line[1] == '"' && unicode.IsDigit(before) {
				return "", 0
			}
			open.double--
			return "&rdquo;", 1
		}
	}
	return "", 0
}

// flanking is goldmark's parser.ScanDelimiter for a run of quotes: whether
// the run starting line can open and close.
func flanking(line []byte, before rune) (canOpen, canClose bool) {
	j := 1
	for j < len(line) && line[j] == line[0] {
		j++
	}
	after := ' '
	if j != len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	canOpen = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	canClose = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	return canOpen, canClose
}
