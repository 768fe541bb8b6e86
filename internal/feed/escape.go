package feed

import (
	"strings"
	"unicode/utf8"

	"digest/internal/byteset"
)

// stopText and stopAttr mark the bytes that are not copied as they are in
// text and in attribute values; stopClean those clean looks at. Bytes >=
// 0x80 are always marked: they go through UTF-8 checking.
var stopText, stopAttr, stopClean = func() (text, attr, cl byteset.Set) {
	for c := range 256 {
		text[c], attr[c], cl[c] = 1, 1, 1
	}
	for c := 0x20; c < utf8.RuneSelf; c++ {
		text[c], attr[c], cl[c] = 0, 0, 0
	}
	text['\t'], text['\n'] = 0, 0
	cl['\t'], cl['\n'], cl['\r'] = 0, 0, 0
	for _, c := range "<>&" {
		text[c], attr[c] = 1, 1
	}
	attr['"'], attr['\''] = 1, 1
	return text, attr, cl
}()

// xmlChar reports whether r may appear in an XML 1.0 document
// (production [2] Char). Everything else is dropped, since no escape can
// make it well-formed.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// appendEscaped appends s to b as XML character data (attr: attribute value in
// double quotes). It escapes markup characters; writes CR as &#xD; (and
// in attributes also TAB/LF) so parsers' newline and attribute
// normalization cannot change the text; drops characters XML 1.0 forbids
// (NUL, other C0 controls, U+FFFE, U+FFFF); and replaces invalid UTF-8
// with U+FFFD. Quotes are only escaped in attributes, where they matter,
// to keep HTML content compact. Runs of safe bytes are copied in one
// append.
func appendEscaped(b []byte, s string, attr bool) []byte {
	stop := &stopText
	if attr {
		stop = &stopAttr
	}
	last := 0
	for i := 0; i < len(s); {
		if i = stop.Index(s, i); i == len(s) {
			break
		}
		c := s[i]
		var esc string
		n := 1
		switch c {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;" // also defuses "]]>"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		case '\r':
			esc = "&#xD;"
		case '\n':
			esc = "&#xA;"
		case '\t':
			esc = "&#x9;"
		default:
			if c >= utf8.RuneSelf {
				var r rune
				r, n = utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					esc = "\uFFFD"
				} else if xmlChar(r) {
					i += n // valid: stays part of the current run
					continue
				}
			}
			// else a C0 control, U+FFFE or U+FFFF: dropped
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += n
		last = i
	}
	return append(b, s[last:]...)
}

// clean returns s as it reads back from the XML writers: invalid UTF-8
// replaced and non-XML characters dropped. JSON uses it too so that all
// three formats carry the same text. It does not allocate when s is
// already clean, the common case.
func clean(s string) string {
	for i := 0; i < len(s); {
		if i = stopClean.Index(s, i); i == len(s) {
			break
		}
		if c := s[i]; c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !(r == utf8.RuneError && n == 1) && xmlChar(r) {
				i += n
				continue
			}
		}
		return cleanSlow(s)
	}
	return s
}

func cleanSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case xmlChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
