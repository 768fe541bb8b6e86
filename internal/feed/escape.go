package feed

import (
	"strings"
	"unicode/utf8"
)

// stopText and stopAttr mark the bytes that are not copied as they are in
// text and in attribute values; stopClean those clean looks at. Bytes >=
// 0x80 are always marked: they go through UTF-8 checking.
var stopText, stopAttr, stopClean = func() (text, attr, cl byteSet) {
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

// A byteSet marks bytes with 1, and the others with 0.
type byteSet [256]uint8

// skipPlain is the index of the first byte of s from i on that t marks,
// or len(s): sixteen or eight bytes for each branch, where a byte at a
// time took one each. Feeds escape every title and summary of the site
// three times over.
func skipPlain(s string, i int, t *byteSet) int {
	for ; i+16 <= len(s); i += 16 {
		w := s[i : i+16]
		if t[w[0]]|t[w[1]]|t[w[2]]|t[w[3]]|t[w[4]]|t[w[5]]|t[w[6]]|t[w[7]]|
			t[w[8]]|t[w[9]]|t[w[10]]|t[w[11]]|t[w[12]]|t[w[13]]|t[w[14]]|t[w[15]] != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		if t[w[0]]|t[w[1]]|t[w[2]]|t[w[3]]|t[w[4]]|t[w[5]]|t[w[6]]|t[w[7]] != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if t[s[i]] != 0 {
			return i
		}
	}
	return i
}

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
		if i = skipPlain(s, i, stop); i == len(s) {
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
		if i = skipPlain(s, i, &stopClean); i == len(s) {
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
